"""Both sources together: Scholar failures become warnings, Scholar hits get arXiv PDFs by title."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import parse_qs, urlparse

import pytest
import responses

from paperstudy.errors import SourceError
from paperstudy.settings import Settings
from paperstudy.sources.base import Search
from paperstudy.sources.finder import Finder, parse_sources
from tests.sources.loopback import FakeClock, atom_feed

API = "http://arxiv.test/api/query"
SCHOLAR = "http://scholar.test"


def finder(tmp_path: Path, clock: FakeClock) -> Finder:
    settings = Settings(notes=tmp_path / "notes", arxiv_url=API, scholar_url=SCHOLAR, http_timeout=2)
    return Finder(settings, clock=clock)


@responses.activate
def test_scholar_blocked_still_shows_arxiv(tmp_path: Path, clock: FakeClock, arxiv_2016: bytes) -> None:
    responses.add(responses.GET, API, body=arxiv_2016)
    responses.add(responses.GET, f"{SCHOLAR}/scholar", status=403)
    found = finder(tmp_path, clock).search(
        Search(query="au:del_maestro", max_results=5), ("arxiv", "scholar")
    )
    assert len(found.hits) == 5
    assert found.warnings == [
        "Google Scholar refused the request (blocked/CAPTCHA); showing arXiv results only "
        "(set PAPERSTUDY_SCHOLAR_PROXY or PAPERSTUDY_SCRAPERAPI_KEY to get through)"
    ]


@responses.activate
def test_scholar_hits_get_arxiv_pdfs_by_title(tmp_path: Path, clock: FakeClock, scholar_page: bytes) -> None:
    title = (
        "Glacial Lake Victoria, a high-level Antarctic lake inferred from lacustrine deposits"
        + " in Victoria Valley"
    )
    seen: list[str] = []

    def api(request: responses.PreparedRequest) -> tuple[int, dict[str, str], bytes]:
        query = parse_qs(urlparse(request.url).query)["search_query"][0]
        seen.append(query)
        if "ti:" in query and "OR ti:" in query:
            entry = {
                "id": "0201.00001",
                "title": title,
                "pdf": "https://arxiv.org/pdf/0201.00001v1",
                "year": "2002",
            }
            return 200, {}, atom_feed([entry])
        return 200, {}, atom_feed([])

    responses.add_callback(responses.GET, API, callback=api)
    responses.add(responses.GET, f"{SCHOLAR}/scholar", body=scholar_page)
    found = finder(tmp_path, clock).search(Search(query="glacial lake", max_results=10), ("arxiv", "scholar"))
    assert found.warnings == []
    assert len(seen) == 2  # the search, then ONE title query for all PDF-less Scholar hits
    lake = next(h for h in found.hits if h.title.startswith("Glacial Lake Victoria"))
    assert lake.arxiv_id == "0201.00001" and lake.pdf_url == "https://arxiv.org/pdf/0201.00001v1"
    assert lake.citations == 67 and lake.sources == ["scholar", "arxiv"]


@responses.activate
def test_everything_failing_raises_the_arxiv_error(tmp_path: Path, clock: FakeClock) -> None:
    responses.add(responses.GET, API, status=400)
    responses.add(responses.GET, f"{SCHOLAR}/scholar", status=403)
    with pytest.raises(SourceError, match="arXiv answered HTTP 400"):
        finder(tmp_path, clock).search(Search(query="x"), ("arxiv", "scholar"))


def test_parse_sources() -> None:
    assert parse_sources("all") == ("arxiv", "scholar")
    assert parse_sources("scholar,arxiv") == ("arxiv", "scholar")
    with pytest.raises(Exception, match="unknown --source"):
        parse_sources("bing")


def test_auto_asks_scholar_only_when_a_way_through_is_configured() -> None:
    assert parse_sources("auto") == ("arxiv",)
    assert parse_sources("auto", scholar_configured=True) == ("arxiv", "scholar")
