"""The ``paperstudy`` command line: thin typer commands over ``paperstudy.service``.

Each command group lives in the module named like the service module it calls (``cli/papers.py`` →
``service/papers.py``, …) and registers itself on ``app`` when imported below. The CLI imports from
paperstudy only ``service``, ``models``, ``errors`` and ``settings``; service modules (which load
PyMuPDF, numpy, sentence-transformers) are imported inside commands, never at start-up.
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
from paperstudy.cli import papers as _papers  # noqa: E402, F401
from paperstudy.cli import adding as _adding  # noqa: E402, F401
from paperstudy.cli import ask as _ask  # noqa: E402, F401
from paperstudy.cli import domains as _domains  # noqa: E402, F401
from paperstudy.cli import quiz as _quiz  # noqa: E402, F401
from paperstudy.cli import import_cmds as _import_cmds  # noqa: E402, F401
from paperstudy.cli import app_cmd as _app_cmd  # noqa: E402, F401
# isort: on


def main() -> None:
    app()
