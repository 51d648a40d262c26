"""Search, upload and add papers for the Search page: the search → download → ingest flow with progress."""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from paperstudy.models import (
    IngestOutcome,
    SearchHit,
)
from paperstudy.settings import Settings
from paperstudy.store import Vault, atomic_write_bytes

if TYPE_CHECKING:
    from paperstudy.download import Fetched


# --- adding papers ---------------------------------------------------------------------------------------

_UNSAFE_NAME = re.compile(r"[^A-Za-z0-9._-]+")


def save_uploads(settings: Settings, files: Sequence[tuple[str, bytes]]) -> list[Path]:
    """Write uploaded PDFs into the vault's cache (under their own names) so they can be ingested."""
    folder = Vault(settings.notes).cache_dir / "uploads"
    paths = []
    for name, data in files:
        stem = _UNSAFE_NAME.sub("_", Path(name).stem).strip("._")[:100] or "upload"
        path = folder / f"{stem}.pdf"
        atomic_write_bytes(path, data)
        paths.append(path)
    return paths


def ingest_uploads(
    settings: Settings,
    files: Sequence[tuple[str, bytes]],
    domain: str,
    on_result: Callable[[IngestOutcome], None] | None = None,
) -> list[IngestOutcome]:
    from paperstudy.pipeline import check_domain, ingest_files

    domain = check_domain(domain)
    paths = save_uploads(settings, files)
    names = {str(path): name for path, (name, _) in zip(paths, files, strict=True)}
    outcomes = ingest_files(paths, domain, settings, on_result=on_result)
    return [o.model_copy(update={"path": names.get(o.path, o.path)}) for o in outcomes]


@dataclass
class SearchResult:
    hits: list[SearchHit]
    warnings: list[str] = field(default_factory=list)


def search_papers(
    settings: Settings,
    *,
    query: str = "",
    domain: str | None = None,
    sources: Sequence[str] = ("arxiv",),
    max_results: int = 20,
    since: int | None = None,
    until: int | None = None,
) -> SearchResult:
    """Keywords and/or a catalog domain, on the chosen sources; a failing secondary source is a warning."""
    from paperstudy.domains import domain_search, get_domain
    from paperstudy.sources.base import Search
    from paperstudy.sources.finder import Finder

    query = query.strip()
    if domain:
        spec = domain_search(
            get_domain(domain, settings.config_dir), max_results=max_results, since=since, until=until
        )
        if query:
            spec = Search(
                query=f"({spec.query}) AND ({query})",
                categories=spec.categories,
                since=since,
                until=until,
                max_results=max_results,
                scholar_query=" ".join(q for q in (spec.scholar_query, query) if q),
            )
    else:
        spec = Search(query=query, since=since, until=until, max_results=max_results)
    with Finder(settings) as finder:
        found = finder.search(spec, tuple(sources))
    return SearchResult(hits=found.hits, warnings=found.warnings)


@dataclass(frozen=True)
class AddStep:
    """Progress of adding papers: ``done`` of ``total`` steps, and what just happened."""

    done: int
    total: int
    message: str


@dataclass(frozen=True)
class AddResult:
    title: str
    status: str
    """added, updated, skipped or failed."""
    paper_id: str | None = None
    error: str | None = None


def add_hits(
    settings: Settings,
    hits: Sequence[SearchHit],
    domain: str,
    on_step: Callable[[AddStep], None] | None = None,
) -> list[AddResult]:
    """Download each hit's PDF (skipping papers already in the library) and ingest it into ``domain``.
    One paper failing never stops the others; the result says what happened to each."""
    from paperstudy.pipeline import check_domain, download_and_ingest
    from paperstudy.sources.finder import Finder

    domain = check_domain(domain)
    total = 2 * len(hits)
    done = 0

    def step(message: str) -> None:
        nonlocal done
        done += 1
        if on_step is not None:
            on_step(AddStep(done=min(done, total), total=total, message=message))

    with Finder(settings) as finder:
        fetched, outcomes = download_and_ingest(
            settings,
            finder,
            hits,
            domain,
            on_download=lambda f: step(f"Downloaded {f.hit.title[:60]}"),
            on_ingest=lambda o: step(f"Ingested {Path(o.path).name}"),
        )
    if on_step is not None and done < total:  # skipped and failed downloads have nothing to ingest
        on_step(AddStep(done=total, total=total, message="Done"))
    return [_add_result(item, outcomes) for item in fetched]


def _add_result(item: Fetched, outcomes: dict[str, IngestOutcome]) -> AddResult:
    title = item.hit.title
    if item.status == "skipped":
        return AddResult(title, "skipped", paper_id=item.message.rsplit(" ", 1)[-1])
    if item.status == "failed":
        return AddResult(title, "failed", error=item.message)
    ingest = outcomes.get(str(item.path))
    if ingest is not None and ingest.status == "ok":
        return AddResult(title, "added" if ingest.created else "updated", paper_id=ingest.paper_id)
    return AddResult(title, "failed", error=ingest.error if ingest else "not ingested")
