"""Approximate nearest neighbours for large libraries: a faiss inverted-file index above a size threshold.

Below ``ANN_THRESHOLD`` passages the exact scan (``VectorIndex.search``) is fast enough and is used. Above
it, a faiss ``IndexIVFScalarQuantizer`` (vectors clustered into about √n lists, stored as 8-bit codes,
a quarter of float32) proposes ``RERANK`` candidates from the ``NPROBE`` lists nearest the query, and those
candidates are re-scored exactly against the float32 matrix, so the scores returned are true cosines and
only the candidate set is approximate. Chosen by ``bench/search_speed.py`` over hnswlib's HNSW graph: both
meet the targets, HNSW answers faster (p95 4.5 vs 19 ms at 200 k) but took 21× longer to build on 2 cores
and keeps float32 vectors plus its graph, where IVF-SQ8 keeps a byte per dimension (README, "Speed at
scale").

The index is derived data, keyed by passage id, written by the write side: ``refresh_vector_cache``
(which ingest, import and reindex call once per batch) calls ``refresh_ann_cache``, which builds it, or
removes and adds just the passages that changed (a full rebuild only when over ``REFRESH_LIMIT`` of them
did), and writes it beside the vector cache (``.paperstudy/cache/ann-<model>.faiss`` and ``.ids.npy``,
written atomically by ``paperstudy.store.passages``). Searching only reads it: a stale index (a library
written by a version without this step) is patched in memory when few passages changed, else the search
is exact until the next ingest or ``reindex`` writes it. A filtered search
whose filter leaves fewer than ``ANN_THRESHOLD`` passages scans those exactly; a wider one searches the
index with the filter as a faiss ID selector. Without faiss installed every search is exact.
"""

from __future__ import annotations

import math
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
from numpy.typing import NDArray

from paperstudy.index.vectors import VectorIndex
from paperstudy.store import Library
from paperstudy.store.passages import ann_cache_path, read_ann_cache, write_ann_cache

ANN_THRESHOLD = 200_000
"""From this many passages of one model on, searches go through the approximate index."""
NPROBE = 32
"""Inverted lists visited per query."""
RERANK = 200
"""Candidates taken from the index and re-scored exactly (at least 4 × k)."""
TRAIN_PER_LIST = 40
"""Training sample size per inverted list (faiss warns below 39)."""
REFRESH_LIMIT = 0.2
"""Up to this share of passages added or removed, the index is updated in place; beyond, rebuilt (the
lists were trained on the old vectors)."""


def faiss_module() -> Any | None:
    """faiss, or None when it is not installed (every search is then exact)."""
    try:
        import faiss
    except ImportError:
        return None
    return faiss


