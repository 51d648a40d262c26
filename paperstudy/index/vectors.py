"""Vector storage and exact nearest-neighbour search.

Vectors are stored in SQLite, in the passage's own row (float16, 768 bytes for 384 dimensions), so they are
written and deleted in the same transactions as the notes they belong to. For search, one model's vectors
are laid out as a float32 matrix and scanned exactly with one BLAS matrix-vector product; the matrix is
cached beside the database as ``.npy`` files (derived data, rebuilt when the passage table changes, stamped
by passage count and highest passage id — ids are never reused) and memory-mapped, so a new process does
not re-read a million rows from SQLite. Reading never writes: the cache (and above its threshold the
approximate index of ``paperstudy.index.ann``) is written by ``refresh_vector_cache``, which ingest,
import and reindex call once per batch.
"""

from __future__ import annotations

import sqlite3
import threading
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from paperstudy.store import Library
from paperstudy.store.passages import (
    models_in_index,
    read_vector_cache,
    vector_rows,
    vector_stamp,
    write_vector_cache,
)

__all__ = ["VectorIndex", "load_vectors", "models_in_index", "refresh_vector_cache"]

CHUNK_ROWS = 131_072
"""Rows scanned per matrix product: bounds the temporary score buffer, keeps the scan cache-friendly."""


def pack_vector(vector: NDArray[np.float32]) -> bytes:
    return np.asarray(vector, dtype="<f2").tobytes()


def unpack_vectors(blobs: list[bytes], dim: int) -> NDArray[np.float32]:
    if not blobs:
        return np.zeros((0, dim), dtype=np.float32)
    return np.frombuffer(b"".join(blobs), dtype="<f2").reshape(len(blobs), dim).astype(np.float32)


@dataclass(frozen=True)
class VectorIndex:
    """One model's passage vectors: ``ids`` ascending, ``matrix`` row i is passage ``ids[i]``."""

    ids: NDArray[np.int64]
    matrix: NDArray[np.float32]

    def __len__(self) -> int:
        return int(self.ids.shape[0])

    def mask_for(self, allowed_ids: NDArray[np.int64]) -> NDArray[np.bool_]:
        return np.isin(self.ids, allowed_ids, assume_unique=False)

    def scores(self, query: NDArray[np.float32]) -> NDArray[np.float32]:
        """Cosine similarity of the (unit) query with every row, chunk by chunk."""
        out = np.empty(len(self), dtype=np.float32)
        q = np.asarray(query, dtype=np.float32).reshape(-1)
        for start in range(0, len(self), CHUNK_ROWS):
            stop = min(start + CHUNK_ROWS, len(self))
            np.dot(self.matrix[start:stop], q, out=out[start:stop])
        return out

    def search(
        self, query: NDArray[np.float32], k: int, mask: NDArray[np.bool_] | None = None
    ) -> list[tuple[int, float]]:
        """The ``k`` passages closest to ``query`` (exact), as (passage id, cosine), best first."""
        if len(self) == 0 or k <= 0:
            return []
        scores = self.scores(query)
        if mask is not None:
            scores = np.where(mask, scores, -np.inf).astype(np.float32)
        k = min(k, len(self))
        top = np.argpartition(-scores, k - 1)[:k]
        top = top[np.argsort(-scores[top], kind="stable")]
        return [(int(self.ids[i]), float(scores[i])) for i in top if np.isfinite(scores[i])]


def brute_force(matrix: NDArray[np.float32], query: NDArray[np.float32], k: int) -> NDArray[np.int64]:
    """Row numbers of the exact top ``k`` by the best plain numpy scan: one matrix-vector product, then
    ``argpartition`` for the top ``k`` and a sort of those ``k`` only (the benchmarks' baseline)."""
    scores = matrix @ query
    k = min(k, len(scores))
    if k <= 0:
        return np.zeros(0, dtype=np.int64)
    top = np.argpartition(-scores, k - 1)[:k]
    return top[np.argsort(-scores[top], kind="stable")].astype(np.int64)


# --- loading one model's vectors, with a memory-mapped cache ------------------------------------------------

_MEMORY: dict[tuple[str, str], tuple[tuple[int, int], VectorIndex]] = {}
_MEMORY_LOCK = threading.Lock()


def _stamp(db: sqlite3.Connection, model: str) -> tuple[int, int]:
    return vector_stamp(db, model)


def load_vectors(library: Library, model: str) -> VectorIndex:
    """All passage vectors of ``model``: from this process's memory, else the cache files, else SQLite."""
    stamp = _stamp(library.db, model)
    key = (str(library.vault.db_path), model)
    with _MEMORY_LOCK:
        held = _MEMORY.get(key)
        if held is not None and held[0] == stamp:
            return held[1]
    index = _read_cache(library, model, stamp) or _build(library, model, stamp)
    with _MEMORY_LOCK:
        _MEMORY[key] = (stamp, index)
    return index


def _read_cache(library: Library, model: str, stamp: tuple[int, int]) -> VectorIndex | None:
    cached = read_vector_cache(library, model, stamp)
    return None if cached is None else VectorIndex(ids=cached[0], matrix=cached[1])


def _build(library: Library, model: str, stamp: tuple[int, int]) -> VectorIndex:
    rows = vector_rows(library.db, model)
    blobs = [blob for _, blob in rows]
    dim = len(blobs[0]) // 2 if blobs else 0
    return VectorIndex(
        ids=np.array([passage for passage, _ in rows], dtype=np.int64), matrix=unpack_vectors(blobs, dim)
    )


CACHE_MIN_ROWS = 2048
"""Small libraries read faster from SQLite than from three files: no cache below this many passages."""


def refresh_vector_cache(library: Library, model: str) -> bool:
    """Write the memory-mapped cache of ``model``'s vectors when it is stale, and above the approximate
    index's threshold that index too (the write side calls this once per ingest batch and after a
    reindex; searching only ever reads them). Returns whether it wrote anything."""
    # ann builds on VectorIndex (this module): imported here, where the write side needs it.
    from paperstudy.index.ann import ANN_THRESHOLD, refresh_ann_cache

    stamp = _stamp(library.db, model)
    if stamp[0] < CACHE_MIN_ROWS:
        return False
    cached = _read_cache(library, model, stamp)
    if cached is None:
        cached = _build(library, model, stamp)
        write_vector_cache(library, model, stamp, cached.ids, cached.matrix)
        wrote = True
    else:
        wrote = False
    if stamp[0] >= ANN_THRESHOLD:
        wrote = refresh_ann_cache(library, model, cached) or wrote
    return wrote
