"""The approximate index above the size threshold, the exact scan below it, and the numpy baseline."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from paperstudy.index import ann
from paperstudy.index.ann import AnnIndex, approximate_search, filtered_exact, search_vectors
from paperstudy.index.vectors import VectorIndex, brute_force
from paperstudy.store import Library, Vault

pytest.importorskip("faiss")


def clustered(n: int, dim: int = 32, seed: int = 0) -> np.ndarray:
    rng = np.random.default_rng(seed)
    centres = rng.standard_normal((max(4, n // 200), dim)).astype(np.float32)
    rows = centres[rng.integers(0, len(centres), n)] + 0.3 * rng.standard_normal((n, dim)).astype(np.float32)
    return (rows / np.linalg.norm(rows, axis=1, keepdims=True)).astype(np.float32)


@pytest.fixture(scope="module")
def data() -> tuple[VectorIndex, AnnIndex, np.ndarray]:
    matrix = clustered(6000)
    index = VectorIndex(ids=np.arange(10, 6010, dtype=np.int64) * 3, matrix=matrix)
    queries = clustered(30, seed=1)
    return index, AnnIndex.build(matrix, index.ids), queries


def test_brute_force_is_the_exact_top_k_in_order() -> None:
    matrix = clustered(500)
    query = matrix[7]
    scores = matrix @ query
    assert brute_force(matrix, query, 10).tolist() == np.argsort(-scores, kind="stable")[:10].tolist()
    assert brute_force(matrix, query, 1000).shape == (500,)


def test_approximate_search_recalls_the_exact_top_10_with_exact_scores(data: tuple) -> None:  # type: ignore[type-arg]
    index, approximate, queries = data
    recalls = []
    for q in queries:
        exact = index.search(q, 10)
        found = approximate_search(index, approximate, q, 10)
        recalls.append(len({i for i, _ in found} & {i for i, _ in exact}) / 10)
        row_of = {int(pid): row for row, pid in enumerate(index.ids)}
        for pid, score in found:
            assert score == pytest.approx(float(index.matrix[row_of[pid]] @ q), abs=1e-5)
        assert [s for _, s in found] == sorted((s for _, s in found), reverse=True)
    assert np.mean(recalls) >= 0.95


def test_filters_are_respected(data: tuple) -> None:  # type: ignore[type-arg]
    index, approximate, queries = data
    mask = np.zeros(len(index), dtype=bool)
    mask[::3] = True
    allowed = set(index.ids[mask].tolist())
    for q in queries[:5]:
        found = approximate_search(index, approximate, q, 10, mask)
        assert len(found) == 10 and {pid for pid, _ in found} <= allowed
        assert filtered_exact(index, q, 10, mask) == index.search(q, 10, mask)
    narrow = np.zeros(len(index), dtype=bool)
    narrow[[5, 900, 4000]] = True
    assert {pid for pid, _ in approximate_search(index, approximate, queries[0], 10, narrow)} == set(
        index.ids[narrow].tolist()
    )


def test_saved_index_searches_the_same(data: tuple, tmp_path: Path) -> None:  # type: ignore[type-arg]
    index, approximate, queries = data
    approximate.save(tmp_path / "x.faiss")
    loaded = AnnIndex.load(tmp_path / "x.faiss")
    assert loaded is not None and loaded.rows == len(index)
    assert approximate_search(index, loaded, queries[0], 10) == approximate_search(
        index, approximate, queries[0], 10
    )
    (tmp_path / "bad.faiss").write_bytes(b"not an index")
    assert AnnIndex.load(tmp_path / "bad.faiss") is None


def test_library_search_is_exact_below_the_threshold_and_reads_the_written_index_above(
    data: tuple,  # type: ignore[type-arg]
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    index, _, queries = data
    with Library(Vault(tmp_path / "vault")) as library:
        assert search_vectors(library, "m@1", index, queries[0], 10) == index.search(queries[0], 10)
        assert not ann.refresh_ann_cache(library, "m@1", index)  # below the threshold: no index
        assert not list(library.vault.cache_dir.glob("ann-*"))
        monkeypatch.setattr(ann, "ANN_THRESHOLD", 1000)
        exact = index.search(queries[0], 10)
        # Searching never writes: with no index written yet, the search above the threshold is exact.
        assert search_vectors(library, "m@1", index, queries[0], 10) == exact
        assert not list(library.vault.cache_dir.glob("ann-*"))
        assert ann.refresh_ann_cache(library, "m@1", index)  # the write side builds and saves it
        assert not ann.refresh_ann_cache(library, "m@1", index)  # up to date: nothing to write
        assert sorted(p.name for p in library.vault.cache_dir.glob("ann-*")) == [
            "ann-m_1.faiss",
            "ann-m_1.ids.npy",
        ]
        ann._HELD.clear()
        found = search_vectors(library, "m@1", index, queries[0], 10)  # read back from the file
        assert found == approximate_search(index, ann.library_ann(library, "m@1", index), queries[0], 10)  # type: ignore[arg-type]
        assert len({i for i, _ in found} & {i for i, _ in exact}) >= 9
        mask = np.zeros(len(index), dtype=bool)
        mask[:500] = True  # under the threshold: the allowed rows are scanned exactly
        narrow = search_vectors(library, "m@1", index, queries[0], 10, mask)
        assert narrow == index.search(queries[0], 10, mask)


def test_changed_vectors_are_removed_and_added_in_place(
    data: tuple, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:  # type: ignore[type-arg]
    index, _, queries = data
    monkeypatch.setattr(ann, "ANN_THRESHOLD", 1000)
    with Library(Vault(tmp_path / "vault")) as library:
        assert ann.refresh_ann_cache(library, "m@1", index)
        first = ann.library_ann(library, "m@1", index)
        keep = np.ones(len(index), dtype=bool)
        keep[100:400] = False  # a re-ingested paper: its old passages go ...
        extra = clustered(300, seed=5)
        changed = VectorIndex(
            ids=np.concatenate([index.ids[keep], np.arange(1, 301, dtype=np.int64) + int(index.ids[-1])]),
            matrix=np.concatenate([index.matrix[keep], extra]),
        )  # ... and its new ones come with higher ids
        files = {p.name: p.stat().st_mtime_ns for p in library.vault.cache_dir.glob("ann-*")}
        patched = ann.library_ann(library, "m@1", changed)  # a search patches it in memory only
        assert patched is first and patched is not None and np.array_equal(patched.ids, changed.ids)
        assert {p.name: p.stat().st_mtime_ns for p in library.vault.cache_dir.glob("ann-*")} == files
        ann._HELD.clear()
        assert ann.refresh_ann_cache(library, "m@1", changed)  # the write side saves the patched index
        ann._HELD.clear()
        loaded = AnnIndex.load(ann.ann_path(library, "m@1"))
        assert loaded is not None and np.array_equal(loaded.ids, changed.ids)
        assert loaded.index.ntotal == len(changed)
        recalls = []
        for q in [*queries[:10], *extra[:10]]:
            exact = {i for i, _ in changed.search(q, 10)}
            recalls.append(len({i for i, _ in approximate_search(changed, loaded, q, 10)} & exact) / 10)
        assert np.mean(recalls) >= 0.95
        small = VectorIndex(ids=changed.ids[:1000], matrix=changed.matrix[:1000])
        assert not loaded.refresh(small)  # most passages gone: rebuilt, not patched
        assert ann.library_ann(library, "m@1", small) is None  # a search is exact until it is rebuilt
        assert ann.refresh_ann_cache(library, "m@1", small)
        rebuilt = ann.library_ann(library, "m@1", small)
        assert rebuilt is not None and rebuilt is not loaded and np.array_equal(rebuilt.ids, small.ids)


def test_ingest_writes_the_approximate_index_and_find_only_reads_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from paperstudy.index import vectors
    from paperstudy.pipeline import ingest_files
    from paperstudy.service.ask import find
    from paperstudy.settings import Settings
    from tests.fakes import FakeParser

    monkeypatch.setattr(vectors, "CACHE_MIN_ROWS", 1)
    monkeypatch.setattr(ann, "ANN_THRESHOLD", 1)  # every library is "large"
    ann._HELD.clear()
    settings = Settings(notes=tmp_path / "vault", embedding_model="hash")
    pdfs = []
    for name in ("deepthing.pdf", "otherthing_noarxiv.pdf", "thirdthing_noarxiv.pdf"):
        pdfs.append(tmp_path / name)
        pdfs[-1].write_bytes(b"%PDF-1.4\n" + name.encode())
    assert all(o.status == "ok" for o in ingest_files(pdfs[:2], "ctr", settings, parser=FakeParser()))
    cache = Vault(settings.notes).cache_dir
    written = {p.name: p.stat().st_mtime_ns for p in cache.glob("ann-*")}
    assert sorted(Path(n).suffix for n in written) == [".faiss", ".npy"]
    ann._HELD.clear()
    assert find(settings, "Criteo dataset", mode="dense").hits
    assert {p.name: p.stat().st_mtime_ns for p in cache.glob("ann-*")} == written  # read, not written
    ingest_files(pdfs[2:], "ctr", settings, parser=FakeParser())
    with Library(Vault(settings.notes)) as library:
        [model] = vectors.models_in_index(library.db)
        stored = AnnIndex.load(ann.ann_path(library, model))
        held = vectors.load_vectors(library, model)
    assert {p.name: p.stat().st_mtime_ns for p in cache.glob("ann-*")} != written  # the batch refreshed it
    assert stored is not None and np.array_equal(stored.ids, held.ids)
