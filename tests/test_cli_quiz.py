import csv
import io
import json
import sqlite3
import zipfile
from pathlib import Path

import pytest
from typer.testing import CliRunner

from paperstudy.cli import app
from paperstudy.service.quiz import QuizService
from paperstudy.store import Library, Vault
from tests.quiz.builders import make_vault

runner = CliRunner()
WIDE = {"COLUMNS": "200"}


@pytest.fixture
def vault(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("PAPERSTUDY_EMBEDDING_MODEL", "hash")  # never load the real model in CLI tests
    return make_vault(tmp_path / "vault")


def run(*args: str, input: str | None = None, env: dict[str, str] | None = None):  # type: ignore[no-untyped-def]
    return runner.invoke(app, list(args), input=input, env=env)


def test_deck_json_contract(vault: Path) -> None:
    result = run("deck", "ctr-prediction", "--notes", str(vault), "--json")
    assert result.exit_code == 0, result.output
    items = json.loads(result.stdout)
    assert items and all(
        set(i) == {"id", "kind", "question", "answer", "choices", "source"}
        and set(i["source"]) == {"paper_id", "section", "page", "text"}
        for i in items
    )
    again = json.loads(run("deck", "ctr-prediction", "--notes", str(vault), "--json").stdout)
    assert again == items
    one = json.loads(
        run("deck", "ctr-prediction", "--paper", "dcn-2017", "--notes", str(vault), "--json").stdout
    )
    assert one and {i["source"]["paper_id"] for i in one} == {"dcn-2017"}


def test_scripted_quiz_session_saves_every_review(vault: Path) -> None:
    run("card", "new-per-day", "3", "--notes", str(vault))
    # Card 1: blank answer, accept the suggested rating (Enter); card 2: "b", rate hard; card 3: quit.
    result = run("quiz", "ctr-prediction", "--notes", str(vault), input="\n\nb\nh\n:q\n")
    assert result.exit_code == 0, result.output
    assert "[1/3]" in result.output and "[3/3]" in result.output
    assert "why:" in result.output and "Reviewed 2 cards" in result.output
    db = sqlite3.connect(vault / ".paperstudy" / "library.db")
    ratings = [r[0] for r in db.execute("SELECT rating FROM quiz_reviews ORDER BY id")]
    db.close()
    assert ratings == [1, 2]
    due = run("quiz", "--due", "--notes", str(vault), "--json")
    assert due.exit_code == 0 and len(json.loads(due.stdout)) == 1  # one new card left under today's cap
    progress = json.loads(run("progress", "--notes", str(vault), "--json").stdout)
    assert progress["reviews_total"] == 2 and "ctr-prediction" in progress["by_domain"]
    listed = run("quiz", "--due", "--list", "--notes", str(vault), env={"COLUMNS": "200"})
    assert listed.exit_code == 0 and "1 cards due" in listed.output
    # --due reviews across all domains: the one card left, then nothing.
    session = run("quiz", "--due", "--notes", str(vault), input="\n\n")
    assert session.exit_code == 0 and "[1/1]" in session.output and "Reviewed 1 card" in session.output
    assert "Nothing is due" in run("quiz", "--due", "--notes", str(vault)).output


def test_drill_from_a_file_lists_covered_and_missed(vault: Path, tmp_path: Path) -> None:
    answer = tmp_path / "answer.txt"
    answer.write_text(
        "Predict clicks at low latency, train on Criteo, evaluate AUC offline and A/B test online."
    )
    result = run(
        "drill",
        "ctr-prediction",
        "design a news-feed ranking system",
        "--answer-file",
        str(answer),
        "--rate",
        "good",
        "--notes",
        str(vault),
    )
    assert result.exit_code == 0, result.output
    flat = " ".join(result.output.split())
    assert "Covered" in flat and "Missed" in flat and "dien-2019" in flat.replace("- ", "-")
    data = json.loads(
        run("drill", "ctr-prediction", "--answer-file", str(answer), "--notes", str(vault), "--json").stdout
    )
    assert data["feedback"]["covered"] and data["feedback"]["missed"]
    # After grading: the model answer, in interview order, each step a cited sentence of a paper.
    assert "Model answer" in flat and "Goal and constraints" in flat
    assert "In the online A/B test DIEN improves CTR by 20.7% over the base model." in flat
    parts = data["model_answer"]
    assert parts[0]["stage"] == "goal" and parts[-1]["stage"] == "evaluation"
    assert all(p["text"] == p["source"]["text"] and p["source"]["page"] for p in parts)
    assert "model_answer" not in data["rubric"]
    rubric_only = json.loads(
        run("drill", "ctr-prediction", "--rubric", "--json", "--notes", str(vault)).stdout
    )
    assert rubric_only["points"] and "model_answer" not in rubric_only
    assert all(point["sources"] for point in rubric_only["points"])
    typed = run("drill", "ctr-prediction", "--notes", str(vault), input="I would use AUC.\n\ng\n")
    assert typed.exit_code == 0, typed.output


CROSS = "In DCN, what does the cross network compute?"


def only_card(vault: Path, question: str) -> None:
    """Suspend every card of the deck but the one asking ``question``."""
    with Library(Vault(vault)) as library:
        service = QuizService(library)
        service.sync("ctr-prediction")
        for card in service.cards("ctr-prediction"):
            service.suspend(card.id, card.item.question != question)


def test_quiz_feedback_lists_key_points_covered_and_missed(vault: Path) -> None:
    only_card(vault, CROSS)
    result = run(
        "quiz",
        "ctr-prediction",
        "--notes",
        str(vault),
        input="bounded-degree feature crossings\n\n",
        env=WIDE,
    )
    assert result.exit_code == 0, result.output
    flat = " ".join(result.output.split())
    assert "Covered 0 of 1 key points" in flat and "missed" in flat
    assert "✗ explicit feature crossings of bounded degree at every layer with few parameters" in flat
    sentence = "The cross network computes explicit feature crossings of bounded degree at every layer"
    assert sentence in flat and "(p. 3)" in flat
    only_card(vault, "In DIEN, what does the interest evolving layer model?")
    answered = run(
        "quiz",
        "ctr-prediction",
        "--notes",
        str(vault),
        input="the interest evolving process relative to the target item, via an attention update gate\n\n",
        env=WIDE,
    )
    flat = " ".join(answered.output.split())
    assert "Covered 1 of 1 key points" in flat and "✓ the interest evolving process" in flat


def test_export_anki_and_reviews(vault: Path, tmp_path: Path) -> None:
    out = tmp_path / "recsys.apkg"
    result = run("export", "anki", "ctr-prediction", "-o", str(out), "--notes", str(vault))
    assert result.exit_code == 0, result.output
    assert zipfile.ZipFile(out).namelist()[0] == "collection.anki2"
    items = json.loads(run("deck", "ctr-prediction", "--notes", str(vault), "--json").stdout)
    for fmt, suffix in (("markdown", ".md"), ("csv", ".csv")):
        target = tmp_path / f"d{suffix}"
        written = run("export", fmt, "ctr-prediction", "-o", str(target), "--notes", str(vault))
        assert written.exit_code == 0 and f"Wrote {len(items)} cards" in written.output
    markdown = (tmp_path / "d.md").read_text(encoding="utf-8")
    assert all(f"<!-- card {i['id']} -->" in markdown for i in items)
    rows = list(csv.DictReader(io.StringIO((tmp_path / "d.csv").read_text(encoding="utf-8"))))
    assert [r["id"] for r in rows] == [i["id"] for i in items]
    run("quiz", "ctr-prediction", "--notes", str(vault), input="x\ng\n:q\n")
    reviews = tmp_path / "reviews.json"
    assert run("export", "reviews", "-o", str(reviews), "--notes", str(vault)).exit_code == 0
    assert len(json.loads(reviews.read_text())["reviews"]) == 1


def test_card_commands_and_clear_errors(vault: Path) -> None:
    items = json.loads(run("deck", "ctr-prediction", "--notes", str(vault), "--json").stdout)
    card = items[0]["id"]
    assert run("card", "suspend", card, "--notes", str(vault)).exit_code == 0
    assert run("card", "edit", card, "--answer", "mine", "--notes", str(vault)).exit_code == 0
    listed = json.loads(run("card", "list", "ctr-prediction", "--notes", str(vault), "--json").stdout)
    mine = next(c for c in listed if c["item"]["id"] == card)
    assert mine["suspended"] and mine["edited"] and mine["item"]["answer"] == "mine"
    assert run("card", "delete", card, "--notes", str(vault)).exit_code == 0
    remaining = json.loads(run("card", "list", "ctr-prediction", "--notes", str(vault), "--json").stdout)
    assert card not in {c["item"]["id"] for c in remaining}  # deleted cards leave the list
    unknown = run("quiz", "no-such-domain", "--notes", str(vault))
    assert unknown.exit_code == 1 and "no papers in domain 'no-such-domain'" in unknown.output
    missing = run("card", "suspend", "deadbeef", "--notes", str(vault))
    assert missing.exit_code == 1 and "no card" in missing.output
    nothing = run("quiz", "--notes", str(vault))
    assert nothing.exit_code == 1 and "name a domain to study" in nothing.output


def test_domain_created_by_ingest_and_empty_deck(tmp_path: Path) -> None:
    from paperstudy.notes import render_note
    from paperstudy.store import Library, Vault
    from tests.quiz.builders import make_note

    root = tmp_path / "v"
    with Library(Vault(root)) as library:
        note = make_note("dcn-2017", ["my-own-area"])
        empty = {"facets": {}, "datasets": [], "metrics": [], "baselines": [], "abstract": ""}
        bare = note.model_copy(update={"parsed": note.parsed.model_copy(update=empty)})
        library.save(bare, render_note(bare), None)
    result = run("deck", "my-own-area", "--notes", str(root))
    assert result.exit_code == 1 and "is empty" in result.output


def test_rename_moves_note_pdf_cards_and_review_history(vault: Path) -> None:
    run("card", "new-per-day", "3", "--notes", str(vault))
    assert run("quiz", "ctr-prediction", "--notes", str(vault), input="\n\n:q\n").exit_code == 0
    db = sqlite3.connect(vault / ".paperstudy" / "library.db")
    [(card_id, reviewed)] = db.execute(
        "SELECT c.id, c.paper_id FROM quiz_cards c JOIN quiz_reviews r ON r.card_id = c.id"
    ).fetchall()
    db.close()
    old_note = vault / "ctr-prediction" / f"{reviewed}.md"
    assert old_note.exists()
    pdf = vault / ".paperstudy" / "pdfs" / f"{reviewed}.pdf"
    pdf.parent.mkdir(parents=True, exist_ok=True)
    pdf.write_bytes(b"%PDF-1.4 stand-in")
    mine = "My own line about this paper."
    old_note.write_text(old_note.read_text().rstrip() + "\n\n" + mine + "\n")

    result = run("rename", reviewed, "renamed-2017", "--notes", str(vault))
    assert result.exit_code == 0, result.output
    new_note = vault / "ctr-prediction" / "renamed-2017.md"
    assert not old_note.exists() and new_note.exists() and mine in new_note.read_text()
    assert "id: renamed-2017" in new_note.read_text()
    assert not pdf.exists() and (pdf.parent / "renamed-2017.pdf").read_bytes() == b"%PDF-1.4 stand-in"
    shown = json.loads(run("show", "renamed-2017", "--notes", str(vault), "--json").stdout)
    assert shown["id"] == "renamed-2017" and shown["my_notes"].strip() == mine
    assert run("show", reviewed, "--notes", str(vault)).exit_code != 0
    db = sqlite3.connect(vault / ".paperstudy" / "library.db")
    [(paper_id, item)] = db.execute(
        "SELECT paper_id, item FROM quiz_cards WHERE id = ?", (card_id,)
    ).fetchall()
    reviews = db.execute("SELECT COUNT(*) FROM quiz_reviews WHERE card_id = ?", (card_id,)).fetchone()[0]
    db.close()
    assert paper_id == "renamed-2017" and json.loads(item)["source"]["paper_id"] == "renamed-2017"
    assert reviews == 1  # the review history follows the card, whose id is unchanged
    progress = json.loads(run("progress", "--notes", str(vault), "--json").stdout)
    assert progress["reviews_total"] == 1


def test_rename_refuses_a_taken_or_malformed_id(vault: Path) -> None:
    taken = run("rename", "dcn-2017", "deepfm-2017", "--notes", str(vault))
    assert taken.exit_code != 0 and "already in the library" in taken.output
    bad = run("rename", "dcn-2017", "Not An Id", "--notes", str(vault))
    assert bad.exit_code != 0 and "no paper id" in bad.output
    missing = run("rename", "nothing-2000", "other-2000", "--notes", str(vault))
    assert missing.exit_code != 0 and "nothing-2000" in missing.output
    assert (vault / "ctr-prediction" / "dcn-2017.md").exists()


def test_rename_updates_the_wikilinks_of_notes_that_link_to_the_paper(vault: Path) -> None:
    from paperstudy.store import Library, Vault
    from paperstudy.vault import refresh_links

    deepfm = vault / "ctr-prediction" / "deepfm-2017.md"
    with Library(Vault(vault)) as library:
        # The user names DCN as one of DeepFM's baselines: DeepFM's note then links to DCN's.
        text = deepfm.read_text()
        deepfm.write_text(
            text.replace("baselines: {add: [], remove: []}", "baselines: {add: [DCN], remove: []}")
        )
        refresh_links(library, ["deepfm-2017"])
        refresh_links(library, ["dcn-2017"])
    assert "[[dcn-2017|DCN]]" in deepfm.read_text()
    assert run("rename", "dcn-2017", "dcnet-2017", "--notes", str(vault)).exit_code == 0
    linked = deepfm.read_text()
    assert "[[dcnet-2017|DCN]]" in linked and "[[dcn-2017" not in linked
