"""The library handle the app caches: a connection factory, one SQLite connection per thread."""

from __future__ import annotations

import threading
from pathlib import Path
from typing import TYPE_CHECKING

from paperstudy.store import Library, Vault, sha256_text

if TYPE_CHECKING:
    pass


# --- the library handle ----------------------------------------------------------------------------------


class LibraryHandle:
    """One per vault and process; hands each thread its own ``Library`` (SQLite connection, WAL mode)."""

    def __init__(self, notes: Path) -> None:
        self.vault = Vault(notes)
        self._local = threading.local()

    def library(self) -> Library:
        library: Library | None = getattr(self._local, "library", None)
        if library is None:
            library = Library(self.vault)
            self._local.library = library
        return library

    def is_empty(self) -> bool:
        if not self.vault.db_path.exists():
            return True
        return not self.library().paper_ids()


# --- caching stamps, briefs ------------------------------------------------------------------------------


def library_stamp(library: Library) -> str:
    """Changes whenever a paper is added, refreshed or removed: a cache key for derived views."""
    row = library.db.execute("SELECT count(*), max(updated_at), group_concat(id) FROM papers").fetchone()
    return f"{row[0]}:{row[1] or ''}:{sha256_text(str(row[2] or ''))[:12]}"
