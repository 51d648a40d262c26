"""Opening the library: a context manager for one command, a per-thread handle for the app.

SQLite connections belong to one thread, and Streamlit runs every script run in a thread of its own, so
the app caches a ``LibraryHandle`` (a connection *factory*) and asks it for the current thread's library.
"""

from __future__ import annotations

import contextlib
import threading
from collections.abc import Iterator
from pathlib import Path

from paperstudy.settings import Settings
from paperstudy.store import Library, Vault

__all__ = ["Library", "LibraryHandle", "check_domain", "library_stamp", "open_library"]


def check_domain(domain: str) -> str:
    """``paperstudy.pipeline.check_domain``, imported on use: the pipeline imports the parser and the
    downloader, and every app page imports this module."""
    from paperstudy.pipeline import check_domain as checked

    return checked(domain)


@contextlib.contextmanager
def open_library(settings: Settings) -> Iterator[Library]:
    """The library of the configured vault, closed on exit."""
    with Library(Vault(settings.notes)) as library:
        yield library


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


def library_stamp(library: Library) -> str:
    """Changes whenever a paper is added, refreshed or removed: a cache key for derived views."""
    return library.stamp()
