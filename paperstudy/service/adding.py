"""Finding and adding papers: search arXiv / Google Scholar, ``study`` a domain, ``add`` one paper, upload
PDFs. Every path ends in one ``PaperOutcome`` per paper, carried from the download through the ingest."""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Literal
from urllib.parse import urlparse

from paperstudy.domains import domain_search, get_domain, load_domains
from paperstudy.errors import ConfigError
from paperstudy.fsio import Vault
from paperstudy.models import Domain, PaperOutcome, SearchHit, SourceQuery, SourceResults
from paperstudy.pipeline import check_domain, download_and_ingest, ingest_files
from paperstudy.settings import Settings
from paperstudy.sources.arxiv_source import ARXIV_ID, short_id
from paperstudy.sources.base import Search
from paperstudy.sources.finder import Finder, parse_sources
from paperstudy.store.papers import save_upload

OnOutcome = Callable[[PaperOutcome], None]
DEFAULT_ADD_DOMAIN = "unsorted"
SCHOLAR_OFF_NOTICE = (
    "Searching arXiv only: Google Scholar blocks scripts without a proxy "
    "(set PAPERSTUDY_SCHOLAR_PROXY or PAPERSTUDY_SCRAPERAPI_KEY, or pass --source all)."
)
_DOI = re.compile(r"^(?:https?://(?:dx\.)?doi\.org/|doi:)?(10\.\d{4,9}/\S+)$", re.IGNORECASE)
_ARXIV_DOI = re.compile(r"^10\.48550/arxiv\.(.+)$", re.IGNORECASE)


# --- searching -------------------------------------------------------------------------------------------


def domain_catalog(settings: Settings) -> dict[str, Domain]:
    """The built-in domains and the user's own (``domains.toml`` in the config dir)."""
    return dict(load_domains(settings.config_dir))


def source_names(settings: Settings, sources: str | Sequence[str]) -> tuple[str, ...]:
    """The sources to ask: ``auto`` adds Google Scholar only when a way through its bot wall is set."""
    if not isinstance(sources, str):
        return tuple(sources)
    return parse_sources(sources, scholar_configured=_scholar_configured(settings))


def scholar_notice(settings: Settings, sources: str | Sequence[str]) -> str | None:
    """What to tell the user when ``auto`` leaves Google Scholar out."""
    return SCHOLAR_OFF_NOTICE if sources == "auto" and not _scholar_configured(settings) else None


def _scholar_configured(settings: Settings) -> bool:
    return bool(settings.scholar_proxy or settings.scraperapi_key)


def build_search(settings: Settings, request: SourceQuery) -> Search:
    """The one way a domain's query and the user's words combine: both must match (AND), within the
    user's categories if given, else the domain's."""
    query = request.query.strip()
    if not request.domain:
        return Search(
            query=query,
            categories=tuple(request.categories),
            since=request.since,
            until=request.until,
            max_results=request.max_results,
            sort_by=request.sort,
        )
    spec = domain_search(
        get_domain(request.domain, settings.config_dir),
        max_results=request.max_results,
        since=request.since,
        until=request.until,
        sort_by=request.sort,
    )
    if not query and not request.categories:
        return spec
    return Search(
        query=" AND ".join(f"({q})" for q in (spec.query, query) if q),
        categories=tuple(request.categories or spec.categories),
        since=request.since,
        until=request.until,
        max_results=request.max_results,
        sort_by=spec.sort_by,
        scholar_query=" ".join(q for q in (spec.scholar_query, query) if q),
    )


def search_sources(settings: Settings, request: SourceQuery) -> SourceResults:
    """Keywords and/or a catalog domain, on the chosen sources; a failing secondary source is a warning."""
    spec = build_search(settings, request)
    with Finder(settings) as finder:
        return finder.search(spec, source_names(settings, request.sources))


# --- adding ----------------------------------------------------------------------------------------------


def study(
    settings: Settings,
    request: SourceQuery,
    *,
    on_search: Callable[[SourceResults], None] | None = None,
    on_download: OnOutcome | None = None,
    on_ingest: OnOutcome | None = None,
) -> list[PaperOutcome]:
    """Search a domain, download its papers' PDFs and ingest them (papers already known are skipped)."""
    if not request.domain:
        raise ConfigError("name a domain to study (`paperstudy search --domain` lists the built-in ones)")
    domain = check_domain(request.domain)
    spec = build_search(settings, request)
    with Finder(settings) as finder:
        found = finder.search(spec, source_names(settings, request.sources))
        if on_search is not None:
            on_search(found)
        return download_and_ingest(
            settings, finder, found.hits, domain, on_download=on_download, on_ingest=on_ingest
        )


