"""The front door (issue 10): one outcome type from download to the rows people see, the fixes a new user
hit (markup eaten by rich, racing first opens, no way out of the rating prompt, a list wider than the
terminal)."""

from __future__ import annotations

import hashlib
import sqlite3
import sys
import threading
from pathlib import Path

import pytest
from typer.testing import CliRunner

from paperstudy.cli import app
from paperstudy.cli.adding import outcome_row as cli_row
from paperstudy.errors import StoreError
from paperstudy.models import SearchHit
from paperstudy.pipeline import ingest_files
from paperstudy.service.adding import add_hits
from paperstudy.settings import Settings
from paperstudy.store import Library, Vault
from paperstudy.store.migrations import LATEST_VERSION
from tests.fakes import FakeParser
from tests.quiz.builders import make_vault
from tests.sources.loopback import send, serve
from tests.test_cli_ingest import write_paper

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "app"))
from components import outcome_row as app_row

runner = CliRunner()


@pytest.fixture
def hashed(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PAPERSTUDY_EMBEDDING_MODEL", "hash")  # never load the real model here


@pytest.mark.timeout(180)
def test_one_outcome_from_download_through_ingest_to_the_cli_and_app_rows(
    tmp_path: Path, hashed: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    pdf = write_paper(tmp_path / "served.pdf").read_bytes()
    routes = {
        "/pdf/deepthing": lambda h: send(h, 200, pdf, "application/pdf"),
        "/pdf/gone": lambda h: send(h, 404, b"not here", "text/plain"),
    }

    monkeypatch.setenv("PAPERSTUDY_CACHE_DAYS", "0")
    settings = Settings(notes=tmp_path / "vault")
    with serve(routes) as server:  # type: ignore[arg-type]
        hits = [
            SearchHit(title="DeepThing", arxiv_id="1703.04247", pdf_url=f"{server.url}/pdf/deepthing"),
            SearchHit(title="Gone Paper", pdf_url=f"{server.url}/pdf/gone"),
            SearchHit(title="No Link"),
        ]
        first = add_hits(settings, hits, "ctr-prediction")
        again = add_hits(settings, hits[:1], "ctr-prediction")

    added, gone, no_link = first
    assert [o.kind for o in first] == ["added", "failed", "failed"]
    assert added.paper_id and added.path and added.url == hits[0].pdf_url and added.hit == hits[0]
    assert "404" in gone.message and gone.paper_id is None
    assert "no PDF link" in no_link.message
    with Library(Vault(settings.notes)) as library:
        assert library.paper_ids() == {added.paper_id}
    # Known by its arXiv id before any download: skipped, naming the paper it is (a field, not a sentence).
    [skipped] = again
    assert skipped.kind == "skipped" and skipped.paper_id == added.paper_id and skipped.path is None

    row = cli_row(added)
    assert (row["status"], row["paper_id"], row["error"], row["title"]) == (
        "added",
        added.paper_id,
        None,
        "DeepThing",
    )
    assert cli_row(gone)["status"] == "failed" and "404" in cli_row(gone)["error"]
    assert cli_row(skipped)["status"] == "skipped" and cli_row(skipped)["paper_id"] == added.paper_id
    assert app_row(added) == {
        "paper": "DeepThing",
        "result": "added",
        "paper id": added.paper_id,
        "problem": "",
    }
    assert app_row(gone)["result"] == "failed" and "404" in app_row(gone)["problem"]
    assert app_row(skipped) == {
        "paper": "DeepThing",
        "result": "skipped",
        "paper id": added.paper_id,
        "problem": "",
    }


def test_ingest_outcomes_say_added_updated_skipped(tmp_path: Path, hashed: None) -> None:
    pdf = tmp_path / "deepthing.pdf"
    pdf.write_bytes(b"%PDF-1.4\nfake")
    settings = Settings(notes=tmp_path / "vault")
    kinds = [
        ingest_files([pdf], "ctr-prediction", settings, parser=FakeParser())[0].kind,
        ingest_files([pdf], "ctr-prediction", settings, parser=FakeParser())[0].kind,
        ingest_files([pdf], "ctr-prediction", settings, parser=FakeParser(), skip_known=True)[0].kind,
    ]
    assert kinds == ["added", "updated", "skipped"]


def _open_together(vault: Vault, threads: int = 6) -> list[BaseException]:
    """Open ``vault``'s library from ``threads`` threads at the same moment; the errors they met."""
    start = threading.Barrier(threads)
    errors: list[BaseException] = []

    def open_it() -> None:
        start.wait()
        try:
            Library(vault).close()
        except BaseException as error:  # collected and returned
            errors.append(error)

    running = [threading.Thread(target=open_it) for _ in range(threads)]
    for thread in running:
        thread.start()
    for thread in running:
        thread.join()
    return errors


def test_concurrent_first_opens_of_a_new_vault_all_succeed(tmp_path: Path) -> None:
    """Six at once, thirty times: switching a new database to WAL meets "database is locked" without
    SQLite's busy wait in about one round in eight, so one round would pass by luck."""
    for round_ in range(30):
        vault = Vault(tmp_path / f"new{round_}")
        assert _open_together(vault) == [], round_
        with sqlite3.connect(vault.db_path) as db:
            versions = [row[0] for row in db.execute("SELECT version FROM schema_version ORDER BY version")]
        assert versions == list(range(1, LATEST_VERSION + 1))


def test_an_unreadable_database_is_never_advised_away(tmp_path: Path) -> None:
    vault = Vault(tmp_path / "v")
    vault.ensure()
    vault.db_path.write_bytes(b"this is not sqlite" * 100)
    with pytest.raises(StoreError) as caught:
        Library(vault)
    message = str(caught.value)
    assert "copy it aside" in message and "cards" in message and "reviews" in message
    assert message.index("copy it aside") < message.index("paperstudy reindex")
    assert vault.db_path.read_bytes() == b"this is not sqlite" * 100  # nothing was touched


def test_markup_in_messages_reaches_the_user_literally(tmp_path: Path) -> None:
    result = runner.invoke(app, ["ingest", "x.pdf", "--domain", "bad[embed]", "--notes", str(tmp_path / "v")])
    assert result.exit_code == 1
    assert "'bad[embed]' is not a valid id" in result.output


def test_q_leaves_the_quiz_at_the_rating_prompt(tmp_path: Path, hashed: None) -> None:
    vault = make_vault(tmp_path / "vault")
    result = runner.invoke(app, ["quiz", "ctr-prediction", "--notes", str(vault)], input="some answer\n:q\n")
    assert result.exit_code == 0, result.output
    assert "Rate it" in result.output and "is not one of" not in result.output
    assert "Reviewed 0 cards" in result.output
    with sqlite3.connect(vault / ".paperstudy" / "library.db") as db:
        assert db.execute("SELECT count(*) FROM quiz_reviews").fetchone()[0] == 0


def test_list_fits_an_80_column_terminal(tmp_path: Path, hashed: None) -> None:
    long_name = tmp_path / "a_very_long_title_about_deep_factorization_machines_for_click_prediction.pdf"
    long_name.write_bytes(b"%PDF-1.4\nfake")
    settings = Settings(notes=tmp_path / "vault")
    [outcome] = ingest_files([long_name], "ctr-prediction", settings, parser=FakeParser())
    assert outcome.paper_id
    narrow = runner.invoke(app, ["list", "--notes", str(settings.notes)], env={"COLUMNS": "80"})
    assert narrow.exit_code == 0, narrow.output
    lines = narrow.stdout.splitlines()
    assert max(len(line) for line in lines) <= 80
    [row] = [line for line in lines if outcome.paper_id in line]
    assert "…" in row and "2017" in row  # one line per paper, the title cut
    assert "pages" not in narrow.stdout
    wide = runner.invoke(app, ["list", "--notes", str(settings.notes)], env={"COLUMNS": "160"})
    assert "domains" in wide.stdout and "pages" in wide.stdout and "ctr-prediction" in wide.stdout


def test_searching_never_writes_the_vector_cache_ingest_does(
    tmp_path: Path, hashed: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    from paperstudy.index import vectors
    from paperstudy.service.ask import find

    monkeypatch.setattr(vectors, "CACHE_MIN_ROWS", 1)  # a cache even for this tiny library
    settings = Settings(notes=tmp_path / "vault")
    first, second = tmp_path / "deepthing.pdf", tmp_path / "otherthing_noarxiv.pdf"
    for pdf in (first, second):
        pdf.write_bytes(b"%PDF-1.4\n" + pdf.name.encode())
    [kept] = ingest_files([first], "ctr-prediction", settings, parser=FakeParser())
    cache = Vault(settings.notes).cache_dir
    written = {p.name: p.stat().st_mtime_ns for p in cache.glob("vectors-*")}
    assert sorted(Path(n).suffix for n in written) == [".json", ".npy", ".npy"]

    assert find(settings, "Criteo dataset", mode="dense").hits
    [gone] = ingest_files([second], "ctr-prediction", settings, parser=FakeParser())
    refreshed = {p.name: p.stat().st_mtime_ns for p in cache.glob("vectors-*")}
    assert refreshed.keys() == written.keys() and refreshed != written  # the batch refreshed it

    # A stale cache (rows changed behind it) is ignored by search, never rewritten by it.
    with Library(Vault(settings.notes)) as library:
        library.remove(gone.paper_id or "")
    hits = find(settings, "Criteo dataset", mode="dense").hits
    assert {h.paper_id for h in hits} == {kept.paper_id}
    assert {p.name: p.stat().st_mtime_ns for p in cache.glob("vectors-*")} == refreshed


@pytest.mark.filterwarnings("ignore:A test tried to use socket")
def test_no_test_can_reach_the_network() -> None:
    import socket

    from pytest_socket import SocketConnectBlockedError

    with socket.socket() as sock, pytest.raises(SocketConnectBlockedError):
        sock.connect(("example.invalid", 80))  # refused by pytest-socket before any lookup


def test_notes_owns_the_note_format_once() -> None:
    from paperstudy.notes import (
        MY_NOTES_HEADING,
        MY_NOTES_HINT,
        edited_by_hand,
        generated_part,
        has_my_notes,
        note_body,
        replace_my_notes,
        with_user_content,
    )
    from tests.fakes import fake_paper

    text = f"---\nid: x\n---\n\n# Title\n\n{MY_NOTES_HEADING}\n\n{MY_NOTES_HINT}\n"
    assert note_body(text) == f"\n# Title\n\n{MY_NOTES_HEADING}\n\n{MY_NOTES_HINT}\n"
    assert note_body("no front matter") == "no front matter"
    assert not has_my_notes(text)
    mine = replace_my_notes(text, "my idea\r\n")
    assert has_my_notes(mine) and mine.endswith(f"{MY_NOTES_HINT}\n\nmy idea\n")
    assert mine.split(MY_NOTES_HEADING)[0] == text.split(MY_NOTES_HEADING)[0]
    written = hashlib.sha256(generated_part(text).encode()).hexdigest()
    assert not edited_by_hand(mine, written)  # My notes are the user's: not a hand edit
    assert edited_by_hand(mine.replace("# Title", "# Retitled"), written)

    from paperstudy.models import Note, PaperRecord
    from paperstudy.notes import UserContent

    note = Note(
        paper=PaperRecord(id="x", title="T", sha256="0", domains=["d"], page_count=2), parsed=fake_paper()
    )
    assert with_user_content(note, None) is note
    assert with_user_content(note, UserContent(my_notes="kept")).my_notes == "kept"
