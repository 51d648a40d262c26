"""The ``paperstudy`` command line: thin typer commands over ``paperstudy.service``.

Each command group lives in the module named like the service module it calls (``cli/papers.py`` →
``service/papers.py``, …) and registers its commands on ``app`` when imported. The modules are imported
lazily: ``COMMANDS`` names each command's module, and only the invoked command's module is imported (a
``paperstudy find`` from the shell never pays for the quiz's or the ingest's imports); ``--help`` and
shell completion of command names import them all. The CLI imports from paperstudy only ``service``,
``models``, ``errors`` and ``settings``; service modules (which load PyMuPDF, numpy, sentence-transformers)
are imported inside commands, never at start-up.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Iterator, MutableMapping
from typing import TYPE_CHECKING, Any

import typer
from typer.core import TyperGroup

if TYPE_CHECKING:
    from typer._click import Command  # typer vendors click; the type is named only for mypy

# Command name → the modules that register it, in the order of --help (commands, then command groups,
# as typer lists them). `export` gathers deck exports (quiz) and citation exports (import_cmds).
COMMANDS: dict[str, tuple[str, ...]] = {
    **dict.fromkeys(("ingest", "show", "list", "remove", "rename", "reindex"), ("papers",)),
    **dict.fromkeys(("search", "study", "add"), ("adding",)),
    **dict.fromkeys(("find", "ask", "similar"), ("ask",)),
    **dict.fromkeys(("compare", "brief"), ("domains",)),
    **dict.fromkeys(("quiz", "drill", "deck", "progress"), ("quiz",)),
    "import": ("import_cmds",),
    "app": ("app_cmd",),
    "export": ("quiz", "import_cmds"),
    "card": ("quiz",),
}


class LazyCommands(MutableMapping[str, "Command"]):
    """The group's commands by name: every name of ``names`` is listed, a command is built on first access
    (so ``name in commands`` and iterating names import nothing)."""

    def __init__(self, names: list[str], build: Callable[[str], Command | None]) -> None:
        self._order = list(names)
        self._build = build
        self._built: dict[str, Command] = {}

    def __getitem__(self, name: str) -> Command:
        if name not in self._built:
            command = self._build(name) if name in self._order else None
            if command is None:
                raise KeyError(name)
            self._built[name] = command
        return self._built[name]

    def __setitem__(self, name: str, command: Command) -> None:
        if name not in self._order:
            self._order.append(name)
        self._built[name] = command

    def __delitem__(self, name: str) -> None:
        self._order.remove(name)
        self._built.pop(name, None)

    def __contains__(self, name: object) -> bool:
        return name in self._order

    def __iter__(self) -> Iterator[str]:
        return iter(list(self._order))

    def __len__(self) -> int:
        return len(self._order)


class LazyGroup(TyperGroup):
    """The top-level group: its commands come from ``COMMANDS``, each module imported when first needed.
    Commands typer converted already (modules a test imported) are rebuilt on access, so a group whose
    commands come from two modules (``export``) is never built half."""

    def __init__(self, **attrs: Any) -> None:
        super().__init__(**attrs)
        self.commands = LazyCommands(list(COMMANDS), _build_command)

    def list_commands(self, ctx: Any) -> list[str]:
        return list(self.commands)


def _build_command(name: str) -> Command | None:
    """Import the modules of command ``name`` and convert its typer registration to a click command."""
    for module in COMMANDS[name]:
        importlib.import_module(f"{__name__}.{module}")
    for info in app.registered_commands:
        if info.callback is None:
            continue
        if (info.name or typer.main.get_command_name(info.callback.__name__)) == name:
            return typer.main.get_command_from_info(
                info,
                pretty_exceptions_short=app.pretty_exceptions_short,
                rich_markup_mode=app.rich_markup_mode,
            )
    for group in app.registered_groups:
        if group.name == name:
            return typer.main.get_group_from_info(
                group,
                pretty_exceptions_short=app.pretty_exceptions_short,
                rich_markup_mode=app.rich_markup_mode,
                suggest_commands=app.suggest_commands,
            )
    return None


def _no_options() -> None:
    """Nothing runs before a command; a callback makes typer build a group while no command is imported."""


app = typer.Typer(
    name="paperstudy",
    help="Turn research papers into interview preparation: find, parse, index and quiz yourself.",
    no_args_is_help=True,
    add_completion=True,  # --install-completion / --show-completion; ids complete from the library
    pretty_exceptions_enable=False,
    cls=LazyGroup,
    callback=_no_options,
)


def main() -> None:
    app()