def add(
    settings: Settings,
    identifier: str,
    domain: str = DEFAULT_ADD_DOMAIN,
    *,
    on_download: OnOutcome | None = None,
    on_ingest: OnOutcome | None = None,
) -> list[PaperOutcome]:
    """Download one paper by arXiv id, DOI or URL and ingest it into ``domain``."""
    domain = check_domain(domain)
    with Finder(settings) as finder:
        arxiv_id, url = resolve_identifier(identifier)
        if arxiv_id:
            hits = finder.arxiv.search(Search(id_list=(arxiv_id,), max_results=1))
            if not hits:
                raise ConfigError(f"arXiv has no paper {arxiv_id}")
        else:
            assert url is not None  # resolve_identifier returns one or the other
            hits = [SearchHit(title=identifier, pdf_url=url, sources=["url"], url=url)]
        return download_and_ingest(
            settings, finder, hits, domain, on_download=on_download, on_ingest=on_ingest
        )


def add_hits(
    settings: Settings,
    hits: Sequence[SearchHit],
    domain: str,
    *,
    on_download: OnOutcome | None = None,
    on_ingest: OnOutcome | None = None,
) -> list[PaperOutcome]:
    """Download each hit's PDF (skipping papers already in the library) and ingest it into ``domain``.
    One paper failing never stops the others; the outcome says what happened to each."""
    domain = check_domain(domain)
    with Finder(settings) as finder:
        return download_and_ingest(
            settings, finder, hits, domain, on_download=on_download, on_ingest=on_ingest
        )


def resolve_identifier(identifier: str) -> tuple[str | None, str | None]:
    """(arXiv id, None) for anything arXiv; (None, URL to download) for a DOI or another URL."""
    text = identifier.strip()
    if ARXIV_ID.match(text):
        return short_id("/abs/" + re.sub(r"^arxiv:", "", text, flags=re.IGNORECASE)), None
    doi = _DOI.match(text)
    if doi:
        arxiv_doi = _ARXIV_DOI.match(doi.group(1))
        if arxiv_doi:
            return short_id("/abs/" + arxiv_doi.group(1)), None
        # doi.org redirects to the publisher; this works when the publisher serves the PDF itself.
        return None, f"https://doi.org/{doi.group(1)}"
    parsed = urlparse(text)
    if parsed.scheme in ("http", "https") and parsed.netloc:
        if parsed.netloc.lower().endswith("arxiv.org") and re.search(r"/(abs|pdf)/", parsed.path):
            return short_id(text), None
        return None, text
    raise ConfigError(f"{identifier!r} is not an arXiv id (1703.04247), a DOI (10.1145/…) or a URL")


# --- uploads ---------------------------------------------------------------------------------------------


def save_uploads(settings: Settings, files: Sequence[tuple[str, bytes]]) -> list[Path]:
    """Write uploaded PDFs into the vault's cache (under their own names) so they can be ingested."""
    vault = Vault(settings.notes)
    return [save_upload(vault, name, data) for name, data in files]


def ingest_uploads(
    settings: Settings,
    files: Sequence[tuple[str, bytes]],
    domain: str,
    on_result: OnOutcome | None = None,
) -> list[PaperOutcome]:
    """Ingest uploaded PDFs into ``domain``; each outcome's ``title`` is the file's name as uploaded."""
    domain = check_domain(domain)
    paths = save_uploads(settings, files)
    names = {str(path): name for path, (name, _) in zip(paths, files, strict=True)}
    outcomes = ingest_files(paths, domain, settings, on_result=on_result)
    return [o.model_copy(update={"title": names.get(o.path or "", o.path)}) for o in outcomes]


def check_sort(sort: str) -> Literal["relevance", "date"]:
    if sort == "date":
        return "date"
    if sort != "relevance":
        raise ConfigError(f"unknown --sort {sort!r}: use relevance or date")
    return "relevance"
