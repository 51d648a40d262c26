"""`python -m paperstudy` runs the command line."""

from paperstudy.cli import main

main()
