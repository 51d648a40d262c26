import sqlite3
from pathlib import Path

import pytest

from paperstudy.errors import StoreError
from paperstudy.models import PaperOutcome, ParsedPaper
from paperstudy.notes import MY_NOTES_HEADING
from paperstudy.pipeline import ingest_files, load_note
from paperstudy.settings import Settings
from paperstudy.store import Library, Vault
from paperstudy.store.migrations import LATEST_VERSION
from tests.fakes import CrashingParser, FakeParser, SlowParser


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    return Settings(notes=tmp_path / "vault", parse_timeout=20)


def pdf(tmp_path: Path, name: str, body: bytes = b"") -> Path:
    path = tmp_path / name
    path.write_bytes(b"%PDF-1.4\n" + body + name.encode())
    return path


def test_ingest_writes_note_pdf_copy_and_rows(tmp_path: Path, settings: Settings) -> None:
    seen: list[PaperOutcome] = []
    [outcome] = ingest_files(
        [pdf(tmp_path, "deepthing.pdf")],
        "ctr-prediction",
        settings,
        parser=FakeParser(),
        on_result=seen.append,
    )
    assert outcome.status == "ok" and outcome.created and outcome.paper_id == "deepthing-2017"
    assert seen == [outcome]
    vault = Vault(settings.notes)
    note_path = vault.note_path("ctr-prediction", "deepthing-2017")
    assert note_path.is_file()
    assert vault.pdf_path("deepthing-2017").read_bytes().startswith(b"%PDF")
    with Library(vault) as library:
        note = load_note(library, "deepthing-2017")
        assert note.paper.domains == ["ctr-prediction"]
        assert [d.name for d in note.datasets()] == ["Criteo"]
        assert library.parsed("deepthing-2017").sections[1].text.startswith("We use the Criteo")
        version = library.db.execute("SELECT max(version) FROM schema_version").fetchone()[0]
        assert version == LATEST_VERSION


def test_reingest_reuses_id_adds_domain_and_keeps_user_content(tmp_path: Path, settings: Settings) -> None:
    path = pdf(tmp_path, "deepthing.pdf")
    ingest_files([path], "ctr-prediction", settings, parser=FakeParser())
    note_path = Vault(settings.notes).note_path("ctr-prediction", "deepthing-2017")
    text = note_path.read_text()
    text = text.replace("datasets: {add: [], remove: []}", "datasets: {add: [Avazu], remove: [Criteo]}")
    text = text.rstrip("\n") + "\nMy own insight: the FM part is shared.\n"
    note_path.write_text(text)

    [outcome] = ingest_files([path], "recommender-systems", settings, parser=FakeParser())
    assert outcome.status == "ok" and not outcome.created and outcome.paper_id == "deepthing-2017"
    again = note_path.read_text()
    assert "My own insight: the FM part is shared." in again.split(MY_NOTES_HEADING)[1]
    assert "datasets: {add: [Avazu], remove: [Criteo]}" in again
    with Library(Vault(settings.notes)) as library:
        note = load_note(library, "deepthing-2017")
    assert note.paper.domains == ["ctr-prediction", "recommender-systems"]
    assert [d.name for d in note.datasets()] == ["Avazu"]
    assert not Vault(settings.notes).note_path("recommender-systems", "deepthing-2017").exists()
    # Editing only the two kept places is not "editing the note": no backup copy is made.
    assert not Vault(settings.notes).backup_dir.exists()


def test_edits_outside_kept_places_are_backed_up_before_regeneration(
    tmp_path: Path, settings: Settings
) -> None:
    path = pdf(tmp_path, "deepthing.pdf")
    ingest_files([path], "ctr-prediction", settings, parser=FakeParser())
    note_path = Vault(settings.notes).note_path("ctr-prediction", "deepthing-2017")
    note_path.write_text(note_path.read_text().replace("## Abstract", "## Abstract\n\nI edited this."))
    ingest_files([path], "ctr-prediction", settings, parser=FakeParser())
    backups = list(Vault(settings.notes).backup_dir.glob("deepthing-2017.edited.*.md"))
    assert len(backups) == 1 and "I edited this." in backups[0].read_text()
    assert "I edited this." not in note_path.read_text()


def test_broken_front_matter_fails_that_file_and_changes_nothing(tmp_path: Path, settings: Settings) -> None:
    path = pdf(tmp_path, "deepthing.pdf")
    ingest_files([path], "ctr-prediction", settings, parser=FakeParser())
    note_path = Vault(settings.notes).note_path("ctr-prediction", "deepthing-2017")
    broken = note_path.read_text().replace("id: deepthing-2017", "id: [deepthing")
    note_path.write_text(broken)
    [outcome] = ingest_files([path], "nlp", settings, parser=FakeParser())
    assert outcome.status == "failed" and "not valid YAML" in (outcome.error or "")
    assert note_path.read_text() == broken
    with Library(Vault(settings.notes)) as library:
        assert library.record("deepthing-2017").domains == ["ctr-prediction"]


def test_same_arxiv_id_reuses_id_and_new_titles_get_new_ids(tmp_path: Path, settings: Settings) -> None:
    outcomes = ingest_files(
        [
            pdf(tmp_path, "deepthing.pdf"),
            pdf(tmp_path, "deepthing.pdf", b"v2"),
            pdf(tmp_path, "other_noarxiv.pdf"),
        ],
        "ctr-prediction",
        settings,
        parser=FakeParser(),
    )
    assert [o.paper_id for o in outcomes] == ["deepthing-2017", "deepthing-2017", "other-2017"]
    assert [o.created for o in outcomes] == [True, False, True]


