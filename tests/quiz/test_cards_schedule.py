from __future__ import annotations

import json
import sqlite3
import zipfile
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from paperstudy.errors import ConfigError, NotFoundError
from paperstudy.notes import render_note
from paperstudy.quiz.export import write_deck, write_reviews
from paperstudy.quiz.schedule import Schedule, parse_rating
from paperstudy.service.quiz import QuizService
from paperstudy.store import Library, Vault
from tests.quiz.builders import make_note, make_vault

T0 = datetime(2025, 3, 1, 9, 0, tzinfo=UTC)


class FixedClock:
    def __init__(self, now: datetime) -> None:
        self.now = now

    def __call__(self) -> datetime:
        return self.now


@pytest.fixture
def library(tmp_path: Path):  # type: ignore[no-untyped-def]
    make_vault(tmp_path / "vault")
    with Library(Vault(tmp_path / "vault")) as lib:
        yield lib


def test_fsrs_schedule_with_a_fixed_clock() -> None:
    schedule = Schedule(clock=lambda: T0)
    card = schedule.new_card("abc")
    assert card["due"] == T0.isoformat()
    after = schedule.review(card, "good")
    assert datetime.fromisoformat(after["due"]) == T0 + timedelta(minutes=10)
    graduated = schedule.review(after, "good", T0 + timedelta(minutes=10))
    due = datetime.fromisoformat(graduated["due"])
    assert due - (T0 + timedelta(minutes=10)) >= timedelta(days=1)
    easy = schedule.review(schedule.new_card("x"), "easy")
    assert datetime.fromisoformat(easy["due"]) - T0 >= timedelta(days=5)
    assert 0.85 < schedule.retrievability(graduated, due) < 0.95
    assert parse_rating("g") == "good" and parse_rating(1) == "again"
    with pytest.raises(ConfigError):
        parse_rating("great")


def test_session_rates_commit_before_the_next_card(library: Library) -> None:
    clock = FixedClock(T0)
    quiz = QuizService(library, clock=clock)
    card = quiz.next_card("ctr-prediction")
    assert card is not None and card.state == "new"
    feedback = quiz.answer(card.id, card.item.answer)
    assert feedback.correct and feedback.suggested == "good"
    after = quiz.rate(card.id, "good", response=card.item.answer, feedback=feedback)
    assert after.state == "learning" and after.reps == 1
    # Committed: a second connection sees the review at once.
    other = sqlite3.connect(library.vault.db_path)
    assert other.execute("SELECT count(*) FROM quiz_reviews").fetchone()[0] == 1
    other.close()
    assert quiz.next_card("ctr-prediction").id != card.id  # type: ignore[union-attr]
    clock.now = T0 + timedelta(minutes=11)
    assert quiz.due("ctr-prediction")[0].id == card.id  # learning step over: it comes back first
    [review] = quiz.reviews()
    assert review.rating == "good" and review.state_before == "new" and review.score == 1.0


def test_new_cards_per_day_cap(library: Library) -> None:
    quiz = QuizService(library, clock=lambda: T0)
    quiz.set_new_per_day(3)
    due = quiz.due("ctr-prediction")
    assert len(due) == 3
    quiz.rate(due[0].id, "easy")
    assert len(quiz.due("ctr-prediction")) == 2
    with pytest.raises(ConfigError):
        quiz.set_new_per_day(-1)


def test_regeneration_keeps_history_edits_and_marks_orphans(library: Library) -> None:
    quiz = QuizService(library, clock=lambda: T0)
    deck = quiz.deck("ctr-prediction")
    dcn = next(i for i in deck if i.source.paper_id == "dcn-2017")
    quiz.rate(dcn.id, "good")
    edited = next(i for i in deck if i.source.paper_id == "deepfm-2017")
    quiz.edit(edited.id, question="My own wording?")
    # Re-ingest (same notes): same ids, history and edits kept.
    note = make_note("deepfm-2017", ["ctr-prediction"])
    library.save(note, render_note(note), None)
    again = QuizService(library, clock=lambda: T0)
    assert {i.id for i in again.deck("ctr-prediction")} == {i.id for i in deck}
    assert again.card(edited.id).item.question == "My own wording?" and again.card(edited.id).edited
    # Remove a paper: its cards stay, marked orphaned, and the review history is untouched.
    library.remove("dcn-2017")
    later = QuizService(library, clock=lambda: T0)
    result = later.sync("ctr-prediction")
    assert result.orphaned > 0
    kept = later.card(dcn.id)
    assert kept.orphaned and kept.reps == 1
    assert [r.card_id for r in later.reviews()] == [dcn.id]


