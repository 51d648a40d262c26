"""Search page: arXiv + Scholar with source status over a mocked transport; add results; upload PDFs."""

from __future__ import annotations

from pathlib import Path

import pytest
import responses
from streamlit.testing.v1 import AppTest

from paperstudy.store import Library, Vault
from tests.app.conftest import MakeApp, no_exceptions, write_pdf
from tests.corpus import CORPUS
from tests.sources.loopback import atom_feed

API = "http://arxiv.test/api/query"
SCHOLAR = "http://scholar.test"
PDF_URL = "http://pdfs.test/deepthing.pdf"


@pytest.fixture
def mocked_sources(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PAPERSTUDY_ARXIV_URL", API)
    monkeypatch.setenv("PAPERSTUDY_SCHOLAR_URL", SCHOLAR)
    monkeypatch.setenv("PAPERSTUDY_HTTP_TIMEOUT", "2")
    monkeypatch.setenv("PAPERSTUDY_CACHE_DAYS", "0")


def open_search(make_app: MakeApp, vault: Path) -> AppTest:
    at = make_app(vault)
    at.run()
    at.switch_page("app_pages/search.py").run()
    no_exceptions(at)
    return at


def test_renders_on_empty_library(make_app: MakeApp, empty_vault: Path) -> None:
    at = open_search(make_app, empty_vault)
    assert at.title[0].value == "Search"
    assert at.text_input(key="search_query").value == ""
    assert not at.error


@responses.activate
def test_scholar_blocked_shows_arxiv_only_then_adds_selected(
    make_app: MakeApp, empty_vault: Path, mocked_sources: None, tmp_path: Path
) -> None:
    entries = [
        {"id": "1703.04247", "title": "DeepThing: Learning Things", "pdf": PDF_URL},
        {"id": "1708.05123", "title": "Another Thing", "pdf": "http://pdfs.test/missing.pdf"},
    ]
    responses.add(responses.GET, API, body=atom_feed(entries))
    responses.add(responses.GET, f"{SCHOLAR}/scholar", status=403)
    responses.add(
        responses.GET, PDF_URL, body=write_pdf(tmp_path / "served.pdf").read_bytes(),
        content_type="application/pdf",
    )  # fmt: skip
    responses.add(responses.GET, "http://pdfs.test/missing.pdf", status=404)

    at = open_search(make_app, empty_vault)
    at.text_input(key="search_query").input("deep things")
    at.multiselect(key="search_sources").set_value(["arxiv", "scholar"])
    at.button[0].click().run()  # the form's submit button
    no_exceptions(at)
    assert not at.error, [e.value for e in at.error]
    [warning] = at.warning
    assert "Google Scholar refused the request" in warning.value
    assert "showing arXiv results only" in warning.value
    assert len([c for c in at.checkbox if c.key and c.key.startswith("pick_")]) == 2

    # Select both, add them to a new domain: one is added, the other fails with its own message.
    at.checkbox(key="pick_0").check()
    at.checkbox(key="pick_1").check()
    at.selectbox(key="add_domain").set_value("recommender-systems").run()
    next(b for b in at.button if b.label.startswith("Add 2 selected")).click().run()
    no_exceptions(at)
    assert at.progress and at.progress[-1].value == 100
    assert "1 of 2 added or updated" in at.success[0].value
    result = at.dataframe[0].value
    assert list(result["result"]) == ["added", "failed"]
    assert "404" in result["problem"][1]
    with Library(Vault(empty_vault)) as library:
        assert library.domain_counts() == {"recommender-systems": 1}


@responses.activate
def test_everything_failing_shows_one_message(
    make_app: MakeApp, empty_vault: Path, mocked_sources: None
) -> None:
    responses.add(responses.GET, API, status=400)
    at = open_search(make_app, empty_vault)
    at.text_input(key="search_query").input("anything")
    at.button[0].click().run()
    no_exceptions(at)
    [error] = at.error
    assert error.value.startswith("Search failed: arXiv answered HTTP 400")
    assert at.text_input(key="search_query").value == "anything"  # the page stays usable, input kept


def test_upload_pdfs_into_a_domain(make_app: MakeApp, empty_vault: Path) -> None:
    pdf = CORPUS / "pdfs" / "dcn-2017.pdf"
    if not pdf.is_file():
        pytest.skip(f"shared corpus not found at {pdf}")
    at = open_search(make_app, empty_vault)
    at.file_uploader(key="upload_files").set_value(
        [("dcn.pdf", pdf.read_bytes(), "application/pdf"), ("broken.pdf", b"not a pdf", "application/pdf")]
    )
    at.selectbox(key="upload_domain").set_value("ctr-prediction").run()
    next(b for b in at.button if b.label == "Add PDFs").click().run(timeout=120)
    no_exceptions(at)
    assert "1 of 2 added or updated" in at.success[0].value
    result = at.dataframe[0].value
    assert list(result["paper"]) == ["dcn.pdf", "broken.pdf"]
    assert list(result["result"]) == ["added", "failed"]
    with Library(Vault(empty_vault)) as library:
        assert library.domain_counts() == {"ctr-prediction": 1}
