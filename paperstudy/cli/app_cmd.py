"""``paperstudy app``: open the Streamlit study app on the same library as the CLI."""

from __future__ import annotations

import importlib.util
import os
import socket
import sys
import time
import webbrowser
from pathlib import Path
from typing import Annotated

import typer

from paperstudy.cli import app
from paperstudy.cli.common import NotesOption, err_console, escape, friendly_errors
from paperstudy.errors import ConfigError
from paperstudy.settings import load_settings


def app_entry() -> Path:
    """The app's entry point: the checkout's ``app/`` next to this package, else the copy installed with
    the wheel (the ``paperstudy_app`` data package)."""
    checkout = Path(__file__).resolve().parents[2] / "app" / "streamlit_app.py"
    if checkout.is_file():
        return checkout
    spec = importlib.util.find_spec("paperstudy_app")
    for folder in (spec.submodule_search_locations or []) if spec is not None else []:
        installed = Path(folder) / "streamlit_app.py"
        if installed.is_file():
            return installed
    return checkout


ENTRY = app_entry()


def streamlit_command(entry: Path, port: int, host: str) -> list[str]:
    """The ``streamlit run`` command line for the app (usage statistics off; no developer toolbar).

    Always headless: a non-headless Streamlit asks for an e-mail address on its first start, which fails
    when no one can answer (``make run`` on a fresh machine). ``paperstudy app`` opens the browser itself.
    """
    return [
        sys.executable,
        "-m",
        "streamlit",
        "run",
        str(entry),
        "--server.port",
        str(port),
        "--server.address",
        host,
        "--server.headless",
        "true",
        "--browser.gatherUsageStats",
        "false",
        "--client.toolbarMode",
        "minimal",
    ]


@app.command("app")
@friendly_errors
def app_command(
    notes: NotesOption = None,
    port: Annotated[int, typer.Option("--port", min=1, max=65535, help="Port to serve on.")] = 8501,
    host: Annotated[str, typer.Option("--host", help="Address to listen on.")] = "127.0.0.1",
    headless: Annotated[bool, typer.Option("--headless", help="Do not open a browser.")] = False,
) -> None:
    """Open the study app in the browser (Domains, Paper, Search, Ask, Quiz, Progress)."""
    settings = load_settings(notes)
    if not ENTRY.is_file():
        raise ConfigError(
            f"the app's entry point {ENTRY} is missing: reinstall paperstudy (`pip install .` installs "
            "the app with it) or run from a source checkout"
        )
    try:
        import streamlit  # noqa: F401
    except ImportError:
        raise ConfigError(
            "the app needs Streamlit, though paperstudy depends on it: reinstall paperstudy "
            "(`make install`, or `pip install -c constraints.txt .`)"
        ) from None
    env = {**os.environ, "PAPERSTUDY_NOTES": str(settings.notes)}
    err_console.print(
        escape(f"paperstudy app on http://{host}:{port} (library: {settings.notes}); Ctrl+C stops it")
    )
    command = streamlit_command(ENTRY, port, host)
    sys.stdout.flush()
    sys.stderr.flush()
    if not headless and _has_display():
        _open_browser_when_up(host, port)
    # Become the server (no child left behind when this process is stopped, signals reach Streamlit).
    os.execve(command[0], command, env)  # noqa: S606 - our own fixed command line, no shell


def _has_display() -> bool:
    """Whether a graphical browser can open here (not on a server or in CI)."""
    return sys.platform in ("darwin", "win32") or bool(
        os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY")
    )


def _open_browser_when_up(host: str, port: int, wait: float = 60.0) -> None:
    """Fork a small waiter that opens the app in the browser once the server answers (this process is
    about to become the server)."""
    if os.fork() != 0:
        return
    try:
        deadline = time.monotonic() + wait
        while time.monotonic() < deadline:
            try:
                socket.create_connection((host, port), timeout=1).close()
            except OSError:
                time.sleep(0.5)
                continue
            webbrowser.open(f"http://{host}:{port}")
            break
    finally:
        os._exit(0)
