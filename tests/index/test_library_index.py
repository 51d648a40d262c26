# ruff: noqa: E501
"""Index and notes stay consistent; find/similar over a small vault (hash encoder: the model is not the point)."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from paperstudy.errors import ConfigError, NotFoundError, SearchIndexError
from paperstudy.index.embed import HashEncoder, get_encoder
from paperstudy.index.indexing import Indexer
from paperstudy.index.search import Filters, find, similar
from paperstudy.pipeline import ingest_files
from paperstudy.reindex import reindex
from paperstudy.settings import Settings
from paperstudy.store import Library, Vault
from tests.index.helpers import JsonParser, unindexed_papers, write_corpus, write_paper

ENCODER = HashEncoder()


def ids(settings: Settings) -> dict[str, str]:
    """Helper paper name → paper id, from the ingested PDF's file name."""
    with Library(Vault(settings.notes)) as library:
        return {Path(r.source_path or "").stem: r.id for r in library.records()}


def test_ingest_indexes_passages_with_vectors(library_settings: Settings) -> None:
    with Library(Vault(library_settings.notes)) as library:
        rows = library.db.execute("SELECT paper_id, model, length(vector) AS n FROM passages").fetchall()
        assert {r["model"] for r in rows} == {"hash-256"} and all(r["n"] == 512 for r in rows)
        assert len({r["paper_id"] for r in rows}) == 3
        assert library.db.execute("SELECT count(*) FROM staged_passages").fetchone()[0] == 0
        fts = library.db.execute("SELECT count(*) FROM passages_fts").fetchone()[0]
        assert fts == len(rows)


def test_find_ranks_and_filters(library_settings: Settings) -> None:
    paper = ids(library_settings)
    with Library(Vault(library_settings.notes)) as library:
        result = find(library, "how do they handle negative sampling", ENCODER)
        top = result.hits[0]
        assert (top.paper_id, top.section, top.facet, top.page) == (
            paper["negsamp"],
            "2 Negative sampling",
            "data",
            2,
        )
        assert top.highlights and "negative" in top.terms
        graphs = find(library, "negative sampling", ENCODER, filters=Filters(domain="gnn"))
        assert {h.paper_id for h in graphs.hits} == {paper["graphs"]}
        results_only = find(library, "AUC on Criteo", ENCODER, filters=Filters(facet="results"))
        assert results_only.hits and all(h.facet == "results" for h in results_only.hits)
        old = find(library, "embeddings", ENCODER, filters=Filters(year_from=2017, year_to=2017))
        assert {h.paper_id for h in old.hits} == {paper["fmnet"]}
        for mode in ("keyword", "dense"):
            assert find(library, "graph convolution", ENCODER, mode=mode).hits[0].paper_id == paper["graphs"]  # type: ignore[arg-type]


def test_find_answers_bad_input_clearly(library_settings: Settings) -> None:
    with Library(Vault(library_settings.notes)) as library:
        with pytest.raises(ConfigError, match="empty"):
            find(library, "  ", ENCODER)
        with pytest.raises(NotFoundError, match="recsys"):
            find(library, "sampling", ENCODER, filters=Filters(domain="astrology"))
        huge = find(library, "negative sampling " * 700, ENCODER)  # ~12 kB
        assert huge.hits and any("characters" in n for n in huge.notices)
        foreign = find(library, "负采样 如何 处理 — échantillonnage négatif", ENCODER)
        # Non-English words are searchable words (not dropped as punctuation) and meaning still ranks.
        assert foreign.hits and not any("no searchable words" in n for n in foreign.notices)
        punctuation = find(library, "?!", ENCODER)
        assert any("no searchable words" in n for n in punctuation.notices)


def test_find_with_another_model_says_so(library_settings: Settings) -> None:
    with Library(Vault(library_settings.notes)) as library:
        result = find(library, "negative sampling", HashEncoder(dim=64))
        assert result.hits and any("reindex" in n for n in result.notices)


def test_similar_lists_closest_papers(library_settings: Settings) -> None:
    paper = ids(library_settings)
    with Library(Vault(library_settings.notes)) as library:
        found = similar(library, paper["fmnet"], ENCODER.model_id)
        assert {s.paper_id for s in found} == {paper["negsamp"], paper["graphs"]}
        assert [s.score for s in found] == sorted((s.score for s in found), reverse=True)
        assert [s.paper_id for s in similar(library, paper["fmnet"], ENCODER.model_id, domain="recsys")] == [
            paper["negsamp"]
        ]
        with pytest.raises(NotFoundError):
            similar(library, "no-such-paper", ENCODER.model_id)


def test_empty_library_is_a_clear_error(settings: Settings) -> None:
    with Library(Vault(settings.notes)) as library, pytest.raises(NotFoundError, match="empty"):
        find(library, "anything", ENCODER)