@dataclass
class AnnIndex:
    """A trained, filled faiss IVF-SQ8 index over passage vectors, keyed by passage id."""

    index: Any
    ids: NDArray[np.int64]
    """The passage ids the index holds, ascending."""

    @property
    def rows(self) -> int:
        return int(self.ids.shape[0])

    @classmethod
    def build(cls, matrix: NDArray[np.float32], ids: Any = None, seed: int = 0) -> AnnIndex:
        """Train on a sample of ``matrix`` and add every row under its passage id (default: row number)."""
        faiss = _faiss()
        n, dim = matrix.shape
        held = np.arange(n, dtype=np.int64) if ids is None else np.asarray(ids, dtype=np.int64)
        lists = min(n, max(16, min(8192, round(math.sqrt(n)))))  # a tiny index: a list per row at most
        quantizer = faiss.IndexFlatIP(dim)
        index = faiss.IndexIVFScalarQuantizer(
            quantizer, dim, lists, faiss.ScalarQuantizer.QT_8bit, faiss.METRIC_INNER_PRODUCT
        )
        index.cp.niter = 10
        index.cp.seed = seed
        rng = np.random.default_rng(seed)
        sample = np.sort(rng.choice(n, size=min(n, lists * TRAIN_PER_LIST), replace=False))
        index.train(np.ascontiguousarray(matrix[sample], dtype=np.float32))
        ann = cls(index=index, ids=np.zeros(0, dtype=np.int64))
        ann._add(matrix, np.arange(n), held)
        ann.ids = held.copy()
        index.nprobe = NPROBE
        return ann

    def _add(self, matrix: NDArray[np.float32], rows: Any, ids: NDArray[np.int64]) -> None:
        for start in range(0, len(rows), 65_536):
            chunk = rows[start : start + 65_536]
            vectors = np.ascontiguousarray(matrix[chunk], dtype=np.float32)
            self.index.add_with_ids(vectors, np.ascontiguousarray(ids[start : start + 65_536]))

    def refresh(self, vectors: VectorIndex) -> bool:
        """Bring the index to ``vectors`` by removing and adding passages (the trained lists stay);
        False, and nothing changed, when more than ``REFRESH_LIMIT`` of them differ (rebuild instead)."""
        removed = np.setdiff1d(self.ids, vectors.ids, assume_unique=True)
        added = np.setdiff1d(vectors.ids, self.ids, assume_unique=True)
        if len(removed) + len(added) > REFRESH_LIMIT * max(1, len(vectors)):
            return False
        if len(removed):
            self.index.remove_ids(np.ascontiguousarray(removed, dtype=np.int64))
        if len(added):
            self._add(vectors.matrix, np.searchsorted(vectors.ids, added), added)
        self.ids = np.asarray(vectors.ids, dtype=np.int64).copy()
        return True

    def save(self, path: Path) -> None:
        """The index and its id list, serialised and written atomically by the store."""
        write_ann_cache(path, _faiss().serialize_index(self.index), self.ids)

    @classmethod
    def load(cls, path: Path) -> AnnIndex | None:
        faiss = faiss_module()
        if faiss is None or not path.is_file():
            return None
        cached = read_ann_cache(path)
        if cached is None:
            return None
        data, ids = cached
        try:
            index = faiss.deserialize_index(data)
        except (RuntimeError, ValueError):  # damaged or half-written: rebuilt by the caller
            return None
        if int(index.ntotal) != len(ids):
            return None
        index.nprobe = NPROBE
        return cls(index=index, ids=ids)

    def candidates(
        self, query: NDArray[np.float32], count: int, allowed: NDArray[np.int64] | None
    ) -> NDArray[np.int64]:
        """Passage ids of up to ``count`` passages near ``query`` (only ``allowed`` ids, when given)."""
        faiss = _faiss()
        q = np.ascontiguousarray(np.asarray(query, dtype=np.float32).reshape(1, -1))
        params = None
        bits = None
        if allowed is not None:
            flags = np.zeros(int(self.ids[-1]) + 1 if self.rows else 1, dtype=np.uint8)
            flags[allowed[allowed < len(flags)]] = 1
            bits = np.packbits(flags, bitorder="little")  # must outlive the search
            selector = faiss.IDSelectorBitmap(len(flags), faiss.swig_ptr(bits))
            params = faiss.SearchParametersIVF(sel=selector, nprobe=NPROBE)
        _, found = self.index.search(q, count, params=params)
        del bits
        out: NDArray[np.int64] = found[0][found[0] >= 0].astype(np.int64)
        return out


def _faiss() -> Any:
    faiss = faiss_module()
    if faiss is None:
        raise RuntimeError("faiss is not installed")
    return faiss


def approximate_search(
    index: VectorIndex,
    ann: AnnIndex,
    query: NDArray[np.float32],
    k: int,
    mask: NDArray[np.bool_] | None = None,
) -> list[tuple[int, float]]:
    """The ``k`` passages closest to ``query`` among the index's candidates, scored exactly, best first."""
    if len(index) == 0 or k <= 0:
        return []
    allowed = None if mask is None else index.ids[mask]
    ids = ann.candidates(query, max(RERANK, 4 * k), allowed)
    rows = np.searchsorted(index.ids, ids)
    rows = np.sort(rows[(rows < len(index)) & (index.ids[np.minimum(rows, len(index) - 1)] == ids)])
    if len(rows) < k:  # a narrow filter the visited lists barely cover: be exact
        return index.search(query, k, mask)
    q = np.asarray(query, dtype=np.float32).reshape(-1)
    scores = np.asarray(index.matrix[rows], dtype=np.float32) @ q
    order = np.argsort(-scores, kind="stable")[:k]
    return [(int(index.ids[rows[i]]), float(scores[i])) for i in order]


