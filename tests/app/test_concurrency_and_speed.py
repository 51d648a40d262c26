"""Two sessions reviewing at once keep the review log whole; page switches stay fast on 200 papers."""

from __future__ import annotations

import sys
import threading
import time
from pathlib import Path

import pytest

from paperstudy.notes import render_note
from paperstudy.pipeline import build_note
from paperstudy.service.library import LibraryHandle
from paperstudy.service.quiz import QuizService
from paperstudy.store import Library, Vault
from tests.app.conftest import APP, MakeApp, no_exceptions
from tests.fakes import fake_paper


def test_two_tabs_reviewing_interleaved(make_app: MakeApp, corpus_vault: Path) -> None:
    """Two sessions (tabs) on one library: each keeps its own card and answer; every rating is logged."""
    tabs = [make_app(corpus_vault) for _ in range(2)]
    for at in tabs:
        at.run()
        at.switch_page("app_pages/quiz.py").run()
        no_exceptions(at)
    rated: list[str] = []
    for _ in range(3):
        cards = [at.session_state["quiz_card"] for at in tabs]
        for at in tabs:
            next(b for b in at.button if b.label == "Check").click().run()
        for at, card_id in zip(tabs, cards, strict=True):
            at.button(key=f"rate_{card_id}_good").click().run()
            no_exceptions(at)
            rated.append(card_id)
    with Library(Vault(corpus_vault)) as library:
        reviews = QuizService(library).reviews()
        assert sorted(r.card_id for r in reviews) == sorted(rated)
        assert library.db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"


def test_concurrent_reviews_through_the_cached_handle(corpus_vault: Path) -> None:
    """Script runs are threads: through the app's cached ``LibraryHandle`` each gets its own connection,
    and reviews committed at the same time are all kept."""
    handle = LibraryHandle(corpus_vault)
    with Library(Vault(corpus_vault)) as library:
        QuizService(library).sync("ctr-prediction")
        card_ids = [c.id for c in QuizService(library).cards("ctr-prediction")][:10]
    errors: list[BaseException] = []
    start = threading.Barrier(4)

    def review(offset: int) -> None:
        try:
            service = QuizService(handle.library())
            start.wait()
            for index in range(10):
                service.rate(card_ids[(index + offset) % len(card_ids)], "good")
        except BaseException as error:  # reported below, in the test's thread
            errors.append(error)

    threads = [threading.Thread(target=review, args=(n,)) for n in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not errors, errors
    with Library(Vault(corpus_vault)) as library:
        assert len(QuizService(library).reviews()) == 40
        reps = library.db.execute("SELECT sum(reps) FROM quiz_cards").fetchone()[0]
        assert reps == 40
        assert library.db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"


def big_vault(root: Path, papers: int) -> Path:
    """``papers`` fake papers stored directly (no parsing): a library the size the issue names."""
    vault = root / "big"
    with Library(Vault(vault)) as library:
        for index in range(papers):
            domain = ("ctr-prediction", "recommender-systems", "fraud-detection")[index % 3]
            parsed = fake_paper(title=f"Paper{index:03d}: Learning Things", arxiv_id=None)
            parsed = parsed.model_copy(update={"year": 2010 + index % 15})
            fake = root / f"paper{index:03d}.pdf"
            note = build_note(library, parsed, None, f"{index:064x}", domain, fake)
            library.save(note, render_note(note), pdf_source=None)
    return vault


def test_page_switches_are_fast_on_200_papers(make_app: MakeApp, tmp_path: Path) -> None:
    at = make_app(big_vault(tmp_path, 200))
    at.run()  # the first visit builds the quiz decks once (cached until the library changes)
    no_exceptions(at)
    timings = {}
    for page in ("domains", "paper", "search", "ask", "quiz", "progress", "domains", "paper"):
        start = time.perf_counter()
        at.switch_page(f"app_pages/{page}.py").run()
        timings[page] = time.perf_counter() - start
        no_exceptions(at)
    slow = {page: round(seconds, 2) for page, seconds in timings.items() if seconds > 1.5}
    assert not slow, f"page switches over 1.5 s on 200 papers: {slow} (all: {timings})"


def test_pages_without_search_never_load_the_model(
    make_app: MakeApp, fake_vault: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    sys.path.insert(0, str(APP.parent))
    import components

    def refuse(model: str | None) -> object:
        raise AssertionError("the embedding model was requested")

    components.encoder.clear()
    monkeypatch.setattr(components, "get_encoder", refuse)
    at = make_app(fake_vault)
    at.run()
    for page in ("domains", "paper", "search", "quiz", "progress"):
        at.switch_page(f"app_pages/{page}.py").run()
        no_exceptions(at)
        assert not at.error, (page, [e.value for e in at.error])
