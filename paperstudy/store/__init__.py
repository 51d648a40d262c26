"""The library on disk: every SQL statement and every library file write of paperstudy lives here.

Modules, one per aggregate: ``migrations`` (the schema; opening a database under one write lock),
``papers`` (papers, notes and page texts: ``Library``), ``cards`` (quiz cards, reviews, scheduler state
and quiz settings), ``passages`` (passages and vectors: staging, FTS5, the reads search needs).
File primitives (atomic writes, hashing, the vault's layout) are one layer below, in ``paperstudy.fsio``.
"""

from __future__ import annotations

from paperstudy.fsio import STATE_DIR, Vault
from paperstudy.store.papers import Library, ids_starting_with, unknown_paper

__all__ = ["STATE_DIR", "Library", "Vault", "ids_starting_with", "unknown_paper"]
