"""Retiring what does not teach, carrying cards over a better parse, and the user bringing a card back."""

from __future__ import annotations

import copy
import json
import sqlite3
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from typer.testing import CliRunner

from paperstudy.cli import app
from paperstudy.models import Dataset, Metric, Note, PaperRecord, ParsedPaper, QuizItem, QuizSource, Sentence
from paperstudy.notes import render_note
from paperstudy.quiz.carry import carry_over
from paperstudy.quiz.generate import strong_datasets, strong_metrics, universal_metrics
from paperstudy.quiz.quality import (
    answer_in_question,
    expansions,
    is_bare_number,
    printed_on_page,
    retire_reasons,
)
from paperstudy.service.quiz import QuizService
from paperstudy.store import Library, Vault, cards
from paperstudy.store.migrations import LATEST_VERSION, MIGRATIONS, _split_sql
from tests.quiz.builders import PAPERS, make_note, make_vault

T0 = datetime(2025, 3, 1, 9, 0, tzinfo=UTC)
CROSS = "In DCN, what does the cross network compute?"
DCN_RESULT = "DCN reaches a logloss of 0.4419 with only 40% of the memory used by the DNN."


def _item(
    kind: str, question: str, answer: str, text: str, page: int | None = 6, **extra: object
) -> QuizItem:
    source = QuizSource(paper_id="dcn-2017", section="5 Results", page=page, text=text)
    return QuizItem(
        id=f"old-{kind}-{len(question)}", kind=kind, question=question, answer=answer, source=source, **extra
    )  # type: ignore[arg-type]


# --- pure rules ------------------------------------------------------------------------------------------


def test_answer_in_question_sees_the_expansion_both_ways() -> None:
    pnn = _item(
        "cloze",
        "Fill in the blank (PNN): The two major metrics are: ___: Area under ROC curve is the first.",
        "AUC",
        "The two major metrics are: AUC: Area under ROC curve is the first.",
    )
    assert answer_in_question(pnn)
    spelled = _item(
        "facet_recall", "Which metric, besides AUC, does PNN report?", "area under the ROC curve", "x"
    )
    assert answer_in_question(spelled)
    fine = _item("facet_recall", "Which metric does PNN report?", "AUC", "x")
    assert not answer_in_question(fine)
    assert {"auc", "area under the roc curve"} <= expansions("AUC")
    assert expansions("Criteo") == {"criteo"}


def test_retire_rules_each_catch_their_card() -> None:
    assert is_bare_number("0.0078") and is_bare_number("+4.18%") and not is_bare_number("Criteo")
    decimal = _item(
        "cloze",
        "Fill in the blank (DCN): DCN reaches a logloss of ___ with less memory.",
        "0.4419",
        DCN_RESULT,
    )
    assert "cloze on a bare number" in retire_reasons(decimal)
    auc = _item(
        "multiple_choice",
        "Which of these metrics does PNN report?",
        "AUC",
        "PNN reports AUC.",
        choices=["AUC", "BLEU", "RMSE"],
    )
    assert retire_reasons(auc, universal_metrics=["AUC", "Logloss"]) == ["the domain's universal metric"]
    assert retire_reasons(auc, universal_metrics=["Logloss"]) == []
    synthetic = _item(
        "facet_recall",
        "Which datasets did DCN evaluate on?",
        "Criteo, UCI",
        "The note lists these datasets: Criteo, UCI.",
    )
    assert retire_reasons(synthetic) == ["source not printed in the paper"]
    pages = ["", "", "", "", "", "Results. " + DCN_RESULT, "", ""]
    printed = _item(
        "concept", "What is DCN's headline result?", "a logloss of 0.4419 with less memory", DCN_RESULT
    )
    assert retire_reasons(printed, pages=pages) == []
    elsewhere = printed.model_copy(update={"source": printed.source.model_copy(update={"page": 2})})
    assert retire_reasons(elsewhere, pages=pages) == ["source not printed on its page"]


def test_printed_on_page_up_to_case_punctuation_ligatures_and_hyphens() -> None:
    pages = ["Intro text.", "We pro-\npose the ﬁrst MODEL — trained end to end.", "Other.", "Far away."]
    text = "We propose the first model, trained end-to-end."
    assert printed_on_page(text, pages, 2)
    assert printed_on_page(text, pages, 3)  # the cited page ±1
    assert not printed_on_page(text, pages, 4)
    assert not printed_on_page(text, pages, None)
    assert not printed_on_page("A sentence the program wrote.", pages, 2)


