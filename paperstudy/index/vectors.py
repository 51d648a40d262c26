"""Vector storage and exact nearest-neighbour search.

Vectors are stored in SQLite, in the passage's own row (float16, 768 bytes for 384 dimensions), so they are
written and deleted in the same transactions as the notes they belong to. For search, one model's vectors
are laid out as a float32 matrix and scanned exactly with one BLAS matrix-vector product; the matrix is
cached beside the database as ``.npy`` files (derived data, rebuilt when the passage table changes, stamped
by passage count and highest passage id — ids are never reused) and memory-mapped, so a new process does
not re-read a million rows from SQLite.
"""

from __future__ import annotations

import io
import json
import re
import sqlite3
import threading
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from numpy.typing import NDArray

from paperstudy.store import Library, atomic_write_bytes

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
    row = db.execute(
        "SELECT count(*), coalesce(max(id), 0) FROM passages WHERE model = ?", (model,)
    ).fetchone()
    return int(row[0]), int(row[1])


def _cache_paths(library: Library, model: str) -> tuple[Path, Path, Path]:
    slug = re.sub(r"[^A-Za-z0-9._-]+", "_", model)[-80:]
    base = library.vault.cache_dir / f"vectors-{slug}"
    return base.with_suffix(".ids.npy"), base.with_suffix(".f32.npy"), base.with_suffix(".json")


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
    ids_path, matrix_path, meta_path = _cache_paths(library, model)
    try:
        meta = json.loads(meta_path.read_text(encoding="utf-8"))
        if meta.get("model") != model or tuple(meta.get("stamp", ())) != stamp:
            return None
        ids = np.load(ids_path)
        matrix = np.load(matrix_path, mmap_mode="r")
    except (OSError, ValueError):
        return None
    if ids.shape[0] != stamp[0] or matrix.shape[0] != stamp[0]:
        return None
    return VectorIndex(ids=ids.astype(np.int64), matrix=matrix)


def _build(library: Library, model: str, stamp: tuple[int, int]) -> VectorIndex:
    rows = library.db.execute(
        "SELECT id, vector FROM passages WHERE model = ? ORDER BY id", (model,)
    ).fetchall()
    blobs = [bytes(row["vector"]) for row in rows]
    dim = len(blobs[0]) // 2 if blobs else 0
    index = VectorIndex(
        ids=np.array([row["id"] for row in rows], dtype=np.int64), matrix=unpack_vectors(blobs, dim)
    )
    if len(index) >= 2048:  # small libraries read faster from SQLite than from three files
        ids_path, matrix_path, meta_path = _cache_paths(library, model)
        atomic_write_bytes(ids_path, _npy(index.ids))
        atomic_write_bytes(matrix_path, _npy(index.matrix))
        atomic_write_bytes(meta_path, json.dumps({"model": model, "stamp": list(stamp)}).encode())
    return index


def _npy(array: NDArray[np.generic]) -> bytes:
    buffer = io.BytesIO()
    np.save(buffer, array, allow_pickle=False)
    return buffer.getvalue()


def models_in_index(db: sqlite3.Connection) -> dict[str, int]:
    """Passage counts per embedding model id (normally one)."""
    rows = db.execute("SELECT model, count(*) AS n FROM passages GROUP BY model ORDER BY n DESC").fetchall()
    return {row["model"]: int(row["n"]) for row in rows}
