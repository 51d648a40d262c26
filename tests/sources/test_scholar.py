"""Google Scholar: recorded pages are read by scholarly's parser; blocks end at once with our own error."""

from __future__ import annotations

import time
from pathlib import Path
from urllib.parse import parse_qs, urlparse

import pytest
import responses

from paperstudy.errors import ScholarBlocked, SourceError
from paperstudy.sources.base import Search
from paperstudy.sources.http import HttpClient
from paperstudy.sources.scholar_source import ScholarSource, parse_page
from tests.sources.loopback import FakeClock

BASE = "http://scholar.test"


def scholar(clock: FakeClock, **kwargs: str) -> ScholarSource:
    return ScholarSource(HttpClient(timeout=2, clock=clock), BASE, **kwargs)


def test_reads_the_recorded_results_page(scholar_page: bytes) -> None:
    hits, has_next = parse_page(scholar_page)
    assert len(hits) == 10 and has_next
    second = hits[1]
    assert second.title.startswith("Plutonic rocks from the Cape Roberts hinterland")
    assert second.year == 2002 and second.citations == 6 and second.venue == "Terra Antartica"
    assert second.pdf_url and second.pdf_url.endswith(".pdf")  # a [PDF] side link
    assert hits[2].pdf_url is None  # no [PDF] link: to be matched on arXiv
    assert all(h.sources == ["scholar"] for h in hits)


def test_captcha_and_unknown_layout_are_clear(captcha_page: bytes, fixtures: Path) -> None:
    with pytest.raises(ScholarBlocked, match="CAPTCHA"):
        parse_page(captcha_page)
    old = (fixtures / "scholar" / "results-2016-old-layout.html").read_bytes()
    with pytest.raises(SourceError, match="layout was not recognised"):
        parse_page(old)
    assert parse_page(b"<html>Your search did not match any articles.</html>") == ([], False)


@responses.activate
@pytest.mark.timeout(10)
def test_403_raises_at_once_without_sleeping(clock: FakeClock) -> None:
    responses.add(responses.GET, f"{BASE}/scholar", status=403, body=b"<html>Forbidden</html>")
    started = time.monotonic()
    with pytest.raises(ScholarBlocked, match="refused the request"):
        scholar(clock).search(Search(query="two-tower retrieval"))
    assert len(responses.calls) == 1 and clock.sleeps == []
    assert time.monotonic() - started < 5


@responses.activate
def test_captcha_served_with_200_is_blocked(clock: FakeClock, captcha_page: bytes) -> None:
    responses.add(responses.GET, f"{BASE}/scholar", body=captcha_page)
    with pytest.raises(ScholarBlocked, match="CAPTCHA"):
        scholar(clock).search(Search(query="x"))
    assert len(responses.calls) == 1


@responses.activate
def test_pages_until_enough_and_passes_years(clock: FakeClock, scholar_page: bytes) -> None:
    responses.add(responses.GET, f"{BASE}/scholar", body=scholar_page)
    hits = scholar(clock).search(Search(query="ti:glacial AND abs:lake", since=2018, max_results=15))
    assert len(hits) == 15 and len(responses.calls) == 2
    first, second = (parse_qs(urlparse(c.request.url).query) for c in responses.calls)
    assert first["q"] == ["glacial lake"] and first["as_ylo"] == ["2018"]
    assert second["start"] == ["10"]
    assert clock.sleeps and clock.sleeps[0] >= 5.0  # Scholar pages are spaced out too


@responses.activate
def test_scraperapi_wraps_the_url_and_keeps_the_key_out_of_errors(
    clock: FakeClock, scholar_page: bytes
) -> None:
    responses.add(responses.GET, "http://api.scraperapi.com/", body=scholar_page)
    hits = scholar(clock, scraperapi_key="SECRET").search(Search(query="x", max_results=5))
    assert len(hits) == 5
    sent = parse_qs(urlparse(responses.calls[0].request.url).query)
    assert sent["api_key"] == ["SECRET"] and sent["url"][0].startswith(f"{BASE}/scholar?")


def test_proxy_setting_reaches_the_session() -> None:
    client = HttpClient(timeout=1, proxies={"http": "http://proxy:8080", "https": "http://proxy:8080"})
    assert client.session.proxies["https"] == "http://proxy:8080"
    assert client.session.trust_env is False
