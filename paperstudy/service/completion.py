"""Shell completion of paper ids and domain ids (``cli/completion.py``).

Kept apart from the other use cases so a <Tab> imports only the store, never the parser or the index.
"""

from __future__ import annotations

from typing import Literal

from paperstudy.settings import Settings
from paperstudy.store import Vault, ids_starting_with


def completions(settings: Settings, kind: Literal["paper", "domain"], incomplete: str) -> list[str]:
    """The library's paper ids or domain ids starting with ``incomplete``: read-only and never failing
    (an absent or unreadable library completes to nothing)."""
    return ids_starting_with(Vault(settings.notes), kind, incomplete)
