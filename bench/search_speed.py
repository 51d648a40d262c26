"""Query latency of dense search at 10 k, 100 k and 1 M synthetic passages, beside the best plain numpy scan.

Unit vectors (384 dimensions, as all-MiniLM-L6-v2) stand in for embeddings. By default they are
clustered, as real embeddings are to some degree: each is one of n/500 random topic centres plus noise
(cosine ≈ 0.75 to its centre), and each query is a fresh draw from the same mixture. ``--uniform`` draws
plain random vectors instead, the worst case for any approximate index (no structure at all).
The baseline is the best plain numpy exact scan (one matrix-vector product, ``argpartition``, a sort of
the top k): our exact scan must match its recall (1.0). From ``ANN_THRESHOLD`` passages on, ``find`` uses
the faiss index of ``paperstudy.index.ann``, whose build time, p95 and recall@10 against the exact scan
are printed (targets: p95 < 50 ms, recall ≥ 0.95 at 1 M). ``--hnsw N`` also builds hnswlib's HNSW graph
over N passages for comparison (slow to build; needs ``pip install hnswlib``, which no extra brings).
BM25 latency is measured on generated text in an FTS5 table at 10 k and 100 k passages (1 M with --full).
Usage: python bench/search_speed.py [--full] [--queries 40] [--uniform] [--hnsw 100000]
"""

from __future__ import annotations

import argparse
import random
import sqlite3
import sys
import time
from pathlib import Path

import numpy as np
from numpy.typing import NDArray

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from paperstudy.index.ann import ANN_THRESHOLD, AnnIndex, approximate_search
from paperstudy.index.keyword import keyword_search, query_terms
from paperstudy.index.vectors import VectorIndex, brute_force

DIM = 384
K = 10


def percentiles(samples: list[float]) -> tuple[float, float]:
    return float(np.percentile(samples, 50)) * 1000, float(np.percentile(samples, 95)) * 1000


def unit(rows: NDArray[np.float32]) -> NDArray[np.float32]:
    rows /= np.linalg.norm(rows, axis=1, keepdims=True)
    return rows


def vectors(n: int, rng: np.random.Generator, centres: NDArray[np.float32] | None) -> NDArray[np.float32]:
    """``n`` unit rows: plain random, or centre + noise in blocks (bounded temporary memory)."""
    if centres is None:
        return unit(rng.standard_normal((n, DIM), dtype=np.float32))
    out = np.empty((n, DIM), dtype=np.float32)
    for start in range(0, n, 100_000):
        stop = min(n, start + 100_000)
        picked = centres[rng.integers(0, len(centres), stop - start)]
        noise = rng.standard_normal((stop - start, DIM), dtype=np.float32) * np.float32(0.9 / np.sqrt(DIM))
        out[start:stop] = unit(picked + noise)
    return out


def timed(samples: list[float], call: object) -> object:
    t = time.perf_counter()
    result = call()  # type: ignore[operator]
    samples.append(time.perf_counter() - t)
    return result


