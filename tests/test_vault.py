"""Which library papers a note links to: names a baseline can be printed as."""

from __future__ import annotations

from pathlib import Path

from paperstudy.notes import fold_name, short_name, title_acronym, wikilink


def test_baselines_match_papers_by_model_title_prefix_or_title_acronym() -> None:
    assert title_acronym("Neural Factorization Machines for Sparse Predictive Analytics") == "NFM"
    assert title_acronym("Deep & Cross Network for Ad Click Predictions") == "DCN"
    assert title_acronym("Field-aware Factorization Machines for CTR Prediction") == "FFM"
    assert title_acronym("Deep Learning over Multi-field Categorical Data") is None  # "DL": too short
    assert short_name("xDeepFM: Combining Explicit and Implicit Feature Interactions") == "xDeepFM"
    assert short_name("A very long title prefix of many words: here") is None
    assert fold_name("FFMs") == fold_name("FFM") and fold_name("Wide & Deep") == fold_name("Wide&Deep")


def test_wikilinks_carry_a_clean_label_or_none() -> None:
    assert wikilink("xdeepfm-2018", "xDeepFM") == "[[xdeepfm-2018|xDeepFM]]"
    assert wikilink("xdeepfm-2018") == "[[xdeepfm-2018]]"
    assert wikilink("p-2017", "<b>|]]") == "[[p-2017|b]]"


def test_a_version_3_library_gains_the_bibliography_columns_and_keeps_its_papers(tmp_path: Path) -> None:
    import sqlite3

    from paperstudy.store import Library, Vault
    from paperstudy.store.migrations import MIGRATIONS, _split_sql

    vault = Vault(tmp_path / "vault")
    vault.ensure()
    db = sqlite3.connect(vault.db_path)
    db.execute("CREATE TABLE schema_version (version INTEGER NOT NULL)")
    for version, script in enumerate(MIGRATIONS[:3], 1):
        for statement in _split_sql(script):
            db.execute(statement)
        db.execute("INSERT INTO schema_version (version) VALUES (?)", (version,))
    db.execute(
        "INSERT INTO papers (id, title, authors, year, sha256, page_count, note_path, note_sha256, parsed,"
        " added_at, updated_at) VALUES ('old-2017', 'Old', '[\"Ada\"]', 2017, 'ab', 1, 'd/old-2017.md', 'x',"
        " '{}', 'now', 'now')"
    )
    db.execute("INSERT INTO paper_domains (paper_id, domain, position) VALUES ('old-2017', 'd', 0)")
    db.commit()
    db.close()
    with Library(vault) as library:
        record = library.record("old-2017")
        assert (record.title, record.citekey, record.venue, record.metadata_from) == ("Old", None, None, None)
        assert library.citekeys() == set()
    assert vault.db_path.with_name("library.db.v3.bak").is_file()  # the user's data was backed up first


def test_front_matter_aliases_and_tags() -> None:
    from paperstudy.models import Note, PaperRecord
    from paperstudy.notes import aliases, tags
    from tests.fakes import fake_paper

    def note(title: str, model: str | None = None) -> Note:
        record = PaperRecord(
            id="p-2017", title=title, sha256="0" * 64, domains=["ctr", "recsys"], page_count=2
        )
        return Note(paper=record, parsed=fake_paper(title=title).model_copy(update={"model": model}))

    assert aliases(note("Neural Factorization Machines for Sparse Predictive Analytics")) == [
        "Neural Factorization Machines for Sparse Predictive Analytics",
        "NFM",
    ]
    assert aliases(note("Deep Interest Network for Click-Through Rate Prediction", "DIN"))[1] == "DIN"
    assert aliases(note("DeepFM: A Factorization-Machine based Neural Network")) == [
        "DeepFM: A Factorization-Machine based Neural Network",
        "DeepFM",
    ]
    # fake_paper covers data and results in its facet summaries and has a results section.
    assert tags(note("X")) == ["ctr", "recsys", "facet/data", "facet/results"]
