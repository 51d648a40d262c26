"""`paperstudy app`: runs `streamlit run app/streamlit_app.py` on the CLI's library."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from paperstudy.cli import app as cli
from paperstudy.cli import app_cmd


def test_app_command_runs_streamlit_on_the_chosen_library(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    calls: list[tuple[list[str], dict[str, str]]] = []

    def fake_exec(path: str, command: list[str], env: dict[str, str]) -> None:
        assert path == command[0]
        calls.append((command, env))

    monkeypatch.setattr("paperstudy.cli.app_cmd.os.execve", fake_exec)
    result = CliRunner().invoke(
        cli, ["app", "--notes", str(tmp_path / "vault"), "--port", "8599", "--headless"]
    )
    assert result.exit_code == 0, result.output
    [(command, env)] = calls
    assert command[1:4] == ["-m", "streamlit", "run"]
    assert Path(command[4]) == app_cmd.ENTRY and app_cmd.ENTRY.is_file()
    flags = dict(zip(command[5::2], command[6::2], strict=True))
    assert flags == {
        "--server.port": "8599",
        "--server.address": "127.0.0.1",
        "--server.headless": "true",
        "--browser.gatherUsageStats": "false",
        "--client.toolbarMode": "minimal",
    }
    assert env["PAPERSTUDY_NOTES"] == str(tmp_path / "vault")


def test_app_never_runs_streamlit_interactively(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Without --headless it still runs Streamlit headless (a fresh machine's first start would otherwise
    stop at Streamlit's e-mail prompt) and opens the browser itself when a display exists."""
    commands: list[list[str]] = []
    opened: list[tuple[str, int]] = []
    monkeypatch.setattr(
        "paperstudy.cli.app_cmd.os.execve", lambda path, command, env: commands.append(command)
    )
    monkeypatch.setattr(app_cmd, "_has_display", lambda: True)
    monkeypatch.setattr(app_cmd, "_open_browser_when_up", lambda host, port: opened.append((host, port)))
    result = CliRunner().invoke(cli, ["app", "--notes", str(tmp_path / "vault"), "--port", "8598"])
    assert result.exit_code == 0, result.output
    [command] = commands
    assert command[command.index("--server.headless") + 1] == "true"
    assert opened == [("127.0.0.1", 8598)]