def test_suspend_delete_and_errors(library: Library) -> None:
    quiz = QuizService(library, clock=lambda: T0)
    first, second = quiz.deck("ctr-prediction")[:2]
    quiz.set_new_per_day(1000)
    quiz.suspend(first.id)
    quiz.delete(second.id)
    due_ids = {c.id for c in quiz.due("ctr-prediction")}
    assert first.id not in due_ids and second.id not in due_ids
    assert second.id not in {i.id for i in quiz.deck("ctr-prediction")}  # regeneration does not resurrect it
    quiz.delete(second.id, deleted=False)
    assert second.id in {i.id for i in quiz.deck("ctr-prediction")}
    with pytest.raises(NotFoundError, match="no card"):
        quiz.card("nope")
    with pytest.raises(NotFoundError, match="domains in the library: ctr-prediction"):
        quiz.deck("unknown-domain")
    with pytest.raises(ConfigError):
        quiz.edit(first.id, answer=" ")


def test_progress_counts(library: Library) -> None:
    clock = FixedClock(T0)
    quiz = QuizService(library, clock=clock)
    quiz.set_new_per_day(1000)
    cards = quiz.due("ctr-prediction")
    for card, rating in zip(cards[:4], ["easy", "easy", "again", "good"], strict=True):
        quiz.rate(card.id, rating)
    clock.now = T0 + timedelta(days=10)
    for card in quiz.due("ctr-prediction")[:2]:
        quiz.rate(card.id, "good")
    stats = quiz.progress(days=14)
    assert stats.reviews_total == 6 and len(stats.reviews_per_day) == 14
    assert stats.reviews_per_day[-1].reviews == 2 and stats.reviews_per_day[3].reviews == 4
    assert stats.retention == 1.0  # the two reviews of studied cards were not Again
    assert stats.by_domain["ctr-prediction"].cards == len(quiz.cards("ctr-prediction"))
    assert 0 < stats.by_domain["ctr-prediction"].mastery < 1
    assert set(stats.by_facet) <= {"data", "features", "architecture", "results", "other"}
    assert stats.due.new_available > 0
    json.dumps(stats.model_dump(mode="json"))


def test_drill_attempts_are_recorded(library: Library) -> None:
    quiz = QuizService(library, clock=lambda: T0)
    rubric = quiz.drill("ctr-prediction", "Design an ads ranking system")
    feedback = quiz.grade_drill(rubric, "Predict clicks; evaluate AUC offline and with an A/B test online.")
    card = quiz.record_drill(rubric, feedback, feedback.suggested, "answer")
    assert card.item.kind == "drill" and card.reps == 1
    assert quiz.reviews()[0].method == "rubric"
    assert card.id not in {c.id for c in quiz.due("ctr-prediction")}


def test_exports(library: Library, tmp_path: Path) -> None:
    quiz = QuizService(library, clock=lambda: T0)
    items = quiz.deck("ctr-prediction")
    apkg = write_deck(tmp_path / "ctr.apkg", "anki", "ctr-prediction", items, quiz.titles())
    with zipfile.ZipFile(apkg) as archive:
        archive.extract("collection.anki2", tmp_path)
    db = sqlite3.connect(tmp_path / "collection.anki2")
    rows = db.execute("SELECT guid, flds, tags FROM notes").fetchall()
    decks = json.loads(db.execute("SELECT decks FROM col").fetchone()[0])
    db.close()
    assert len(rows) == len(items)
    assert any(d["name"] == "paperstudy::ctr-prediction" for d in decks.values())
    by_id = {r[1].split("\x1f")[-1]: r for r in rows}
    assert set(by_id) == {i.id for i in items}
    sample = items[0]
    fields = by_id[sample.id][1].split("\x1f")
    assert sample.source.paper_id and sample.source.paper_id in by_id[sample.id][2]
    assert fields[2]  # answer
    again = write_deck(tmp_path / "again.apkg", "anki", "ctr-prediction", items, quiz.titles())
    # Stable guids and model/deck ids: re-importing updates the same Anki notes, never duplicates them.
    assert _anki_notes(again, tmp_path / "again") == _anki_notes(apkg, tmp_path / "first")
    md = write_deck(tmp_path / "ctr.md", "markdown", "ctr-prediction", items, quiz.titles()).read_text()
    assert "# Quiz deck: ctr-prediction" in md and "DeepFM: A Factorization" in md
    csv_text = write_deck(tmp_path / "ctr.csv", "csv", "ctr-prediction", items, {}).read_text()
    assert csv_text.splitlines()[0].startswith("id,kind,facet,question,answer")
    assert len(csv_text.splitlines()) >= len(items) + 1
    quiz.rate(items[0].id, "hard")
    data = json.loads(write_reviews(tmp_path / "r.json", quiz.reviews(), quiz.cards()).read_text())
    assert data["reviews"][0]["rating"] == "hard" and data["cards"]
    rows_csv = write_reviews(tmp_path / "r.csv", quiz.reviews()).read_text().splitlines()
    assert rows_csv[0].startswith("id,card_id,rating") and "hard" in rows_csv[1]


def _anki_notes(apkg: Path, where: Path) -> set[tuple[str, int, str]]:
    with zipfile.ZipFile(apkg) as archive:
        archive.extract("collection.anki2", where)
    db = sqlite3.connect(where / "collection.anki2")
    rows = {(r[0], r[1], r[2]) for r in db.execute("SELECT guid, mid, flds FROM notes")}
    db.close()
    return rows
