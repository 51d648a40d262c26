"""Ask the library (hybrid search, highlighted sentences, page links) and Progress (charts, weak spots)."""

from __future__ import annotations

from pathlib import Path

from streamlit.testing.v1 import AppTest

from paperstudy.service.quiz import QuizService
from paperstudy.store import Library, Vault
from tests.app.conftest import MakeApp, no_exceptions, plain


def open_page(make_app: MakeApp, vault: Path, page: str) -> AppTest:
    at = make_app(vault)
    at.run()
    at.switch_page(f"app_pages/{page}.py").run()
    no_exceptions(at)
    return at


def test_ask_on_empty_library(make_app: MakeApp, empty_vault: Path) -> None:
    at = open_page(make_app, empty_vault, "ask")
    assert "Your library is empty." in at.info[0].value


def test_ask_keyword_search_highlights_and_links(make_app: MakeApp, corpus_vault: Path) -> None:
    at = open_page(make_app, corpus_vault, "ask")
    at.text_input(key="ask_query").input("factorization machine embedding")
    at.selectbox(key="ask_mode").set_value("keyword")
    at.button[0].click().run()
    no_exceptions(at)
    assert not at.error, [e.value for e in at.error]
    hits = at.session_state["ask_hits"]
    assert hits and hits[0]["highlights"]
    shown = [m.value for m in at.markdown]
    assert any(":orange-background[" in value for value in shown)  # the matched sentences are highlighted
    first = hits[0]
    at.button(key="ask_open_0").click().run()
    no_exceptions(at)
    assert at.title[0].value == "Paper"
    assert at.selectbox(key="paper").value == first["paper_id"]
    assert at.selectbox(key="pdf_page").value == first["page"]


def test_ask_hybrid_uses_the_model(make_app: MakeApp, corpus_vault: Path) -> None:
    at = open_page(make_app, corpus_vault, "ask")
    at.text_input(key="ask_query").input("how do they learn feature interactions?")
    at.button[0].click().run()
    no_exceptions(at)
    assert not at.error, [e.value for e in at.error]
    assert at.session_state["ask_hits"]


def test_ask_empty_query_is_one_clear_message(make_app: MakeApp, corpus_vault: Path) -> None:
    at = open_page(make_app, corpus_vault, "ask")
    at.button[0].click().run()
    no_exceptions(at)
    assert at.error[0].value.startswith("Cannot search the library: the query is empty")


def test_progress_empty_and_after_reviews(make_app: MakeApp, corpus_vault: Path, empty_vault: Path) -> None:
    at = open_page(make_app, empty_vault, "progress")
    assert "Your library is empty." in at.info[0].value

    at = open_page(make_app, corpus_vault, "progress")
    assert not at.error, [e.value for e in at.error]
    assert any("No reviews yet" in i.value for i in at.info)
    with Library(Vault(corpus_vault)) as library:
        service = QuizService(library)
        for rating in ("again", "good", "good"):
            card = service.next_card("ctr-prediction")
            assert card is not None
            service.rate(card.id, rating)
    at.run()
    no_exceptions(at)
    metrics = {m.label: m.value for m in at.metric}
    assert metrics["Reviews"] == "3"
    assert metrics["Retention"] == "—"  # retention counts re-reviews of studied cards only
    assert len(at.get("vega_lite_chart")) == 4
    assert at.dataframe[0].value["topic"].iloc[0].startswith(("domain", "facet"))


def test_ask_shows_a_cited_answer_above_the_passages(make_app: MakeApp, corpus_vault: Path) -> None:
    at = open_page(make_app, corpus_vault, "ask")
    at.text_input(key="ask_query").input(
        "factorization machine and deep network sharing the input embeddings"
    )
    at.selectbox(key="ask_mode").set_value("keyword")
    at.button[0].click().run()
    no_exceptions(at)
    answer = at.session_state["ask_answer"]
    assert 1 <= len(answer) <= 4 and answer[0]["paper_id"] in {
        h["paper_id"] for h in at.session_state["ask_hits"]
    }
    assert at.subheader[0].value == "Answer"
    shown = [plain(m.value) for m in at.markdown]
    cited = next(i for i, value in enumerate(shown) if value.startswith(answer[0]["text"]))
    assert f"{answer[0]['paper_id']} · {answer[0]['section']} · p. {answer[0]['page']}" in shown[cited]
    first_passage = next(i for i, value in enumerate(shown) if value.startswith("**"))
    assert cited < first_passage  # the answer comes above the passages