def test_crash_during_save_leaves_no_vectors(
    tmp_path: Path, settings: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    pdfs = write_corpus(tmp_path / "pdfs")

    def boom(*args: object, **kwargs: object) -> None:
        raise sqlite3.OperationalError("disk I/O error (simulated crash)")

    monkeypatch.setattr(Library, "_write_rows", boom)
    with pytest.raises(sqlite3.OperationalError):
        ingest_files([pdfs["fmnet"]], "recsys", settings, parser=JsonParser())
    with Library(Vault(settings.notes)) as library:
        assert library.db.execute("SELECT count(*) FROM papers").fetchone()[0] == 0
        assert library.db.execute("SELECT count(*) FROM passages").fetchone()[0] == 0
        assert library.db.execute("SELECT count(*) FROM staged_passages").fetchone()[0] == 0


def test_staged_rows_are_invisible_until_their_paper_commits(library_settings: Settings) -> None:
    paper = ids(library_settings)
    with Library(Vault(library_settings.notes)) as library:
        before = library.db.execute("SELECT count(*) FROM passages").fetchone()[0]
        with library.transaction() as db:  # what a crash between stage and save leaves behind
            db.execute(
                "INSERT INTO staged_passages VALUES (?, 'other-pdf', 0, 's', 'other', 1, 't', 'h', 'hash-256', x'00')",
                (paper["fmnet"],),
            )
            db.execute("UPDATE papers SET title = title WHERE id = ?", (paper["fmnet"],))
        assert library.db.execute("SELECT count(*) FROM passages").fetchone()[0] == before
        assert unindexed_papers(library.db) == []


def test_reingest_reuses_unchanged_vectors(tmp_path: Path, settings: Settings) -> None:
    path = write_paper(
        tmp_path, "p", "A Paper", 2020, [("Intro", "other", "Alpha beta gamma delta epsilon zeta eta.")]
    )

    class Counting(HashEncoder):
        calls = 0

        def encode(self, texts):  # type: ignore[no-untyped-def]
            Counting.calls += len(texts)
            return super().encode(texts)

    indexer = Indexer(Counting())
    from paperstudy.pipeline import ingest_one

    with Library(Vault(settings.notes)) as library:
        ingest_one(library, path, "misc", settings, JsonParser(), indexer)
        first = Counting.calls
        ingest_one(library, path, "misc", settings, JsonParser(), indexer)
        assert first > 0 and Counting.calls == first  # nothing re-embedded


def test_reindex_rebuilds_and_keeps_tables_it_does_not_own(library_settings: Settings) -> None:
    settings = library_settings
    paper = ids(settings)
    vault = Vault(settings.notes)
    with Library(vault) as library:
        library.db.execute(
            "CREATE TABLE my_cards (id INTEGER PRIMARY KEY, paper_id TEXT REFERENCES papers(id) ON DELETE CASCADE)"
        )
        library.db.execute("INSERT INTO my_cards (paper_id) VALUES (?)", (paper["fmnet"],))
        library.db.execute("DELETE FROM passages")  # the index is lost
        before = library.db.execute("SELECT count(*) FROM papers").fetchone()[0]
    report = reindex(settings, JsonParser(), Indexer(get_encoder("hash")))
    assert all(o.status == "ok" for o in report.outcomes) and len(report.outcomes) == 3
    with Library(vault) as library:
        assert library.db.execute("SELECT count(*) FROM my_cards").fetchone()[0] == 1
        assert library.db.execute("SELECT count(*) FROM papers").fetchone()[0] == before
        assert unindexed_papers(library.db) == []
        assert find(library, "negative sampling", ENCODER).hits[0].paper_id == paper["negsamp"]


def test_reindex_rebuilds_a_lost_database_from_pdfs_and_notes(library_settings: Settings) -> None:
    settings = library_settings
    paper = ids(settings)
    vault = Vault(settings.notes)
    note = vault.note_path("recsys", paper["fmnet"])
    note.write_text(note.read_text().rstrip("\n") + "\nMy insight: shared embeddings.\n")
    for suffix in ("", "-wal", "-shm"):
        Path(str(vault.db_path) + suffix).unlink(missing_ok=True)
    report = reindex(settings, JsonParser(), Indexer(get_encoder("hash")))
    assert [o.status for o in report.outcomes] == ["ok"] * 3
    with Library(vault) as library:
        assert library.paper_ids() == set(paper.values())
        assert library.record(paper["graphs"]).domains == ["gnn"]
        assert "My insight" in note.read_text()
        assert find(library, "graph convolution", ENCODER, filters=Filters(domain="gnn")).hits


def test_unknown_model_is_a_clear_error() -> None:
    encoder = get_encoder("/no/such/model/dir")
    with pytest.raises((ConfigError, SearchIndexError)):
        encoder.encode(["x"])