def _note(paper_id: str, datasets: list[Dataset], metrics: list[Metric]) -> Note:
    parsed = ParsedPaper(title=paper_id, page_count=8, datasets=datasets, metrics=metrics)
    record = PaperRecord(id=paper_id, title=paper_id, sha256=paper_id, domains=["d"], page_count=8)
    return Note(paper=record, parsed=parsed)


def test_list_cards_name_only_strongly_evidenced_datasets_and_metrics() -> None:
    dcn = _note(
        "dcn-2017",
        [
            Dataset(name="Criteo", pages=[1, 4]),
            Dataset(name="Criteo Display Ads", pages=[4]),
            Dataset(name="UCI", pages=[6], size="581012 samples"),
        ],
        [Metric(name="Logloss", values=["0.4419"], pages=[2, 5]), Metric(name="accuracy", pages=[1])],
    )
    assert strong_datasets(dcn) == ["Criteo"]  # one name per dataset, single mentions dropped
    assert strong_metrics(dcn) == ["Logloss"]
    auc = [Metric(name="AUC", values=["0.8"], pages=[3, 4])]
    notes = [_note(f"p{i}", [], auc) for i in range(3)] + [_note("p9", [], [])]
    assert universal_metrics(notes) == {"auc"}
    assert universal_metrics(notes[:2]) == set()  # too few papers to call a metric universal


def test_carry_over_matches_a_changed_source_within_paper_and_kind() -> None:
    old = _item(
        "concept",
        "What is DCN's headline result, and against which baseline?",
        "answer one two three four five",
        DCN_RESULT,
    )
    changed = "DCN reaches a logloss of 0.4419 with only 40% of the memory used by the DNN (Figure 3)."
    new = _item("concept", old.question, old.answer, changed).model_copy(update={"id": "fresh"})
    other_kind = new.model_copy(update={"id": "fresh-cloze", "kind": "cloze"})
    unrelated = _item(
        "concept",
        "How is DCN trained?",
        "with Adam and a batch of 512",
        "We use Adam with a batch size of 512.",
    )
    carried = carry_over([old], [new, other_kind, unrelated])
    assert [i.id for i in carried] == [old.id, "fresh-cloze", unrelated.id]
    assert carried[0].source.text == changed
    assert carry_over([old], [old]) == [old]  # already the same id: nothing to do


# --- stored cards ----------------------------------------------------------------------------------------


@pytest.fixture
def library(tmp_path: Path):  # type: ignore[no-untyped-def]
    make_vault(tmp_path / "vault")
    with Library(Vault(tmp_path / "vault")) as lib:
        yield lib


def test_a_better_parse_keeps_the_card_id_and_its_reviews(library: Library) -> None:
    quiz = QuizService(library, clock=lambda: T0)
    card = next(i for i in quiz.deck("ctr-prediction") if i.question == CROSS)
    quiz.rate(card.id, "good")
    data = copy.deepcopy(PAPERS["dcn-2017"])
    sentence = data["facets"]["architecture"][0]  # type: ignore[index]
    better = sentence.text.replace("at every layer with", "at every layer, with")  # a better sentence split
    data["facets"]["architecture"] = [Sentence(text=better, page=sentence.page, section=sentence.section)]  # type: ignore[index]
    note = make_note("dcn-2017", ["ctr-prediction"], data)
    library.save(note, render_note(note), None)
    again = QuizService(library, clock=lambda: T0)
    carried = next(i for i in again.deck("ctr-prediction") if i.question == CROSS)
    assert carried.id == card.id and carried.source.text == better
    stored = again.card(card.id)
    assert stored.reps == 1 and not stored.orphaned and not stored.retired
    assert [r.card_id for r in again.reviews()] == [card.id]


