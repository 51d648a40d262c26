"""What every command shares: the console, the ``--notes`` option, JSON output and error handling.

Every text that did not come from this package's own literals (a paper's title, an error message, a
warning) goes through ``escape`` before rich sees it: rich reads ``[embed]`` as markup and drops it.

rich's console and markup are imported on the first print, not at start-up: they cost about 0.04 s, and a
``--json`` command (``paperstudy find … --json`` from a script) never prints through them.
"""

from __future__ import annotations

import functools
import json
import os
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, ParamSpec, TypeVar, cast

import typer

from paperstudy.errors import PaperstudyError

if TYPE_CHECKING:
    from rich.console import Console
    from rich.progress import Progress


class _LazyConsole:
    """Stands for a rich ``Console``, made on first use; every attribute is the console's.

    rich fixes the size that COLUMNS and LINES give when a console is made, and reads them and the
    terminal on every print otherwise. Made at import, the console saw neither and followed them; made
    on first use, it would keep those of the first invocation that printed (a test runner sets them per
    invocation). So a change of either makes a fresh console, and the size follows them as before."""

    def __init__(self, *, stderr: bool) -> None:
        self._stderr = stderr
        self._made: tuple[tuple[str | None, str | None], Console] | None = None

    def made(self) -> Console:
        size = (os.environ.get("COLUMNS"), os.environ.get("LINES"))
        if self._made is None or self._made[0] != size:
            from rich.console import Console

            self._made = (size, Console(stderr=self._stderr))
        return self._made[1]

    def __getattr__(self, name: str) -> Any:
        return getattr(self.made(), name)


console = cast("Console", _LazyConsole(stderr=False))
err_console = cast("Console", _LazyConsole(stderr=True))


def escape(text: str) -> str:
    """rich's ``escape``: the ``[`` that rich would read as markup, escaped."""
    from rich.markup import escape as rich_escape

    return rich_escape(text)


NotesOption = Annotated[
    Path | None,
    typer.Option(
        "--notes",
        help="The notes vault folder (default: PAPERSTUDY_NOTES, else the checkout's notes/).",
        show_default=False,
    ),
]
JsonOption = Annotated[bool, typer.Option("--json", help="Print machine-readable JSON instead of tables.")]

P = ParamSpec("P")
R = TypeVar("R")


def friendly_errors(command: Callable[P, R]) -> Callable[P, R]:
    """Turn our own errors into one red line and exit code 1, never a traceback."""

    @functools.wraps(command)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
        try:
            return command(*args, **kwargs)
        except PaperstudyError as error:
            # soft_wrap: one error, one line, whatever the terminal width.
            err_console.print(f"[bold red]error:[/] {escape(str(error))}", highlight=False, soft_wrap=True)
            raise typer.Exit(1) from None
        except KeyboardInterrupt:
            err_console.print("interrupted; everything finished so far is saved")
            raise typer.Exit(130) from None

    return wrapper


def progress_bar(*, on: Console = console, quiet: bool = False) -> Progress:
    """The progress bar of multi-file work: description, bar, n/total, elapsed; gone when done."""
    # Imported here: only multi-file commands show one (start-up time of the others).
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    return Progress(
        TextColumn("[progress.description]{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=on.made() if isinstance(on, _LazyConsole) else on,  # rich's Live wants the console itself
        transient=True,
        disable=quiet,
    )


def print_json(data: Any) -> None:
    """JSON to stdout, bypassing rich so scripts get exactly the bytes they parse."""
    sys.stdout.write(json.dumps(data, ensure_ascii=False, indent=2) + "\n")
    sys.stdout.flush()


def print_warnings(warnings: list[str], label: str = "warning", style: str = "yellow") -> None:
    """Each warning on one stderr line, escaped."""
    for warning in warnings:
        err_console.print(f"[{style}]{label}:[/] {escape(warning)}", highlight=False, soft_wrap=True)


__all__ = [
    "JsonOption",
    "NotesOption",
    "console",
    "err_console",
    "escape",
    "friendly_errors",
    "print_json",
    "print_warnings",
    "progress_bar",
]