def filtered_exact(
    index: VectorIndex, query: NDArray[np.float32], k: int, mask: NDArray[np.bool_]
) -> list[tuple[int, float]]:
    """Exact search over only the rows ``mask`` allows (cheaper than a full scan for a narrow filter)."""
    rows = np.flatnonzero(mask)
    if len(rows) == 0 or k <= 0:
        return []
    scores = np.asarray(index.matrix[rows], dtype=np.float32) @ np.asarray(query, dtype=np.float32)
    k = min(k, len(rows))
    top = np.argpartition(-scores, k - 1)[:k]
    top = top[np.argsort(-scores[top], kind="stable")]
    return [(int(index.ids[rows[i]]), float(scores[i])) for i in top]


# --- per library: built once per change of the vectors, cached on disk and in memory --------------------

_HELD: dict[str, AnnIndex] = {}
_LOCK = threading.Lock()


def ann_path(library: Library, model: str) -> Path:
    """The cache file of one model's approximate index (its passage ids beside it, ``.ids.npy``)."""
    return ann_cache_path(library, model)


def search_vectors(
    library: Library,
    model: str,
    index: VectorIndex,
    query: NDArray[np.float32],
    k: int,
    mask: NDArray[np.bool_] | None = None,
) -> list[tuple[int, float]]:
    """``find``'s dense ranking: exact below ``ANN_THRESHOLD`` passages (or for a narrow filter, or
    without faiss or a usable index), approximate with exact re-scoring above it."""
    if len(index) < ANN_THRESHOLD or faiss_module() is None:
        return index.search(query, k, mask)
    if mask is not None and int(mask.sum()) < ANN_THRESHOLD:
        return filtered_exact(index, query, k, mask)
    ann = library_ann(library, model, index)
    if ann is None:
        return index.search(query, k, mask)
    return approximate_search(index, ann, query, k, mask)


def library_ann(library: Library, model: str, index: VectorIndex) -> AnnIndex | None:
    """The approximate index of these vectors for a search (never written here): from memory, else the
    cache file, patched in memory when a few passages changed since it was written; None when there is
    none that fits (the search is then exact)."""
    path = ann_path(library, model)
    key = str(path)
    with _LOCK:
        ann = _HELD.get(key) or AnnIndex.load(path)
        if ann is None or not (np.array_equal(ann.ids, index.ids) or ann.refresh(index)):
            return None
        _hold(key, ann)
        return ann


def refresh_ann_cache(library: Library, model: str, index: VectorIndex) -> bool:
    """Bring the cached approximate index of ``model`` up to ``index`` (the write side, once per batch):
    nothing below ``ANN_THRESHOLD`` passages or without faiss; else patched in place when few passages
    changed, rebuilt when many did, and saved. Returns whether it wrote."""
    if len(index) < ANN_THRESHOLD or faiss_module() is None:
        return False
    path = ann_path(library, model)
    key = str(path)
    with _LOCK:
        ann = _HELD.get(key) or AnnIndex.load(path)
        if ann is not None and np.array_equal(ann.ids, index.ids):
            _hold(key, ann)
            return False
        if ann is None or not ann.refresh(index):
            ann = AnnIndex.build(index.matrix, index.ids)
        ann.save(path)
        _hold(key, ann)
        return True


def _hold(key: str, ann: AnnIndex) -> None:
    _HELD.clear()  # one library's index at a time: it is hundreds of megabytes
    _HELD[key] = ann
