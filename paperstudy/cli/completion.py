"""Shell completion of paper ids and domain ids, read from the library (``--install-completion``).

Completion runs on every <Tab>, so it reads the database read-only and never creates a vault, migrates a
schema or fails: anything unreadable completes to nothing (``service.completion``).
"""

from __future__ import annotations

from pathlib import Path

import typer

from paperstudy.settings import load_settings


def _notes_of(ctx: typer.Context) -> Path | None:
    value = ctx.params.get("notes") if ctx is not None else None
    return Path(value) if value else None


def complete_paper_id(ctx: typer.Context, incomplete: str) -> list[str]:
    # Imported on a <Tab> only: commands name these functions in their signatures, and importing the
    # store (pydantic models, yaml) at every start-up would slow down every command.
    from paperstudy.service.completion import completions

    return completions(load_settings(_notes_of(ctx)), "paper", incomplete)


def complete_domain(ctx: typer.Context, incomplete: str) -> list[str]:
    from paperstudy.service.completion import completions  # on a <Tab> only (complete_paper_id)

    return completions(load_settings(_notes_of(ctx)), "domain", incomplete)
