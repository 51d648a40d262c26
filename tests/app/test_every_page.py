"""Every page renders, with one clear message at most, on an empty library and on real ingested papers."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.app.conftest import MakeApp, no_exceptions

PAGES = ("domains", "paper", "search", "ask", "quiz", "progress")


@pytest.mark.parametrize("page", PAGES)
def test_page_on_an_empty_library(make_app: MakeApp, empty_vault: Path, page: str) -> None:
    at = make_app(empty_vault)
    at.run()
    at.switch_page(f"app_pages/{page}.py").run()
    no_exceptions(at)
    assert not at.error, [e.value for e in at.error]
    if page != "search":  # Search is one of the two ways in: it works on an empty library
        assert at.info[0].value.startswith("Your library is empty.")
        assert {"Search for papers", "Add PDFs from disk"} <= {b.label for b in at.button}


@pytest.mark.parametrize("page", PAGES)
def test_page_on_ingested_corpus_papers(make_app: MakeApp, corpus_vault: Path, page: str) -> None:
    at = make_app(corpus_vault)
    at.run()
    at.switch_page(f"app_pages/{page}.py").run()
    no_exceptions(at)
    assert not at.error, [e.value for e in at.error]
    assert not any(i.value.startswith("Your library is empty.") for i in at.info)
