"""arXiv through its Atom API: we build the query URL, fetch it with our client, and let the ``arxiv``
package's own feed parser read the bytes.

We do not use ``arxiv.Client``: it sets no timeout, retries without waiting and always asks for
``page_size`` results. Fetching ourselves keeps arXiv's one-request-per-3-s rule in a single place.
"""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import urlencode

from paperstudy.errors import SourceError
from paperstudy.models import SearchHit
from paperstudy.sources.base import Search
from paperstudy.sources.http import HttpClient, RateLimiter, RetryPolicy

ARXIV_INTERVAL = 3.0
"""arXiv's terms of use: no more than one request every three seconds."""
MAX_PAGE = 100
MAX_RESULTS = 300
_VERSION = re.compile(r"v\d+$")
_ID_IN_URL = re.compile(r"arxiv\.org/(?:abs|pdf)/([^?#]+?)(?:\.pdf)?(?:[?#].*)?$")
ARXIV_ID = re.compile(r"^(?:arxiv:)?(\d{4}\.\d{4,5}|[a-z-]+(?:\.[A-Z]{2})?/\d{7})(v\d+)?$", re.IGNORECASE)


def short_id(entry_id: str) -> str:
    """``http://arxiv.org/abs/1703.04247v2`` → ``1703.04247`` (versions dropped so sources compare)."""
    match = _ID_IN_URL.search(entry_id)
    raw = match.group(1) if match else entry_id.rsplit("/abs/", 1)[-1]
    return _VERSION.sub("", raw)


def build_query(search: Search) -> str:
    """The ``search_query`` parameter: the user's query AND any category AND the date range."""
    parts: list[str] = []
    if search.query.strip():
        parts.append(f"({search.query.strip()})")
    if search.title_any:
        parts.append("(" + " OR ".join(f'ti:"{_quote_title(t)}"' for t in search.title_any) + ")")
    if search.categories:
        parts.append("(" + " OR ".join(f"cat:{c}" for c in search.categories) + ")")
    if search.since is not None or search.until is not None:
        start = f"{search.since or 1991}01010000"
        end = f"{search.until or 2999}12312359"
        parts.append(f"submittedDate:[{start} TO {end}]")
    return " AND ".join(parts)


def _quote_title(title: str) -> str:
    # Quotes and colons would end the phrase or start a field; arXiv matches on words anyway.
    return " ".join(re.sub(r"[^\w\s-]", " ", title).split())


def page_url(base_url: str, search: Search, start: int, page_size: int) -> str:
    args = {
        "search_query": build_query(search)
        if (search.query or search.categories or search.title_any)
        else "",
        "id_list": ",".join(search.id_list),
        "sortBy": "relevance" if search.sort_by == "relevance" else "submittedDate",
        "sortOrder": "descending",
        "start": str(start),
        "max_results": str(page_size),
    }
    return f"{base_url}?{urlencode(args)}"


def parse_feed(body: bytes, url: str | None = None) -> tuple[int, list[SearchHit]]:
    """(total results, hits) from an arXiv API response, old (2016) or current Atom layout. Pure."""
    from arxiv import _feed  # the package's lxml parser over bytes, no network

    feed = _feed.parse(body)
    if feed.malformed:
        raise SourceError("arXiv returned something that is not an Atom feed (a proxy or error page?)", url)
    hits: list[SearchHit] = []
    for result in feed.results:
        if "/api/errors" in result.entry_id:
            # The API reports a bad query as a feed with one "Error" entry.
            raise SourceError(f"arXiv rejected the query: {' '.join(result.summary.split())}", url)
        hits.append(to_hit(result))
    return feed.header.total_results, hits


def to_hit(result: Any) -> SearchHit:
    journal = " ".join((result.journal_ref or "").split()) or None
    category = result.primary_category or (result.categories[0] if result.categories else "")
    return SearchHit(
        title=" ".join(result.title.split()),
        authors=[a.name for a in result.authors],
        year=result.published.year if result.published.year > 1 else None,
        arxiv_id=short_id(result.entry_id),
        doi=(result.doi or None),
        pdf_url=result.pdf_url or _pdf_from_abs(result.entry_id),
        sources=["arxiv"],
        venue=journal or (f"arXiv {category}".strip()),
        abstract=" ".join(result.summary.split()),
        url=result.entry_id,
    )


def _pdf_from_abs(entry_id: str) -> str | None:
    # Old feeds sometimes lack the titled pdf link; the abs URL maps to the pdf one.
    return entry_id.replace("/abs/", "/pdf/") if "/abs/" in entry_id else None


class ArxivSource:
    """Keyword, category, date and id searches against the arXiv API (or a mirror at ``base_url``)."""

    name = "arxiv"

    def __init__(
        self,
        client: HttpClient,
        base_url: str,
        *,
        limiter: RateLimiter | None = None,
        policy: RetryPolicy | None = None,
    ) -> None:
        self.client = client
        self.base_url = base_url.rstrip("?")
        self.limiter = limiter or RateLimiter(ARXIV_INTERVAL, client.clock)
        self.policy = policy or RetryPolicy()

    def search(self, search: Search) -> list[SearchHit]:
        wanted = min(search.max_results, MAX_RESULTS)
        hits: list[SearchHit] = []
        start = 0
        while len(hits) < wanted:
            # Ask only for what is still needed (arxiv.Client would always ask for page_size).
            size = min(MAX_PAGE, wanted - len(hits))
            url = page_url(self.base_url, search, start, size)
            body = self.client.get_bytes(url, service="arXiv", limiter=self.limiter, policy=self.policy)
            total, page = parse_feed(body, url)
            hits.extend(h for h in page if _in_years(h, search))
            start += len(page)
            if not page or start >= total:
                break
        return hits[:wanted]


def _in_years(hit: SearchHit, search: Search) -> bool:
    if hit.year is None:
        return True
    if search.since is not None and hit.year < search.since:
        return False
    return not (search.until is not None and hit.year > search.until)