def vector_bench(n: int, queries: int, rng: np.random.Generator, uniform: bool, hnsw: bool) -> None:
    centres = None if uniform else unit(rng.standard_normal((max(20, n // 500), DIM), dtype=np.float32))
    matrix = vectors(n, rng, centres)
    qs = vectors(queries, rng, centres)
    index = VectorIndex(ids=np.arange(n, dtype=np.int64), matrix=matrix)
    ours: list[float] = []
    base: list[float] = []
    recall: list[float] = []
    exact_sets = []
    for q in qs:
        found = timed(ours, lambda q=q: index.search(q, K))
        exact = timed(base, lambda q=q: brute_force(matrix, q, K))
        exact_sets.append(set(exact.tolist()))  # type: ignore[attr-defined]
        recall.append(len({i for i, _ in found} & exact_sets[-1]) / K)  # type: ignore[attr-defined]
    (p50, p95), (b50, b95) = percentiles(ours), percentiles(base)
    print(
        f"exact  {n:>9,}  p50 {p50:7.1f} ms  p95 {p95:7.1f} ms"
        f" | numpy scan p50 {b50:7.1f} ms p95 {b95:7.1f} ms"
        f" | ratio (numpy p95 / ours p95) {b95 / p95:5.2f} | recall@10 {np.mean(recall):.3f}",
        flush=True,
    )
    if n >= ANN_THRESHOLD:
        start = time.perf_counter()
        ann = AnnIndex.build(matrix)
        build = time.perf_counter() - start
        samples: list[float] = []
        recall = []
        for q, exact_set in zip(qs, exact_sets, strict=True):
            found = timed(samples, lambda q=q: approximate_search(index, ann, q, K))
            recall.append(len({i for i, _ in found} & exact_set) / K)  # type: ignore[attr-defined]
        a50, a95 = percentiles(samples)
        print(
            f"faiss  {n:>9,}  p50 {a50:7.1f} ms  p95 {a95:7.1f} ms"
            f" | ratio (numpy p95 / faiss p95) {b95 / a95:5.2f} | recall@10 {np.mean(recall):.3f}"
            f" | build {build:.1f} s (IVF-SQ8, exact re-scoring)",
            flush=True,
        )
        refresh_bench(index, ann, rng, centres, build)
    if hnsw:
        hnsw_bench(matrix, qs, exact_sets, b95)


def refresh_bench(
    index: VectorIndex,
    ann: AnnIndex,
    rng: np.random.Generator,
    centres: NDArray[np.float32] | None,
    build: float,
) -> None:
    """A re-ingest of 1 % of the passages (old ids gone, new ones added): update in place vs the build."""
    n = len(index)
    keep = np.ones(n, dtype=bool)
    keep[rng.choice(n, size=n // 100, replace=False)] = False
    changed = VectorIndex(
        ids=np.concatenate([index.ids[keep], np.arange(n, n + n // 100, dtype=np.int64)]),
        matrix=np.concatenate([index.matrix[keep], vectors(n // 100, rng, centres)]),
    )
    start = time.perf_counter()
    assert ann.refresh(changed)
    took = time.perf_counter() - start
    print(f"faiss  {n:>9,}  1 % of passages replaced: updated in place in {took:.1f} s (build {build:.1f} s)")


def hnsw_bench(
    matrix: NDArray[np.float32], qs: NDArray[np.float32], exact_sets: list[set[int]], b95: float
) -> None:
    import hnswlib

    n = len(matrix)
    start = time.perf_counter()
    graph = hnswlib.Index(space="ip", dim=DIM)
    graph.init_index(max_elements=n, M=16, ef_construction=100, random_seed=0)
    graph.add_items(matrix)
    build = time.perf_counter() - start
    for ef in (50, 100):
        graph.set_ef(ef)
        samples: list[float] = []
        recall = []
        for q, exact_set in zip(qs, exact_sets, strict=True):
            labels = timed(samples, lambda q=q: graph.knn_query(q, k=K)[0])
            recall.append(len(set(labels[0].tolist()) & exact_set) / K)  # type: ignore[index]
        h50, h95 = percentiles(samples)
        print(
            f"hnsw   {n:>9,}  p50 {h50:7.1f} ms  p95 {h95:7.1f} ms"
            f" | ratio (numpy p95 / hnsw p95) {b95 / h95:5.2f} | recall@10 {np.mean(recall):.3f}"
            f" | build {build:.1f} s (M 16, ef_construction 100, ef {ef})",
            flush=True,
        )


WORDS = (
    "click rate model embedding feature user item sparse dense network layer attention graph node sampling "
    "negative positive loss training dataset criteo avazu auc logloss field cross product factorization "
    "machine deep wide interest sequence image video query document ranking retrieval transformer"
).split()


def keyword_bench(n: int, queries: int) -> None:
    db = sqlite3.connect(":memory:")
    db.row_factory = sqlite3.Row
    db.executescript(
        "CREATE TABLE papers (id TEXT PRIMARY KEY, year INTEGER);"
        "CREATE TABLE passages (id INTEGER PRIMARY KEY, paper_id TEXT, facet TEXT);"
        "CREATE VIRTUAL TABLE passages_fts USING fts5(text, section, title,"
        " tokenize = 'porter unicode61 remove_diacritics 2');"
        "INSERT INTO papers VALUES ('p', 2017);"
    )
    rnd = random.Random(0)
    vocab = WORDS + [f"w{i}" for i in range(20000)]
    rows = ((i, " ".join(rnd.choices(vocab, k=60)), "Section", "Title") for i in range(1, n + 1))
    db.executemany("INSERT INTO passages_fts (rowid, text, section, title) VALUES (?, ?, ?, ?)", rows)
    db.executemany("INSERT INTO passages VALUES (?, 'p', 'other')", ((i,) for i in range(1, n + 1)))
    samples = []
    for _ in range(queries):
        terms = query_terms(" ".join(rnd.choices(WORDS, k=6)))
        t = time.perf_counter()
        keyword_search(db, terms, limit=50)
        samples.append(time.perf_counter() - t)
    p50, p95 = percentiles(samples)
    print(f"bm25   {n:>9,}  p50 {p50:7.1f} ms  p95 {p95:7.1f} ms")


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--full", action="store_true")
    parser.add_argument("--queries", type=int, default=40)
    parser.add_argument("--uniform", action="store_true", help="plain random vectors (no clusters)")
    parser.add_argument("--hnsw", type=int, default=0, help="also build hnswlib over this many passages")
    parser.add_argument("--sizes", type=int, nargs="*", default=[10_000, 100_000, 1_000_000])
    args = parser.parse_args()
    rng = np.random.default_rng(0)
    print(f"{'uniform random' if args.uniform else 'clustered'} unit vectors, {DIM} dimensions, k = {K}")
    for n in args.sizes:
        vector_bench(n, args.queries, rng, args.uniform, hnsw=n == args.hnsw)
    if args.hnsw and args.hnsw not in args.sizes:
        vector_bench(args.hnsw, args.queries, rng, args.uniform, hnsw=True)
    for n in (10_000, 100_000) + ((1_000_000,) if args.full else ()):
        keyword_bench(n, args.queries)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
