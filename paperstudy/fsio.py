"""File primitives and the vault's layout: atomic writes, hashing, appending, and where everything lives.

Files are written to a temporary sibling, flushed, fsynced and renamed over the target, so a crash leaves
either the old file or the new one, never half of one. Everything that writes a file goes through here
(the library store, the HTTP cache, downloads, exports).
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import shutil
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import IO

from paperstudy.errors import StoreError

STATE_DIR = ".paperstudy"


# --- atomic writes -------------------------------------------------------------------------------------


@contextlib.contextmanager
def open_atomic(path: Path) -> Iterator[IO[bytes]]:
    """A binary file handle whose content replaces ``path`` only if the block completes."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp_name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    tmp = Path(tmp_name)
    try:
        with os.fdopen(fd, "wb") as handle:
            yield handle
            handle.flush()
            os.fsync(handle.fileno())
        tmp.replace(path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


def atomic_write_bytes(path: Path, data: bytes) -> None:
    with open_atomic(path) as handle:
        handle.write(data)


def atomic_write_text(path: Path, text: str) -> None:
    atomic_write_bytes(path, text.encode("utf-8"))


def atomic_copy(source: Path, target: Path) -> None:
    with source.open("rb") as src, open_atomic(target) as dst:
        shutil.copyfileobj(src, dst, length=1 << 20)


def sha256_file(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def sha256_text(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


@contextlib.contextmanager
def open_append(path: Path) -> Iterator[IO[bytes]]:
    """A binary handle appending to ``path`` (a resumable download's ``.part``), fsynced on close."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("ab") as handle:
        yield handle
        handle.flush()
        os.fsync(handle.fileno())


def promote_file(source: Path, target: Path) -> None:
    """Rename a finished temporary file over ``target`` (same folder, so the rename is atomic)."""
    target.parent.mkdir(parents=True, exist_ok=True)
    source.replace(target)


def remove_file(path: Path) -> None:
    path.unlink(missing_ok=True)


# --- vault layout --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Vault:
    """Where everything lives under the notes folder."""

    root: Path

    @property
    def state_dir(self) -> Path:
        return self.root / STATE_DIR

    @property
    def db_path(self) -> Path:
        return self.state_dir / "library.db"

    @property
    def pdf_dir(self) -> Path:
        return self.state_dir / "pdfs"

    @property
    def cache_dir(self) -> Path:
        return self.state_dir / "cache"

    @property
    def trash_dir(self) -> Path:
        return self.state_dir / "trash"

    @property
    def backup_dir(self) -> Path:
        return self.state_dir / "backups"

    def pdf_path(self, paper_id: str) -> Path:
        return self.pdf_dir / f"{paper_id}.pdf"

    def note_path(self, domain: str, paper_id: str) -> Path:
        return self.root / domain / f"{paper_id}.md"

    def ensure(self) -> None:
        try:
            for folder in (self.root, self.state_dir, self.pdf_dir, self.cache_dir):
                folder.mkdir(parents=True, exist_ok=True)
        except OSError as error:
            raise StoreError(f"cannot create the notes vault at {self.root}: {error.strerror}") from error

    def backup_file(self, path: Path, reason: str) -> Path:
        """Copy a user-visible file aside before it is replaced or removed; returns the copy's path."""
        stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S%f")
        target = self.backup_dir / f"{path.stem}.{reason}.{stamp}{path.suffix}"
        atomic_copy(path, target)
        return target
