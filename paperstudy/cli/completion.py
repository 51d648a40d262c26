"""Shell completion of paper ids and domain ids, read from the library (``--install-completion``).

Completion runs on every <Tab>, so it reads the database read-only and never creates a vault, migrates a
schema or fails: anything unreadable completes to nothing (``service.completion``).
"""

from __future__ import annotations

from pathlib import Path

import typer

from paperstudy.service.completion import completions
from paperstudy.settings import load_settings


def _notes_of(ctx: typer.Context) -> Path | None:
    value = ctx.params.get("notes") if ctx is not None else None
    return Path(value) if value else None


def complete_paper_id(ctx: typer.Context, incomplete: str) -> list[str]:
    return completions(load_settings(_notes_of(ctx)), "paper", incomplete)


def complete_domain(ctx: typer.Context, incomplete: str) -> list[str]:
    return completions(load_settings(_notes_of(ctx)), "domain", incomplete)
