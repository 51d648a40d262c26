"""Shell completion of paper ids and domain ids, read from the library (``--install-completion``).

Completion runs on every <Tab>, so it reads the database read-only and never creates a vault, migrates a
schema or fails: anything unreadable completes to nothing.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

import typer

from paperstudy.settings import load_settings
from paperstudy.store import Vault


def _notes_of(ctx: typer.Context) -> Path | None:
    value = ctx.params.get("notes") if ctx is not None else None
    return Path(value) if value else None


def _query(ctx: typer.Context, sql: str, incomplete: str) -> list[str]:
    db_path = Vault(load_settings(_notes_of(ctx)).notes).db_path
    if not db_path.is_file():
        return []
    try:
        with sqlite3.connect(f"file:{db_path}?mode=ro", uri=True, timeout=1) as db:
            rows = db.execute(sql, (incomplete.replace("\\", "\\\\").replace("%", "\\%") + "%",)).fetchall()
    except sqlite3.Error:
        return []
    return [str(row[0]) for row in rows]


def complete_paper_id(ctx: typer.Context, incomplete: str) -> list[str]:
    return _query(ctx, "SELECT id FROM papers WHERE id LIKE ? ESCAPE '\\' ORDER BY id", incomplete)


def complete_domain(ctx: typer.Context, incomplete: str) -> list[str]:
    return _query(
        ctx,
        "SELECT DISTINCT domain FROM paper_domains WHERE domain LIKE ? ESCAPE '\\' ORDER BY domain",
        incomplete,
    )
