"""Approximate nearest neighbours for large libraries: a faiss inverted-file index above a size threshold.

Below ``ANN_THRESHOLD`` passages the exact scan (``VectorIndex.search``) is fast enough and is used. Above
it, a faiss ``IndexIVFScalarQuantizer`` (vectors clustered into about √n lists, stored as 8-bit codes,
a quarter of float32) proposes ``RERANK`` candidates from the ``NPROBE`` lists nearest the query, and those
candidates are re-scored exactly against the float32 matrix, so the scores returned are true cosines and
only the candidate set is approximate. Chosen by ``bench/search_speed.py`` over hnswlib's HNSW graph: it
builds several times faster on 2 cores, takes a quarter of the memory and met the recall target at a
lower p95 (README, "Search at a million passages").

The index is derived data: built on the first search after the library's vectors change, written beside
the vector cache (``.paperstudy/cache/ann-<model>-<count>-<max id>.faiss``, atomically) and read back by
later processes. A filtered search whose filter leaves fewer than ``ANN_THRESHOLD`` passages scans those
exactly; a wider one searches the index with the filter as a faiss ID selector. Without faiss installed
every search is exact.
"""

from __future__ import annotations

import math
import os
import re
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
from numpy.typing import NDArray

from paperstudy.index.vectors import VectorIndex
from paperstudy.store import Library

ANN_THRESHOLD = 200_000
"""From this many passages of one model on, searches go through the approximate index."""
NPROBE = 32
"""Inverted lists visited per query."""
RERANK = 200
"""Candidates taken from the index and re-scored exactly (at least 4 × k)."""
TRAIN_PER_LIST = 40
"""Training sample size per inverted list (faiss warns below 39)."""


def faiss_module() -> Any | None:
    """faiss, or None when it is not installed (every search is then exact)."""
    try:
        import faiss
    except ImportError:
        return None
    return faiss


@dataclass
class AnnIndex:
    """A trained, filled faiss IVF-SQ8 index over the rows of one ``VectorIndex`` matrix."""

    index: Any
    rows: int

    @classmethod
    def build(cls, matrix: NDArray[np.float32], seed: int = 0) -> AnnIndex:
        faiss = faiss_module()
        if faiss is None:
            raise RuntimeError("faiss is not installed")
        n, dim = matrix.shape
        lists = max(16, min(8192, round(math.sqrt(n))))
        quantizer = faiss.IndexFlatIP(dim)
        index = faiss.IndexIVFScalarQuantizer(
            quantizer, dim, lists, faiss.ScalarQuantizer.QT_8bit, faiss.METRIC_INNER_PRODUCT
        )
        index.cp.niter = 10
        index.cp.seed = seed
        rng = np.random.default_rng(seed)
        sample = np.sort(rng.choice(n, size=min(n, lists * TRAIN_PER_LIST), replace=False))
        index.train(np.ascontiguousarray(matrix[sample], dtype=np.float32))
        for start in range(0, n, 65_536):
            index.add(np.ascontiguousarray(matrix[start : start + 65_536], dtype=np.float32))
        index.nprobe = NPROBE
        return cls(index=index, rows=n)

    def save(self, path: Path) -> None:
        faiss = faiss_module()
        assert faiss is not None  # an AnnIndex exists only where faiss does
        path.parent.mkdir(parents=True, exist_ok=True)
        temporary = path.with_name(f".{path.name}.{os.getpid()}.tmp")
        faiss.write_index(self.index, str(temporary))
        temporary.replace(path)

    @classmethod
    def load(cls, path: Path) -> AnnIndex | None:
        faiss = faiss_module()
        if faiss is None or not path.is_file():
            return None
        try:
            index = faiss.read_index(str(path))
        except RuntimeError:  # a damaged file: rebuilt by the caller
            return None
        index.nprobe = NPROBE
        return cls(index=index, rows=int(index.ntotal))

    def candidates(self, query: NDArray[np.float32], count: int, mask: NDArray[np.bool_] | None) -> Any:
        """Row numbers of up to ``count`` rows near ``query`` (only rows where ``mask`` is true)."""
        faiss = faiss_module()
        assert faiss is not None
        q = np.ascontiguousarray(np.asarray(query, dtype=np.float32).reshape(1, -1))
        params = None
        bits = None
        if mask is not None:
            bits = np.packbits(mask.astype(np.uint8), bitorder="little")  # must outlive the search
            selector = faiss.IDSelectorBitmap(len(mask), faiss.swig_ptr(bits))
            params = faiss.SearchParametersIVF(sel=selector, nprobe=NPROBE)
        _, rows = self.index.search(q, count, params=params)
        del bits
        found = rows[0]
        return found[found >= 0]


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
    rows = np.sort(ann.candidates(query, max(RERANK, 4 * k), mask))
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


def _prefix(model: str) -> str:
    return "ann-" + re.sub(r"[^A-Za-z0-9._-]+", "_", model)[-80:] + "-"


def ann_path(library: Library, model: str, index: VectorIndex) -> Path:
    """The cache file of one state of one model's vectors (count and highest id: ids are never reused)."""
    last = int(index.ids[-1]) if len(index) else 0
    return library.vault.cache_dir / f"{_prefix(model)}{len(index)}-{last}.faiss"


def search_vectors(
    library: Library,
    model: str,
    index: VectorIndex,
    query: NDArray[np.float32],
    k: int,
    mask: NDArray[np.bool_] | None = None,
) -> list[tuple[int, float]]:
    """``find``'s dense ranking: exact below ``ANN_THRESHOLD`` passages (or for a narrow filter, or
    without faiss), approximate with exact re-scoring above it."""
    if len(index) < ANN_THRESHOLD or faiss_module() is None:
        return index.search(query, k, mask)
    if mask is not None and int(mask.sum()) < ANN_THRESHOLD:
        return filtered_exact(index, query, k, mask)
    return approximate_search(index, library_ann(library, model, index), query, k, mask)


def library_ann(library: Library, model: str, index: VectorIndex) -> AnnIndex:
    """The approximate index of these vectors: from memory, else the cache file, else built and saved."""
    path = ann_path(library, model, index)
    key = str(path)
    with _LOCK:
        held = _HELD.get(key)
        if held is not None:
            return held
        ann = AnnIndex.load(path)
        if ann is None or ann.rows != len(index):
            ann = AnnIndex.build(index.matrix)
            ann.save(path)
            for stale in path.parent.glob(f"{_prefix(model)}*.faiss"):
                if stale != path and re.fullmatch(r"\d+-\d+\.faiss", stale.name[len(_prefix(model)) :]):
                    stale.unlink(missing_ok=True)
        _HELD.clear()  # one library's index at a time: it is hundreds of megabytes
        _HELD[key] = ann
        return ann
