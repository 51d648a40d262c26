"""Find papers: ``search`` arXiv and Google Scholar, ``add`` one paper, ``study`` a whole domain."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Annotated, Any
from urllib.parse import urlparse

import typer
from rich.table import Table

from paperstudy.cli import app
from paperstudy.cli.common import (
    JsonOption,
    NotesOption,
    console,
    err_console,
    friendly_errors,
    print_json,
    progress_bar,
)
from paperstudy.errors import ConfigError
from paperstudy.models import IngestOutcome, SearchHit
from paperstudy.settings import Settings, load_settings
from paperstudy.sources.base import SortBy

SourceOption = Annotated[
    str,
    typer.Option(
        "--source",
        "-s",
        help="auto (adds Google Scholar when a proxy or ScraperAPI key is set), arxiv, scholar or all.",
    ),
]
MaxOption = Annotated[int, typer.Option("--max", "-n", min=1, max=300, help="How many papers at most.")]
SinceOption = Annotated[int | None, typer.Option("--since", help="Only papers from this year on.")]
UntilOption = Annotated[int | None, typer.Option("--until", help="Only papers up to this year.")]
SortOption = Annotated[str, typer.Option("--sort", help="relevance or date.")]
DEFAULT_ADD_DOMAIN = "unsorted"
_DOI = re.compile(r"^(?:https?://(?:dx\.)?doi\.org/|doi:)?(10\.\d{4,9}/\S+)$", re.IGNORECASE)
_ARXIV_DOI = re.compile(r"^10\.48550/arxiv\.(.+)$", re.IGNORECASE)


def _search_fields(hit: SearchHit) -> dict[str, Any]:
    return hit.model_dump(
        include={"title", "authors", "year", "arxiv_id", "doi", "pdf_url", "sources", "citations"}
    )


@app.command()
@friendly_errors
def search(
    query: Annotated[
        str | None, typer.Argument(help="Keywords; arXiv prefixes (ti:, abs:, cat:) work.")
    ] = None,
    domain: Annotated[
        str | None, typer.Option("--domain", "-d", help="Use a built-in domain's query.")
    ] = None,
    category: Annotated[
        list[str] | None,
        typer.Option("--category", "-c", help="arXiv category filter (repeatable), e.g. cs.IR."),
    ] = None,
    source: SourceOption = "auto",
    since: SinceOption = None,
    until: UntilOption = None,
    max_results: MaxOption = 20,
    sort: SortOption = "relevance",
    notes: NotesOption = None,
    json_output: JsonOption = False,
) -> None:
    """Search arXiv (and Google Scholar) for papers; results are cached, so repeating is free."""
    from paperstudy.domains import domain_search, get_domain
    from paperstudy.sources.base import Search
    from paperstudy.sources.finder import Finder

    settings = load_settings(notes)
    sources = _sources(source, settings)
    sort_by = _check_sort(sort)
    if domain:
        spec = domain_search(
            get_domain(domain, settings.config_dir),
            max_results=max_results,
            since=since,
            until=until,
            sort_by=sort_by,
        )
        if query or category:
            spec = Search(
                query=" AND ".join(f"({q})" for q in (spec.query, query) if q),
                categories=tuple(category or spec.categories),
                since=since,
                until=until,
                max_results=max_results,
                sort_by=spec.sort_by,
                scholar_query=" ".join(q for q in (spec.scholar_query, query) if q),
            )
    else:
        spec = Search(
            query=query or "",
            categories=tuple(category or ()),
            since=since,
            until=until,
            max_results=max_results,
            sort_by=sort_by,
        )
    with Finder(settings) as finder:
        found = finder.search(spec, sources)
    _print_warnings(found.warnings)
    if json_output:
        print_json([_search_fields(h) for h in found.hits])
        return
    _print_hits(found.hits)


@app.command()
@friendly_errors
def study(
    domain: Annotated[str, typer.Argument(help="A domain id (see `paperstudy search --domain`).")],
    max_results: MaxOption = 15,
    source: SourceOption = "auto",
    since: SinceOption = None,
    until: UntilOption = None,
    sort: SortOption = "relevance",
    notes: NotesOption = None,
    json_output: JsonOption = False,
) -> None:
    """Search a domain, download its papers' PDFs and ingest them into notes (skipping known papers)."""
    from paperstudy.domains import domain_search, get_domain
    from paperstudy.sources.finder import Finder

    settings = load_settings(notes)
    entry = get_domain(domain, settings.config_dir)
    spec = domain_search(entry, max_results=max_results, since=since, until=until, sort_by=_check_sort(sort))
    with Finder(settings) as finder:
        found = finder.search(spec, _sources(source, settings))
        _print_warnings(found.warnings)
        rows = _fetch_and_ingest(finder, settings, found.hits, entry.id, quiet=json_output)
    _finish(rows, json_output, settings)