def test_retired_cards_keep_reviews_leave_decks_and_come_back(library: Library) -> None:
    quiz = QuizService(library, clock=lambda: T0)
    quiz.set_new_per_day(1000)
    quiz.deck("ctr-prediction")
    trivia = _item(
        "cloze",
        "Fill in the blank (DCN): DCN reaches a logloss of ___ with only 40% of the memory.",
        "0.4419",
        DCN_RESULT,
    )
    synthetic = _item(
        "facet_recall",
        "Which datasets did DCN evaluate on, then?",
        "Criteo, UCI",
        "The note lists these datasets: Criteo, UCI.",
        page=None,
    )
    cards.sync_deck(library, "ctr-prediction", [trivia, synthetic], quiz.schedule, mark_orphans=False)
    quiz.rate(trivia.id, "again")
    later = QuizService(library, clock=lambda: T0)
    assert later.sync("ctr-prediction").retired == 2
    retired = later.card(trivia.id)
    assert retired.retired and retired.retired_reason == "cloze on a bare number" and retired.reps == 1
    assert later.card(synthetic.id).retired_reason == "source not printed in the paper"
    assert trivia.id not in {i.id for i in later.deck("ctr-prediction")}
    hour = T0 + timedelta(hours=1)  # past the learning step of the "again" rating
    assert trivia.id not in {c.id for c in later.due("ctr-prediction", hour)}
    assert trivia.id in {c.id for c in later.cards("ctr-prediction")}  # still listed among stored cards
    assert [r.card_id for r in later.reviews()] == [trivia.id]  # history kept
    back = later.restore(trivia.id)
    assert not back.retired and back.kept and back.reps == 1
    fresh = QuizService(library, clock=lambda: T0)
    assert fresh.sync("ctr-prediction").retired == 0  # never retired again
    assert trivia.id in {i.id for i in fresh.deck("ctr-prediction")}
    assert trivia.id in {c.id for c in fresh.due("ctr-prediction", hour)}
    assert synthetic.id not in {i.id for i in fresh.deck("ctr-prediction")}


def test_card_restore_command(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PAPERSTUDY_EMBEDDING_MODEL", "hash")
    vault = make_vault(tmp_path / "vault")
    with Library(Vault(vault)) as library:
        quiz = QuizService(library, clock=lambda: T0)
        trivia = _item(
            "cloze",
            "Fill in the blank (DCN): DCN reaches a logloss of ___ with less memory.",
            "0.4419",
            DCN_RESULT,
        )
        cards.sync_deck(library, "ctr-prediction", [trivia], quiz.schedule, mark_orphans=False)
    runner = CliRunner()
    deck = json.loads(runner.invoke(app, ["deck", "ctr-prediction", "--notes", str(vault), "--json"]).stdout)
    assert trivia.id not in {i["id"] for i in deck}
    listed = runner.invoke(app, ["card", "list", "ctr-prediction", "--notes", str(vault), "--json"]).stdout
    assert next(c for c in json.loads(listed) if c["item"]["id"] == trivia.id)["retired"] is True
    result = runner.invoke(app, ["card", "restore", trivia.id, "--notes", str(vault)])
    assert result.exit_code == 0 and "restored (it was retired: cloze on a bare number)" in result.output
    deck = json.loads(runner.invoke(app, ["deck", "ctr-prediction", "--notes", str(vault), "--json"]).stdout)
    assert trivia.id in {i["id"] for i in deck}
    again = runner.invoke(app, ["card", "restore", trivia.id, "--notes", str(vault)])
    assert again.exit_code == 0 and "was not retired" in again.output
    missing = runner.invoke(app, ["card", "restore", "deadbeef", "--notes", str(vault)])
    assert missing.exit_code == 1 and "no card" in missing.output


def test_a_version_4_library_gains_the_retired_columns_and_keeps_its_cards(tmp_path: Path) -> None:
    vault = Vault(tmp_path / "vault")
    vault.ensure()
    db = sqlite3.connect(vault.db_path)
    db.execute("CREATE TABLE schema_version (version INTEGER NOT NULL)")
    for version, script in enumerate(MIGRATIONS[:4], 1):
        for statement in _split_sql(script):
            db.execute(statement)
        db.execute("INSERT INTO schema_version (version) VALUES (?)", (version,))
    item = _item("cloze", "Fill in the blank (DCN): ___ is a dataset.", "Criteo", "Criteo is a dataset.")
    db.execute(
        "INSERT INTO quiz_cards (id, paper_id, domains, kind, item, fsrs, state, due, reps, created_at,"
        " updated_at) VALUES (?, 'dcn-2017', '[\"d\"]', 'cloze', ?, '{}', 'review', ?, 3, ?, ?)",
        (item.id, item.model_dump_json(), T0.isoformat(), T0.isoformat(), T0.isoformat()),
    )
    db.execute(
        "INSERT INTO quiz_reviews (card_id, rating, reviewed_at, domains, kind, state_before)"
        " VALUES (?, 3, ?, '[\"d\"]', 'cloze', 'new')",
        (item.id, T0.isoformat()),
    )
    db.commit()
    db.close()
    with Library(vault) as library:
        version = library.db.execute("SELECT max(version) FROM schema_version").fetchone()[0]
        assert version == LATEST_VERSION == 5
        card = cards.get_card(library, item.id)
        assert (card.reps, card.state, card.retired, card.kept, card.retired_reason) == (
            3,
            "review",
            False,
            False,
            None,
        )
        assert [r.card_id for r in cards.reviews(library)] == [item.id]
    assert vault.db_path.with_name("library.db.v4.bak").is_file()
