"""arXiv: query building, feed parsing of recorded responses, paging and the 3-second rule on a fake clock."""

from __future__ import annotations

import itertools
from urllib.parse import parse_qs, urlparse

import pytest
import responses

from paperstudy.errors import ConfigError, RateLimited, SourceError
from paperstudy.sources.arxiv_source import ArxivSource, build_query, parse_feed, short_id
from paperstudy.sources.base import Search
from paperstudy.sources.http import HttpClient, RetryPolicy
from tests.sources.loopback import FakeClock, atom_feed

API = "http://arxiv.test/api/query"


def source(clock: FakeClock, **policy: float) -> ArxivSource:
    client = HttpClient(timeout=2, clock=clock)
    return ArxivSource(client, API, policy=RetryPolicy(**policy) if policy else None)  # type: ignore[arg-type]


def test_parses_the_recorded_2016_layout(arxiv_2016: bytes) -> None:
    total, hits = parse_feed(arxiv_2016)
    assert total == 31 and len(hits) == 10
    first = hits[0]
    assert first.title == "A Luttinger Liquid Core Inside Helium-4 Filled Nanopores"
    assert first.arxiv_id == "1201.4869" and first.year == 2012
    assert first.pdf_url == "http://arxiv.org/pdf/1201.4869v1"
    assert first.doi == "10.1142/S021797921244002X" and first.sources == ["arxiv"]


def test_parses_the_recorded_2026_layout(arxiv_2026: dict[str, object]) -> None:
    total, hits = parse_feed(str(arxiv_2026["body"]).encode())
    assert total == 1
    assert hits[0].arxiv_id == "1605.08386"
    assert hits[0].authors == ["Caprice Stanley", "Tobias Windisch"]
    assert hits[0].pdf_url == "https://arxiv.org/pdf/1605.08386v1"
    assert hits[0].venue == "arXiv math.CO"


def test_not_a_feed_and_api_errors_are_clear() -> None:
    with pytest.raises(SourceError, match="not an Atom feed"):
        parse_feed(b"")
    error_feed = atom_feed([]).replace(
        b"</feed>",
        b"<entry><id>http://arxiv.org/api/errors#incorrect_id</id><updated>2020-01-01T00:00:00Z</updated>"
        b"<published>2020-01-01T00:00:00Z</published><title>Error</title>"
        b"<summary>incorrect id format for 1234</summary></entry></feed>",
    )
    with pytest.raises(SourceError, match="rejected the query: incorrect id format"):
        parse_feed(error_feed)


def test_query_combines_fields_categories_and_dates() -> None:
    search = Search(query='ti:"two-tower"', categories=("cs.IR", "cs.LG"), since=2018, until=2020)
    assert build_query(search) == (
        '(ti:"two-tower") AND (cat:cs.IR OR cat:cs.LG) AND submittedDate:[201801010000 TO 202012312359]'
    )
    assert Search(query="a AND ti:b OR abs:c").plain_query == "a b c"
    assert short_id("http://arxiv.org/abs/cond-mat/0603029v1") == "cond-mat/0603029"
    with pytest.raises(ConfigError):
        Search()
    with pytest.raises(ConfigError):
        Search(query="x", since=2020, until=2019)


@responses.activate
def test_paging_asks_only_for_what_is_needed_and_keeps_3_seconds(arxiv_2016: bytes, clock: FakeClock) -> None:
    starts: list[float] = []

    def page(request: responses.PreparedRequest) -> tuple[int, dict[str, str], bytes]:
        starts.append(clock.now())
        args = parse_qs(urlparse(request.url).query)
        size = int(args["max_results"][0])
        offset = int(args["start"][0])
        entries = [
            {"id": f"1801.{offset + i:05d}", "title": f"Paper {offset + i}", "pdf": "http://x/p.pdf"}
            for i in range(size)
        ]
        return 200, {}, atom_feed(entries, total=1000)

    responses.add_callback(responses.GET, API, callback=page)
    hits = source(clock).search(Search(query="two-tower retrieval", max_results=250))
    assert len(hits) == 250
    sizes = [parse_qs(urlparse(c.request.url).query)["max_results"][0] for c in responses.calls]
    assert sizes == ["100", "100", "50"]
    assert all(b - a >= 3.0 for a, b in itertools.pairwise(starts))


@responses.activate
def test_429_then_success_backs_off_with_jitter(arxiv_2016: bytes, clock: FakeClock) -> None:
    responses.add(responses.GET, API, status=429, headers={"Retry-After": "5"})
    responses.add(responses.GET, API, body=arxiv_2016)
    hits = source(clock).search(Search(query="au:del_maestro", max_results=10))
    assert len(hits) == 10
    assert len(responses.calls) == 2
    assert clock.sleeps and clock.sleeps[0] >= 5.0  # Retry-After is honoured


@responses.activate
def test_503_forever_gives_up_with_a_clear_message(clock: FakeClock) -> None:
    starts: list[float] = []

    def busy(request: responses.PreparedRequest) -> tuple[int, dict[str, str], bytes]:
        starts.append(clock.now())
        return 503, {}, b"busy"

    responses.add_callback(responses.GET, API, callback=busy)
    with pytest.raises(RateLimited, match=r"arXiv answered HTTP 503 .* after 4 tries; .*try again"):
        source(clock, attempts=4, budget=1000).search(Search(query="x"))
    assert len(starts) == 4
    gaps = [b - a for a, b in itertools.pairwise(starts)]
    # Every retry respects the 3-second rule, and the backoff grows (exponential with jitter).
    assert min(gaps) >= 3.0 and gaps[-1] >= 6.0


@responses.activate
def test_sleep_budget_bounds_the_total_wait(clock: FakeClock) -> None:
    responses.add(responses.GET, API, status=503)
    with pytest.raises(RateLimited):
        source(clock).search(Search(query="x"))  # default policy: 12 s of waiting at most
    assert sum(clock.sleeps) <= 12.0 + 3.0 * len(responses.calls)


@responses.activate
def test_timeout_is_a_clear_error(clock: FakeClock) -> None:
    import requests

    responses.add(responses.GET, API, body=requests.ReadTimeout("read timed out"))
    with pytest.raises(SourceError, match="did not answer within 2 s"):
        source(clock).search(Search(query="x"))