def test_batch_continues_past_bad_files_and_leaves_nothing_half_written(
    tmp_path: Path, settings: Settings
) -> None:
    empty = tmp_path / "empty.pdf"
    empty.write_bytes(b"")
    html = tmp_path / "page.pdf"
    html.write_bytes(b"<html>not a pdf</html>")
    outcomes = ingest_files(
        [empty, tmp_path / "missing.pdf", tmp_path, html, pdf(tmp_path, "good.pdf")],
        "ctr-prediction",
        settings,
        parser=FakeParser(),
    )
    assert [o.status for o in outcomes] == ["failed"] * 4 + ["ok"]
    assert "empty.pdf: is empty (0 bytes)" in (outcomes[0].error or "")
    assert "no such file" in (outcomes[1].error or "")
    assert "is not a file" in (outcomes[2].error or "")
    assert "page.pdf: is not a PDF" in (outcomes[3].error or "")
    vault = Vault(settings.notes)
    assert sorted(p.name for p in vault.pdf_dir.iterdir()) == ["good-2017.pdf"]
    assert [p.name for p in (settings.notes / "ctr-prediction").iterdir()] == ["good-2017.md"]


def test_slow_parser_is_cut_off_by_the_time_limit(tmp_path: Path) -> None:
    settings = Settings(notes=tmp_path / "vault", parse_timeout=1.5)
    [outcome] = ingest_files([pdf(tmp_path, "slow.pdf")], "nlp", settings, parser=SlowParser())
    assert outcome.status == "failed"
    assert "slow.pdf: parsing took longer than 1.5 s" in (outcome.error or "")
    with Library(Vault(settings.notes)) as library:
        assert library.paper_ids() == set()


def test_parser_bug_becomes_a_file_error(tmp_path: Path, settings: Settings) -> None:
    [outcome] = ingest_files([pdf(tmp_path, "x.pdf")], "nlp", settings, parser=CrashingParser())
    assert outcome.status == "failed" and "ZeroDivisionError: boom" in (outcome.error or "")


def test_store_failure_mid_save_rolls_back_files(
    tmp_path: Path, settings: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    from paperstudy.store import papers as store

    def explode(path: Path, text: str) -> None:
        raise OSError("disk full")

    monkeypatch.setattr(store, "atomic_write_text", explode)
    with pytest.raises(OSError, match="disk full"):
        ingest_files([pdf(tmp_path, "deepthing.pdf")], "nlp", settings, parser=FakeParser())
    vault = Vault(settings.notes)
    assert list(vault.pdf_dir.iterdir()) == []
    with Library(vault) as library:
        assert library.paper_ids() == set()


def test_remove_moves_the_note_to_trash(tmp_path: Path, settings: Settings) -> None:
    ingest_files([pdf(tmp_path, "deepthing.pdf")], "nlp", settings, parser=FakeParser())
    with Library(Vault(settings.notes)) as library:
        trashed = library.remove("deepthing-2017")
        assert library.paper_ids() == set()
    assert trashed is not None and "My notes" in trashed.read_text()
    assert not Vault(settings.notes).pdf_path("deepthing-2017").exists()


def test_newer_schema_is_refused(tmp_path: Path) -> None:
    vault = Vault(tmp_path / "v")
    Library(vault).close()
    with sqlite3.connect(vault.db_path) as db:
        db.execute("INSERT INTO schema_version (version) VALUES (?)", (LATEST_VERSION + 1,))
    with pytest.raises(StoreError, match="newer paperstudy"):
        Library(vault)


def test_corrupt_database_gives_an_actionable_error(tmp_path: Path) -> None:
    vault = Vault(tmp_path / "v")
    vault.ensure()
    vault.db_path.write_bytes(b"this is not sqlite" * 100)
    with pytest.raises(StoreError, match="reindex"):
        Library(vault)


def test_skip_known_leaves_stored_pdfs_alone_and_still_adds_new_domains(
    tmp_path: Path, settings: Settings
) -> None:
    path = pdf(tmp_path, "deepthing.pdf")
    ingest_files([path], "ctr-prediction", settings, parser=FakeParser())
    note_path = Vault(settings.notes).note_path("ctr-prediction", "deepthing-2017")
    before = note_path.stat().st_mtime_ns
    [again] = ingest_files([path], "ctr-prediction", settings, parser=CrashingParser(), skip_known=True)
    assert again.status == "ok" and again.skipped and again.paper_id == "deepthing-2017"
    assert note_path.stat().st_mtime_ns == before  # not parsed (the crashing parser was never called)
    [other] = ingest_files([path], "nlp", settings, parser=FakeParser(), skip_known=True)
    assert other.status == "ok" and not other.skipped
    with Library(Vault(settings.notes)) as library:
        assert library.record("deepthing-2017").domains == ["ctr-prediction", "nlp"]


class _ModelParser(FakeParser):
    """The same papers, now with the model acronym the parser detects."""

    def parse(self, path: Path) -> ParsedPaper:
        return super().parse(path).model_copy(update={"model": "DTN"})


def test_model_acronym_names_new_papers_and_stored_ids_never_change(
    tmp_path: Path, settings: Settings
) -> None:
    old = pdf(tmp_path, "deepthing.pdf")
    ingest_files([old], "ctr-prediction", settings, parser=FakeParser())
    [again] = ingest_files([old], "ctr-prediction", settings, parser=_ModelParser())
    assert again.paper_id == "deepthing-2017" and not again.created
    [new] = ingest_files(
        [pdf(tmp_path, "otherthing_noarxiv.pdf")], "ctr-prediction", settings, parser=_ModelParser()
    )
    assert new.created and new.paper_id.startswith("dtn")
