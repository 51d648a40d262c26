"""Run a search on the chosen sources, merge the hits, and find arXiv PDFs for Scholar-only hits.

A failing secondary source becomes a warning (arXiv results still show); only when nothing could be
searched at all does the search raise.
"""

from __future__ import annotations

from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import replace
from urllib.parse import urlparse

from paperstudy.errors import ConfigError, ScholarBlocked, SourceError
from paperstudy.fsio import Vault
from paperstudy.models import SearchHit, SourceResults
from paperstudy.settings import Settings
from paperstudy.sources.arxiv_source import ARXIV_INTERVAL, ArxivSource
from paperstudy.sources.base import SOURCE_NAMES, Search, Source
from paperstudy.sources.http import Clock, HttpClient, RateLimiter, ResponseCache, SystemClock
from paperstudy.sources.merge import enrich, merge
from paperstudy.sources.scholar_source import BLOCKED_MESSAGE, BROWSER_USER_AGENT, ScholarSource

TITLE_LOOKUP_MAX = 20
"""At most this many Scholar titles go into the one arXiv title query that looks for their PDFs."""


class Finder:
    """The search services configured by ``Settings``, sharing one arXiv rate limiter and one cache."""

    def __init__(self, settings: Settings, *, clock: Clock | None = None) -> None:
        self.settings = settings
        self.clock: Clock = clock or SystemClock()
        cache_dir = Vault(settings.notes).cache_dir / "http"
        cache = ResponseCache(cache_dir, settings.cache_days * 86400)
        self.client = HttpClient(timeout=settings.http_timeout, clock=self.clock, cache=cache)
        proxies = (
            {"http": settings.scholar_proxy, "https": settings.scholar_proxy}
            if settings.scholar_proxy
            else None
        )
        self.scholar_client = HttpClient(
            timeout=settings.http_timeout,
            clock=self.clock,
            cache=cache,
            proxies=proxies,
            user_agent=BROWSER_USER_AGENT,
        )
        # One limiter for everything arXiv serves (API and PDFs): its terms count requests, not endpoints.
        self.arxiv_limiter = RateLimiter(ARXIV_INTERVAL, self.clock)
        self.arxiv = ArxivSource(self.client, settings.arxiv_url, limiter=self.arxiv_limiter)
        self.scholar = ScholarSource(
            self.scholar_client, settings.scholar_url, scraperapi_key=settings.scraperapi_key
        )

    def close(self) -> None:
        self.client.close()
        self.scholar_client.close()

    def __enter__(self) -> Finder:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def limiter_for(self, url: str) -> RateLimiter | None:
        """The arXiv limiter for arXiv's hosts and the configured API host; none for other servers."""
        host = urlparse(url).netloc.lower()
        api_host = urlparse(self.settings.arxiv_url).netloc.lower()
        if host == "arxiv.org" or host.endswith(".arxiv.org") or host == api_host:
            return self.arxiv_limiter
        return None

    def search(self, search: Search, sources: Sequence[str] = SOURCE_NAMES) -> SourceResults:
        chosen: list[Source] = [s for s in (self.arxiv, self.scholar) if s.name in sources]
        results: dict[str, list[SearchHit]] = {}
        errors: dict[str, SourceError] = {}

        def run(source: Source) -> None:
            try:
                results[source.name] = source.search(search)
            except SourceError as error:
                errors[source.name] = error

        # Different services in parallel (each keeps its own pace), so a slow one does not add up.
        with ThreadPoolExecutor(max_workers=len(chosen) or 1) as pool:
            list(pool.map(run, chosen))
        if not results:
            # Nothing worked: the arXiv error is the one to show (Scholar's is expected more often).
            raise errors.get("arxiv") or next(iter(errors.values()))
        warnings = [_warning(name, error, results) for name, error in errors.items()]
        hits = merge([results.get("arxiv", []), results.get("scholar", [])])
        if "arxiv" in sources and "arxiv" not in errors:
            hits, warning = self._find_pdfs(hits, search)
            warnings.extend([warning] if warning else [])
        return SourceResults(hits=hits[: search.max_results], warnings=warnings)

    def _find_pdfs(self, hits: list[SearchHit], search: Search) -> tuple[list[SearchHit], str | None]:
        """Match Scholar hits without a PDF to arXiv by title, in one query for all of them."""
        missing = [h for h in hits[: search.max_results] if not h.pdf_url and not h.arxiv_id]
        titles = tuple(h.title.strip("… .") for h in missing[:TITLE_LOOKUP_MAX] if len(h.title) > 10)
        if not titles:
            return hits, None
        lookup = replace(
            search, query="", categories=(), title_any=titles, since=None, until=None,
            id_list=(), max_results=len(titles) * 2, sort_by="relevance",
        )  # fmt: skip
        try:
            candidates = self.arxiv.search(lookup)
        except SourceError as error:
            return hits, f"could not look up arXiv PDFs for Google Scholar hits: {error}"
        return enrich(hits, candidates), None


def _warning(name: str, error: SourceError, results: dict[str, list[SearchHit]]) -> str:
    others = " and ".join(n for n in results) or "no"
    label = {"arxiv": "arXiv", "scholar": "Google Scholar"}.get(others, others)
    if isinstance(error, ScholarBlocked):
        return (
            f"{BLOCKED_MESSAGE}; showing {label} results only "
            "(set PAPERSTUDY_SCHOLAR_PROXY or PAPERSTUDY_SCRAPERAPI_KEY to get through)"
        )
    service = {"arxiv": "arXiv", "scholar": "Google Scholar"}[name]
    return f"{service} failed: {error}; showing {label} results only"


def parse_sources(value: str, *, scholar_configured: bool = False) -> tuple[str, ...]:
    """``--source`` values: ``auto``, ``arxiv``, ``scholar``, ``all`` or a comma list.

    ``auto`` asks Scholar only when a proxy or ScraperAPI key is configured: without one, Scholar blocks
    scripts almost every time, and each refused request makes the next block likelier.
    """
    if value.strip().lower() == "auto":
        return SOURCE_NAMES if scholar_configured else ("arxiv",)
    names = {v.strip().lower() for v in value.split(",") if v.strip()}
    if "all" in names:
        return SOURCE_NAMES
    unknown = names - set(SOURCE_NAMES)
    if unknown or not names:
        raise ConfigError(f"unknown --source {value!r}: use auto, arxiv, scholar or all")
    return tuple(n for n in SOURCE_NAMES if n in names)
