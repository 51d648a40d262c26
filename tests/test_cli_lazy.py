"""The command line imports only the invoked command's module; --help, suggestions and completion of
command names still see every command (``paperstudy.cli.COMMANDS``)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from typer.testing import CliRunner

from paperstudy.cli import COMMANDS, app
from paperstudy.settings import Settings
from tests.index.helpers import build_library

runner = CliRunner()
MODULES = ("papers", "adding", "ask", "domains", "quiz", "import_cmds", "app_cmd")
"""Every command module, in the order the CLI imported them all at start-up before commands were lazy."""


def _fresh(code: str, env: dict[str, str] | None = None) -> str:
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, env=env or dict(os.environ)
    )
    return done.stdout


def test_commands_name_every_registered_command_with_its_module_in_the_eager_order() -> None:
    code = (
        "import importlib, json\nfrom paperstudy.cli import app\n"
        f"for name in {list(MODULES)!r}:\n"
        "    importlib.import_module('paperstudy.cli.' + name)\n"
        "from typer.main import get_command_name\n"
        "commands = [[c.name or get_command_name(c.callback.__name__), c.callback.__module__]"
        " for c in app.registered_commands]\n"
        "groups = [[g.name, sorted({c.callback.__module__ for c in g.typer_instance.registered_commands})]"
        " for g in app.registered_groups]\n"
        "print(json.dumps({'commands': commands, 'groups': groups}))\n"
    )
    registered = json.loads(_fresh(code))
    eager = [name for name, _ in registered["commands"]] + [name for name, _ in registered["groups"]]
    assert eager == list(COMMANDS)  # --help lists them as before: commands, then groups
    for name, module in registered["commands"]:
        assert module.removeprefix("paperstudy.cli.") in COMMANDS[name], name
    for name, modules in registered["groups"]:
        assert {m.removeprefix("paperstudy.cli.") for m in modules} == set(COMMANDS[name]), name


def test_help_lists_every_command_with_its_help_in_order() -> None:
    result = runner.invoke(app, ["--help"], env={"COLUMNS": "200"})
    assert result.exit_code == 0
    lines = [line.strip("│ ").split(None, 1) for line in result.stdout.splitlines()]
    listed = [parts[0] for parts in lines if len(parts) == 2 and parts[0] in COMMANDS]
    assert listed == list(COMMANDS)
    assert all(parts[1].strip() for parts in lines if len(parts) == 2 and parts[0] in COMMANDS)


def test_a_typo_is_suggested_before_any_command_module_is_imported() -> None:
    code = (
        "import sys\nfrom typer.testing import CliRunner\nfrom paperstudy.cli import app\n"
        "result = CliRunner().invoke(app, ['fnd', 'x'])\n"
        "print(result.exit_code, 'Did you mean' in result.output and \"'find'\" in result.output)\n"
    )
    assert _fresh(code).split() == ["2", "True"]


def test_command_names_complete_from_the_table(tmp_path: Path) -> None:
    env = {"PAPERSTUDY_NOTES": str(tmp_path / "vault"), "_PAPERSTUDY_COMPLETE": "complete_zsh"}
    done = runner.invoke(app, [], env={**env, "_TYPER_COMPLETE_ARGS": "paperstudy "}, prog_name="paperstudy")
    assert all(f'"{name}"' in done.stdout for name in COMMANDS), done.stdout
    # In a fresh process, where nothing imported the citation exports yet: export's commands come from
    # two modules, and both are imported for it.
    code = "from paperstudy.cli import app\napp(prog_name='paperstudy')\n"
    sub = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        check=False,
        env={**os.environ, **env, "_TYPER_COMPLETE_ARGS": "paperstudy export "},
    )
    assert '"anki"' in sub.stdout and '"bibtex"' in sub.stdout, sub.stdout + sub.stderr


def test_find_imports_only_what_it_needs(tmp_path: Path) -> None:
    """A search from the shell imports the ask command's module, not the other commands', nor the
    libraries only they use, nor rich when it prints JSON (start-up time of `paperstudy find`)."""
    settings: Settings = build_library(tmp_path)
    unneeded = ("paperstudy.notes", "yaml", "rapidfuzz", "rich.console", "rich.table", "platformdirs")
    code = (
        "import sys\nfrom paperstudy.cli import app\n"
        f"args = ['find', 'negative sampling', '--notes', {str(settings.notes)!r}, '--json']\n"
        "app(args, standalone_mode=False)\n"
        f"print(sorted(m for m in sys.modules if m.startswith('paperstudy.cli.') or m in {unneeded!r}))\n"
    )
    env = {**os.environ, "PAPERSTUDY_EMBEDDING_MODEL": "hash"}
    out = _fresh(code, env)
    assert '"paper_id"' in out  # it found passages
    imported = out.strip().splitlines()[-1]
    assert imported == "['paperstudy.cli.ask', 'paperstudy.cli.common', 'paperstudy.cli.completion']"


def test_the_console_follows_columns_per_invocation(tmp_path: Path) -> None:
    """The console is made on the first print; a later invocation with other COLUMNS gets its width."""
    rows = []
    for columns in ("60", "160", "60"):
        result = runner.invoke(app, ["list", "--notes", str(tmp_path / "vault")], env={"COLUMNS": columns})
        assert result.exit_code == 0, result.output
        rows.append(max(len(line) for line in result.stdout.splitlines()))
    assert rows[0] == rows[2] < rows[1]
