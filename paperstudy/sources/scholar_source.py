"""Google Scholar: we fetch result pages with our own client and let ``scholarly`` read them.

scholarly's own fetch loop is never reached: without a proxy it sleeps 60–120 s forever on a 403, launches
a browser on a CAPTCHA and takes ~8 s to fail offline. Its ``PublicationParser`` only needs a navigator
for the library-link template, so we hand it a stub and parse the rows of the pages we fetched.
"""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import urlencode, urljoin

import requests

from paperstudy.errors import ScholarBlocked, SourceError
from paperstudy.models import SearchHit
from paperstudy.sources.arxiv_source import short_id
from paperstudy.sources.base import Search
from paperstudy.sources.http import HttpClient, RateLimiter, RetryPolicy

SCHOLAR_INTERVAL = 5.0
"""Seconds between page requests: Scholar blocks fast clients, and we only ever need a few pages."""
MAX_PAGES = 3
PAGE_SIZE = 10
SCRAPERAPI_URL = "http://api.scraperapi.com/"
# Scholar's "too many requests" is a block, not a hiccup: retry only real server errors.
SCHOLAR_RETRY_STATUSES = frozenset({500, 502, 503, 504})
BROWSER_USER_AGENT = (
    "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0 Safari/537.36"
)
_CAPTCHA_MARKERS = ('id="gs_captcha_ccl"', 'id="recaptcha"', 'id="captcha-form"', "rc-doscaptcha-body")
_NO_MATCH = "did not match any articles"
_ARXIV_LINK = re.compile(r"arxiv\.org/(?:abs|pdf)/")
BLOCKED_MESSAGE = "Google Scholar refused the request (blocked/CAPTCHA)"


class _StubNavigator:
    """What ``PublicationParser.get_publication`` reads from its navigator; it never fetches anything."""

    publib = "/citations?hl=en&xsrf=&citilm=1&json=&update_op=library_add&info={id}"


def check_blocked(response: requests.Response) -> None:
    """Raise ``ScholarBlocked`` at once for a 403/429, Google's /sorry/ redirect or a CAPTCHA page."""
    if response.status_code in (403, 429) or "/sorry/" in response.url:
        raise ScholarBlocked(f"{BLOCKED_MESSAGE}: HTTP {response.status_code}", response.url)
    if response.status_code == 200 and is_captcha(response.content):
        raise ScholarBlocked(f"{BLOCKED_MESSAGE}: it answered with a CAPTCHA page", response.url)


def is_captcha(body: bytes) -> bool:
    text = body.decode("utf-8", errors="replace")
    return any(marker in text for marker in _CAPTCHA_MARKERS)


def parse_page(body: bytes, url: str | None = None) -> tuple[list[SearchHit], bool]:
    """(hits, whether a next page exists) from one results page. Pure: no network, no sleeping."""
    from bs4 import BeautifulSoup
    from scholarly.data_types import PublicationSource
    from scholarly.publication_parser import PublicationParser

    if is_captcha(body):
        raise ScholarBlocked(f"{BLOCKED_MESSAGE}: it answered with a CAPTCHA page", url)
    html = body.decode("utf-8", errors="replace").replace("\xa0", " ")
    soup = BeautifulSoup(html, "html.parser")
    rows = soup.find_all("div", class_="gs_r gs_or gs_scl")
    if not rows:
        if _NO_MATCH in html:
            return [], False
        raise SourceError("Google Scholar's page layout was not recognised (no results could be read)", url)
    parser = PublicationParser(_StubNavigator())
    hits = []
    for row in rows:
        try:
            publication = parser.get_publication(row, PublicationSource.PUBLICATION_SEARCH_SNIPPET)
        except (AttributeError, KeyError, IndexError, TypeError, ValueError):
            continue  # one odd row (a citation-only entry, a changed block) must not lose the page
        hits.append(_to_hit(publication, row))
    has_next = soup.find(class_="gs_ico gs_ico_nav_next") is not None
    return hits, has_next


def _to_hit(publication: Any, row: Any) -> SearchHit:
    bib = publication.get("bib", {})
    year_text = str(bib.get("pub_year", ""))
    venue = str(bib.get("venue", "") or "")
    pub_url = publication.get("pub_url")
    eprint = publication.get("eprint_url")
    side = row.find("div", class_="gs_ggs gs_fl")
    side_text = side.get_text(" ", strip=True) if side is not None else ""
    is_pdf = bool(eprint) and ("[PDF]" in side_text or str(eprint).lower().endswith(".pdf"))
    arxiv_link = next((u for u in (eprint, pub_url) if u and _ARXIV_LINK.search(u)), None)
    arxiv_id = short_id(arxiv_link) if arxiv_link else None
    pdf_url = eprint if is_pdf else None
    if arxiv_id and not pdf_url:
        pdf_url = f"https://arxiv.org/pdf/{arxiv_id}"
    return SearchHit(
        title=" ".join(str(bib.get("title", "")).lstrip("… ").split()),
        authors=[a for a in bib.get("author", []) if a],
        year=int(year_text) if year_text.isdigit() else None,
        arxiv_id=arxiv_id,
        pdf_url=pdf_url,
        sources=["scholar"],
        citations=int(publication.get("num_citations", 0)),
        venue=venue if venue and venue != "NA" else None,
        abstract=str(bib.get("abstract", "")),
        url=pub_url,
    )


class ScholarSource:
    """Keyword searches on Google Scholar, directly, through a proxy, or through ScraperAPI."""

    name = "scholar"

    def __init__(
        self,
        client: HttpClient,
        base_url: str,
        *,
        scraperapi_key: str | None = None,
        limiter: RateLimiter | None = None,
        policy: RetryPolicy | None = None,
    ) -> None:
        self.client = client
        self.base_url = base_url.rstrip("/")
        self.scraperapi_key = scraperapi_key
        self.limiter = limiter or RateLimiter(SCHOLAR_INTERVAL, client.clock)
        # Few, short retries: a blocked client only gets more blocked by persistence.
        self.policy = policy or RetryPolicy(attempts=2, base_wait=2.0, max_wait=5.0, budget=6.0)

    def page_url(self, search: Search, start: int) -> str:
        args: dict[str, str] = {"hl": "en", "q": search.plain_query}
        if search.since is not None:
            args["as_ylo"] = str(search.since)
        if search.until is not None:
            args["as_yhi"] = str(search.until)
        if search.sort_by == "date":
            args["scisbd"] = "1"
        if start:
            args["start"] = str(start)
        return urljoin(self.base_url + "/", "scholar") + "?" + urlencode(args)

    def _fetch_url(self, target: str) -> str:
        if not self.scraperapi_key:
            return target
        return SCRAPERAPI_URL + "?" + urlencode({"api_key": self.scraperapi_key, "url": target})

    def search(self, search: Search) -> list[SearchHit]:
        if not search.plain_query:
            return []  # category- or id-only searches mean nothing to Scholar
        hits: list[SearchHit] = []
        for page in range(MAX_PAGES):
            target = self.page_url(search, page * PAGE_SIZE)
            body = self.client.get_bytes(
                self._fetch_url(target),
                service="Google Scholar",
                limiter=self.limiter,
                policy=self.policy,
                inspect=check_blocked,
                cache_key=target,
                retry_statuses=SCHOLAR_RETRY_STATUSES,
            )
            found, has_next = parse_page(body, target)
            hits.extend(found)
            if len(hits) >= search.max_results or not has_next or not found:
                break
        return hits[: search.max_results]
