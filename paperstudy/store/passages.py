"""Passages and their vectors in the library's SQLite database: staging (published with the paper row by
the triggers of migration 3), the FTS5 keyword index, and the reads search needs.

The search logic (what to ask, how to rank and fuse) lives in ``paperstudy.index``; the statements are
here. ``where`` fragments are built by ``index.search.Filters`` from constant text, with bound values.
"""

from __future__ import annotations

import io
import json
import re
import sqlite3
from collections.abc import Sequence
from pathlib import Path

import numpy as np
from numpy.typing import NDArray

from paperstudy.fsio import atomic_write_bytes, open_atomic
from paperstudy.store.papers import Library

StagedRow = tuple[str, str, int, str, str, int, str, str, str, bytes]
"""paper_id, paper_sha256, position, section, facet, page, text, text_sha256, model, vector."""
_LOOKUP_BATCH = 500
"""SQLite's bound-parameter limit, with room to spare."""


# --- the write side --------------------------------------------------------------------------------------


def stage(library: Library, paper_id: str, rows: Sequence[StagedRow]) -> None:
    """Replace a paper's staged passages (published when the paper's row is written)."""
    with library.transaction() as db:
        db.execute("DELETE FROM staged_passages WHERE paper_id = ?", (paper_id,))
        db.executemany(
            "INSERT INTO staged_passages (paper_id, paper_sha256, position, section, facet, page, text,"
            " text_sha256, model, vector) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            rows,
        )


def discard_staged(library: Library, paper_id: str | None = None) -> None:
    """Drop one paper's staged passages (its save failed), or every paper's (a crashed ingest's)."""
    with library.transaction() as db:
        if paper_id is None:
            db.execute("DELETE FROM staged_passages")
        else:
            db.execute("DELETE FROM staged_passages WHERE paper_id = ?", (paper_id,))


def stored_vectors(db: sqlite3.Connection, model: str, hashes: Sequence[str]) -> dict[str, bytes]:
    """Vectors already computed by ``model`` for any of these text hashes (in the index or staged)."""
    found: dict[str, bytes] = {}
    unique = sorted(set(hashes))
    for start in range(0, len(unique), _LOOKUP_BATCH):
        chunk = unique[start : start + _LOOKUP_BATCH]
        marks = ",".join("?" * len(chunk))
        for table in ("passages", "staged_passages"):
            for row in db.execute(
                f"SELECT text_sha256, vector FROM {table} WHERE model = ? AND text_sha256 IN ({marks})",
                (model, *chunk),
            ):
                if row["vector"]:
                    found[row["text_sha256"]] = bytes(row["vector"])
    return found


# --- reads for search ------------------------------------------------------------------------------------


def keyword_rows(
    db: sqlite3.Connection,
    match: str,
    weights: Sequence[float],
    *,
    where: str = "",
    params: Sequence[object] = (),
    limit: int = 50,
) -> list[tuple[int, float]]:
    """(passage id, bm25 rank — lower is better) of the passages matching an FTS5 expression."""
    rows = db.execute(
        "SELECT f.rowid AS id, bm25(passages_fts, ?, ?, ?) AS rank FROM passages_fts f"
        " JOIN passages p ON p.id = f.rowid JOIN papers pa ON pa.id = p.paper_id"
        f" WHERE passages_fts MATCH ? {where} ORDER BY rank LIMIT ?",
        (*weights, match, *params, limit),
    ).fetchall()
    return [(int(row["id"]), float(row["rank"])) for row in rows]


def vector_stamp(db: sqlite3.Connection, model: str) -> tuple[int, int]:
    """(how many passages ``model`` embedded, the highest passage id): changes whenever they do."""
    row = db.execute(
        "SELECT count(*), coalesce(max(id), 0) FROM passages WHERE model = ?", (model,)
    ).fetchone()
    return int(row[0]), int(row[1])


def vector_rows(db: sqlite3.Connection, model: str) -> list[tuple[int, bytes]]:
    """(passage id, packed vector) of every passage ``model`` embedded, by id."""
    rows = db.execute("SELECT id, vector FROM passages WHERE model = ? ORDER BY id", (model,)).fetchall()
    return [(int(row["id"]), bytes(row["vector"])) for row in rows]


def models_in_index(db: sqlite3.Connection) -> dict[str, int]:
    """Passage counts per embedding model id (normally one)."""
    rows = db.execute("SELECT model, count(*) AS n FROM passages GROUP BY model ORDER BY n DESC").fetchall()
    return {row["model"]: int(row["n"]) for row in rows}


def paper_of(db: sqlite3.Connection, passage_ids: Sequence[int]) -> dict[int, str]:
    """Passage id → paper id."""
    ids = sorted(set(passage_ids))
    found: dict[int, str] = {}
    for start in range(0, len(ids), _LOOKUP_BATCH):
        chunk = ids[start : start + _LOOKUP_BATCH]
        rows = db.execute(
            f"SELECT id, paper_id FROM passages WHERE id IN ({','.join('?' * len(chunk))})", chunk
        )
        found.update({int(row[0]): str(row[1]) for row in rows})
    return found


