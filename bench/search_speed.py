"""Query latency of the vector scan at 10 k, 100 k and 1 M synthetic passages, beside a plain numpy scan.

Random unit vectors (384 dimensions, as all-MiniLM-L6-v2) stand in for embeddings; our search is exact, so
recall@10 against the brute-force scan is checked (it must be 1.0). BM25 latency is measured on generated
text in an FTS5 table at 10 k and 100 k passages (1 M with --full: the insert takes minutes).
Usage: python bench/search_speed.py [--full] [--queries 40]
"""

from __future__ import annotations

import argparse
import random
import sqlite3
import sys
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from paperstudy.index.keyword import keyword_search, query_terms
from paperstudy.index.vectors import VectorIndex, brute_force

DIM = 384


def percentiles(samples: list[float]) -> tuple[float, float]:
    return float(np.percentile(samples, 50)) * 1000, float(np.percentile(samples, 95)) * 1000


def vector_bench(n: int, queries: int, rng: np.random.Generator) -> None:
    matrix = rng.standard_normal((n, DIM), dtype=np.float32)
    matrix /= np.linalg.norm(matrix, axis=1, keepdims=True)
    index = VectorIndex(ids=np.arange(n, dtype=np.int64), matrix=matrix)
    ours, base, recall = [], [], []
    for _ in range(queries):
        q = rng.standard_normal(DIM, dtype=np.float32)
        q /= np.linalg.norm(q)
        t = time.perf_counter()
        found = index.search(q, 10)
        ours.append(time.perf_counter() - t)
        t = time.perf_counter()
        exact = brute_force(matrix, q, 10)
        base.append(time.perf_counter() - t)
        recall.append(len({i for i, _ in found} & set(exact.tolist())) / 10)
    (p50, p95), (b50, b95) = percentiles(ours), percentiles(base)
    print(
        f"dense  {n:>9,}  p50 {p50:7.1f} ms  p95 {p95:7.1f} ms"
        f" | numpy scan p50 {b50:7.1f} ms p95 {b95:7.1f} ms"
        f" | speed ratio (scan p95 / ours p95) {b95 / p95:5.2f} | recall@10 {np.mean(recall):.3f}"
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
    args = parser.parse_args()
    rng = np.random.default_rng(0)
    for n in (10_000, 100_000, 1_000_000):
        vector_bench(n, args.queries, rng)
    for n in (10_000, 100_000) + ((1_000_000,) if args.full else ()):
        keyword_bench(n, args.queries)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
