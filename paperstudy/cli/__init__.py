"""The ``paperstudy`` command line: thin typer commands over the library.

Each command group lives in its own module and registers itself on ``app`` when imported below.
Heavy libraries (PyMuPDF, sentence-transformers) are imported inside commands, never at start-up.
"""

from __future__ import annotations

import typer

app = typer.Typer(
    name="paperstudy",
    help="Turn research papers into interview preparation: find, parse, index and quiz yourself.",
    no_args_is_help=True,
    add_completion=True,  # --install-completion / --show-completion; ids complete from the library
    pretty_exceptions_enable=False,
)

# Command groups (import order is the order in --help).
# isort: off
from paperstudy.cli import library as _library  # noqa: E402, F401
from paperstudy.cli import find as _find  # noqa: E402, F401
from paperstudy.cli import index_cmds as _index_cmds  # noqa: E402, F401
from paperstudy.cli import quiz_cmds as _quiz_cmds  # noqa: E402, F401
from paperstudy.cli import import_cmds as _import_cmds  # noqa: E402, F401
from paperstudy.cli import app_cmd as _app_cmd  # noqa: E402, F401
# isort: on


def main() -> None:
    app()