def passage_papers(db: sqlite3.Connection) -> list[tuple[int, str]]:
    """(passage id, paper id) of every passage, by id."""
    return [(int(row[0]), str(row[1])) for row in db.execute("SELECT id, paper_id FROM passages ORDER BY id")]


def ids_where(db: sqlite3.Connection, model: str, where: str, params: Sequence[object]) -> list[int]:
    """Ids of ``model``'s passages passing a filter fragment over ``p`` (passages) and ``pa`` (papers)."""
    rows = db.execute(
        f"SELECT p.id FROM passages p JOIN papers pa ON pa.id = p.paper_id WHERE p.model = ? {where}",
        (model, *params),
    ).fetchall()
    return [int(row[0]) for row in rows]


def passage_rows(db: sqlite3.Connection, passage_ids: Sequence[int]) -> dict[int, sqlite3.Row]:
    """Passages with their paper's title and year, by id (columns: id, paper_id, section, facet, page,
    text, title, year)."""
    found: dict[int, sqlite3.Row] = {}
    ids = list(passage_ids)
    for start in range(0, len(ids), _LOOKUP_BATCH):
        chunk = ids[start : start + _LOOKUP_BATCH]
        rows = db.execute(
            "SELECT p.id, p.paper_id, p.section, p.facet, p.page, p.text, pa.title, pa.year FROM passages p"
            f" JOIN papers pa ON pa.id = p.paper_id WHERE p.id IN ({','.join('?' * len(chunk))})",
            chunk,
        ).fetchall()
        found.update({int(row["id"]): row for row in rows})
    return found


# --- the memory-mapped cache of one model's vectors (derived data beside the database) ---------------------


def _cache_paths(library: Library, model: str) -> tuple[Path, Path, Path]:
    slug = re.sub(r"[^A-Za-z0-9._-]+", "_", model)[-80:]
    base = library.vault.cache_dir / f"vectors-{slug}"
    return base.with_suffix(".ids.npy"), base.with_suffix(".f32.npy"), base.with_suffix(".json")


def read_vector_cache(
    library: Library, model: str, stamp: tuple[int, int]
) -> tuple[NDArray[np.int64], NDArray[np.float32]] | None:
    """(passage ids, memory-mapped float32 matrix) when the cache matches ``stamp``; None otherwise."""
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
    return ids.astype(np.int64), matrix


def write_vector_cache(
    library: Library,
    model: str,
    stamp: tuple[int, int],
    ids: NDArray[np.int64],
    matrix: NDArray[np.float32],
) -> None:
    """Write the cache files, each atomically; the stamp file last, so a half-written cache never matches."""
    ids_path, matrix_path, meta_path = _cache_paths(library, model)
    atomic_write_bytes(ids_path, _npy(ids))
    atomic_write_bytes(matrix_path, _npy(matrix))
    atomic_write_bytes(meta_path, json.dumps({"model": model, "stamp": list(stamp)}).encode())


def _npy(array: NDArray[np.generic]) -> bytes:
    buffer = io.BytesIO()
    np.save(buffer, array, allow_pickle=False)
    return buffer.getvalue()


# --- the approximate (faiss) index of one model's vectors, derived data beside the vector cache ----------


def ann_cache_path(library: Library, model: str) -> Path:
    """The cache file of one model's approximate index (its passage ids beside it, ``.ids.npy``)."""
    return library.vault.cache_dir / ("ann-" + re.sub(r"[^A-Za-z0-9._-]+", "_", model)[-80:] + ".faiss")


def _ann_ids_path(path: Path) -> Path:
    return path.with_suffix(".ids.npy")


def write_ann_cache(path: Path, index_data: NDArray[np.uint8], ids: NDArray[np.int64]) -> None:
    """Write a serialised faiss index and its passage ids, each atomically (the index last: a reader checks
    that the two agree, so a crash between the writes leaves a cache that is rebuilt, never a wrong one)."""
    atomic_write_bytes(_ann_ids_path(path), _npy(np.asarray(ids, dtype=np.int64)))
    with open_atomic(path) as handle:
        handle.write(np.ascontiguousarray(index_data, dtype=np.uint8).data)


def read_ann_cache(path: Path) -> tuple[NDArray[np.uint8], NDArray[np.int64]] | None:
    """(the serialised faiss index, its passage ids), or None when either file is missing or unreadable."""
    try:
        data = np.fromfile(path, dtype=np.uint8)
        ids = np.load(_ann_ids_path(path))
    except (OSError, ValueError):
        return None
    return data, ids.astype(np.int64)


def page_texts(db: sqlite3.Connection, paper_ids: Sequence[str]) -> dict[str, list[str]]:
    """Each paper's page texts, page 1 first (papers without stored pages are left out)."""
    out: dict[str, list[str]] = {}
    for paper_id in dict.fromkeys(paper_ids):
        rows = db.execute("SELECT text FROM pages WHERE paper_id = ? ORDER BY page", (paper_id,))
        texts = [row["text"] for row in rows]
        if texts:
            out[paper_id] = texts
    return out