@app.command()
@friendly_errors
def add(
    identifier: Annotated[str, typer.Argument(help="An arXiv id (1703.04247), a DOI or a URL.")],
    domain: Annotated[
        str, typer.Option("--domain", "-d", help="Domain id for the note.")
    ] = DEFAULT_ADD_DOMAIN,
    notes: NotesOption = None,
    json_output: JsonOption = False,
) -> None:
    """Download one paper by arXiv id, DOI or URL and ingest it."""
    from paperstudy.pipeline import check_domain
    from paperstudy.sources.base import Search
    from paperstudy.sources.finder import Finder

    settings = load_settings(notes)
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
        rows = _fetch_and_ingest(finder, settings, hits, domain, quiet=json_output)
    _finish(rows, json_output, settings)


def resolve_identifier(identifier: str) -> tuple[str | None, str | None]:
    """(arXiv id, None) for anything arXiv; (None, URL to download) for a DOI or another URL."""
    from paperstudy.sources.arxiv_source import ARXIV_ID, short_id

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


def _fetch_and_ingest(
    finder: Any, settings: Settings, hits: list[SearchHit], domain: str, *, quiet: bool
) -> list[dict[str, Any]]:
    from paperstudy.download import Fetched
    from paperstudy.pipeline import download_and_ingest

    progress = progress_bar(on=err_console, quiet=quiet)
    with progress:
        download_task = progress.add_task("Downloading", total=len(hits))
        ingest_task = progress.add_task("Ingesting", total=None, visible=False)

        def downloaded(outcome: Fetched) -> None:
            progress.update(download_task, advance=1, description=f"Downloading {outcome.hit.title[:40]}")

        def ingested(outcome: IngestOutcome) -> None:
            progress.update(
                ingest_task, advance=1, visible=True, description=f"Ingesting {Path(outcome.path).name}"
            )

        fetched, outcomes = download_and_ingest(
            settings, finder, hits, domain, on_download=downloaded, on_ingest=ingested
        )
    rows = []
    for item in fetched:
        row: dict[str, Any] = {
            **_search_fields(item.hit),
            "status": item.status,
            "paper_id": None,
            "error": None,
        }
        if item.status == "skipped":
            row["paper_id"] = item.message.rsplit(" ", 1)[-1]
        elif item.status == "failed":
            row["error"] = item.message
        else:
            ingest = outcomes.get(str(item.path))
            if ingest is not None and ingest.status == "ok":
                row.update(status="added" if ingest.created else "updated", paper_id=ingest.paper_id)
            else:
                row.update(status="failed", error=ingest.error if ingest else "not ingested")
        rows.append(row)
    return rows


def _finish(rows: list[dict[str, Any]], json_output: bool, settings: Settings) -> None:
    if json_output:
        print_json(rows)
    else:
        table = Table(title=f"Study notes in {settings.notes}")
        for column in ("title", "paper id", "result"):
            table.add_column(column)
        colours = {"added": "green", "updated": "cyan", "skipped": "dim", "failed": "red"}
        for row in rows:
            result = f"[{colours.get(row['status'], 'white')}]{row['status']}[/]"
            if row["error"]:
                result += f": {row['error']}"
            table.add_row(row["title"][:70], row["paper_id"] or "—", result)
        console.print(table)
        counts = {s: sum(r["status"] == s for r in rows) for s in ("added", "updated", "skipped", "failed")}
        console.print(", ".join(f"{n} {s}" for s, n in counts.items()))
    if rows and all(r["status"] == "failed" for r in rows):
        raise typer.Exit(1)


def _check_sort(sort: str) -> SortBy:
    if sort == "date":
        return "date"
    if sort != "relevance":
        raise ConfigError(f"unknown --sort {sort!r}: use relevance or date")
    return "relevance"


def _sources(value: str, settings: Settings) -> tuple[str, ...]:
    from paperstudy.sources.finder import parse_sources

    configured = bool(settings.scholar_proxy or settings.scraperapi_key)
    names = parse_sources(value, scholar_configured=configured)
    if value == "auto" and not configured:
        err_console.print(
            "[dim]Searching arXiv only: Google Scholar blocks scripts without a proxy "
            "(set PAPERSTUDY_SCHOLAR_PROXY or PAPERSTUDY_SCRAPERAPI_KEY, or pass --source all).[/]",
            soft_wrap=True,
        )
    return names


def _print_warnings(warnings: list[str]) -> None:
    for warning in warnings:
        err_console.print(f"[yellow]warning:[/] {warning}", highlight=False, soft_wrap=True)


def _print_hits(hits: list[SearchHit]) -> None:
    if not hits:
        console.print("no papers found")
        return
    table = Table(show_lines=False)
    table.add_column("#", justify="right")
    table.add_column("title", overflow="fold", max_width=60)
    table.add_column("year")
    table.add_column("venue / source", max_width=28)
    table.add_column("cites", justify="right")
    table.add_column("arXiv id")
    table.add_column("PDF")
    for index, hit in enumerate(hits, 1):
        venue = hit.venue or ""
        table.add_row(
            str(index),
            hit.title,
            str(hit.year or ""),
            f"{venue} ({'+'.join(hit.sources)})" if venue else "+".join(hit.sources),
            "" if hit.citations is None else str(hit.citations),
            hit.arxiv_id or "",
            "yes" if hit.pdf_url else "no",
        )
    console.print(table)
