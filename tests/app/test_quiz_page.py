"""Quiz page: the loop answer → feedback → rate → next card with the review stored; drills; empty library."""

from __future__ import annotations

from pathlib import Path

from streamlit.testing.v1 import AppTest

from paperstudy.service.quiz import QuizService
from paperstudy.store import Library, Vault
from tests.app.conftest import MakeApp, no_exceptions, plain
from tests.quiz.builders import make_vault


def open_quiz(make_app: MakeApp, vault: Path) -> AppTest:
    at = make_app(vault)
    at.run()
    at.switch_page("app_pages/quiz.py").run()
    no_exceptions(at)
    return at


def test_empty_library_welcome(make_app: MakeApp, empty_vault: Path) -> None:
    at = open_quiz(make_app, empty_vault)
    assert "Your library is empty." in at.info[0].value


def answer_current(at: AppTest) -> str:
    card_id = at.session_state["quiz_card"]
    if at.radio:
        at.radio(key=f"answer_{card_id}").set_value(at.radio(key=f"answer_{card_id}").options[0])
    else:
        at.text_area(key=f"answer_{card_id}").input("Criteo")
    next(b for b in at.button if b.label == "Check").click().run()
    no_exceptions(at)
    return str(card_id)


def test_quiz_loop_stores_review_and_moves_on(make_app: MakeApp, corpus_vault: Path) -> None:
    at = open_quiz(make_app, corpus_vault)
    assert not at.error, [e.value for e in at.error]
    first = answer_current(at)
    feedback = at.session_state["quiz_feedback"]
    assert any(m.value.startswith("**Expected:**") for m in at.markdown)
    assert feedback["source"]["text"]  # the source sentence is shown with its page
    assert any(feedback["source"]["text"][:30] in plain(m.value) for m in at.markdown)
    assert [b.label for b in at.button if b.key and b.key.startswith(f"rate_{first}")] == [
        "Again", "Hard", "Good", "Easy"
    ]  # fmt: skip
    at.button(key=f"rate_{first}_good").click().run()
    no_exceptions(at)
    second = at.session_state["quiz_card"]
    assert second != first
    assert "quiz_feedback" not in at.session_state
    with Library(Vault(corpus_vault)) as library:
        [review] = QuizService(library).reviews()
        assert review.card_id == first and review.rating == "good" and review.response
        assert review.duration_ms is not None


def test_source_link_opens_the_cited_page(make_app: MakeApp, corpus_vault: Path) -> None:
    at = open_quiz(make_app, corpus_vault)
    for _ in range(6):  # the first card whose source has a page (compare cards may cite none)
        card_id = answer_current(at)
        source = at.session_state["quiz_feedback"]["source"]
        if source and source["page"]:
            break
        at.button(key=f"rate_{card_id}_good").click().run()
    next(b for b in at.button if b.label == f"Open p. {source['page']}").click().run()
    no_exceptions(at)
    assert at.title[0].value == "Paper"
    assert at.selectbox(key="paper").value == source["paper_id"]
    assert at.selectbox(key="pdf_page").value == source["page"]


def test_facet_filter_and_drill(make_app: MakeApp, corpus_vault: Path) -> None:
    at = open_quiz(make_app, corpus_vault)
    at.selectbox(key="quiz_facet").set_value("results").run()
    no_exceptions(at)
    with Library(Vault(corpus_vault)) as library:
        card = QuizService(library).card(at.session_state["quiz_card"])
    assert card.item.facet == "results"

    at.segmented_control(key="quiz_mode").set_value("Design drill").run()
    no_exceptions(at)
    rubric = at.session_state["drill_rubric"]
    assert rubric["points"]
    at.text_area(key="drill_answer").input(
        "Clarify the goal and latency. Data: click logs, Criteo. Features: categorical embeddings. "
        "Model: a factorization machine plus a deep network. Evaluate with AUC and logloss offline, then A/B."
    ).run()
    next(b for b in at.button if b.label == "Grade my answer").click().run()
    no_exceptions(at)
    assert "You covered" in at.info[0].value
    markdown = [plain(m.value) for m in at.markdown]
    assert any("Model answer" in m for m in markdown)
    first = at.session_state["drill_rubric"]["model_answer"][0]
    assert first["stage"] == "goal"
    assert any(first["text"] in m and f"p. {first['source']['page']}" in m for m in markdown)
    missed = at.session_state["drill_feedback"]["missed"]
    assert missed  # the short answer leaves points out: each is shown with what a paper says of it
    assert any(missed[0]["sources"][0]["text"] in m for m in markdown)
    at.button(key="drill_rate_good").click().run()
    no_exceptions(at)
    with Library(Vault(corpus_vault)) as library:
        reviews = QuizService(library).reviews()
    assert [r.kind for r in reviews] == ["drill"]


def test_practise_ahead_when_nothing_is_due(make_app: MakeApp, fake_vault: Path) -> None:
    at = open_quiz(make_app, fake_vault)
    for _ in range(30):  # review every due card
        if "quiz_card" not in at.session_state:
            break
        card_id = answer_current(at)
        at.button(key=f"rate_{card_id}_easy").click().run()
        no_exceptions(at)
    assert "Nothing is due here right now" in at.success[0].value
    next(b for b in at.button if b.label == "Practise ahead of schedule").click().run()
    no_exceptions(at)
    first = at.session_state["quiz_card"]
    assert any("ahead of schedule" in c.value for c in at.caption)
    answer_current(at)
    at.button(key=f"rate_{first}_good").click().run()
    assert at.session_state["quiz_card"] != first  # practising moves on instead of repeating one card


def test_feedback_shows_key_points_covered_and_missed(make_app: MakeApp, tmp_path: Path) -> None:
    vault = make_vault(tmp_path / "vault")
    question = "In DCN, what does the cross network compute?"
    with Library(Vault(vault)) as library:
        service = QuizService(library)
        service.sync("ctr-prediction")
        for card in service.cards("ctr-prediction"):
            service.suspend(card.id, card.item.question != question)
    at = open_quiz(make_app, vault)
    card_id = at.session_state["quiz_card"]
    at.text_area(key=f"answer_{card_id}").input("it uses few parameters")
    next(b for b in at.button if b.label == "Check").click().run()
    no_exceptions(at)
    shown = next(plain(m.value) for m in at.markdown if "Key points" in m.value)
    assert "✗ missed" in shown and "explicit feature crossings of bounded degree at every layer" in shown
    assert "“The cross network computes explicit feature crossings" in shown and "(p. 3)" in shown
