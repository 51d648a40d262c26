"""Finding papers: ``search`` arXiv and Google Scholar, ``study`` a whole domain, ``add`` one paper
(``paperstudy.service.adding``). Service modules are imported inside the commands (start-up time)."""

from __future__ import annotations

from typing import Annotated, Any

import typer
from rich.table import Table

from paperstudy.cli import app
from paperstudy.cli.common import (
    JsonOption,
    NotesOption,
    console,
    err_console,
    escape,
    friendly_errors,
    print_json,
    print_warnings,
    progress_bar,
)
from paperstudy.cli.papers import outcome_text
from paperstudy.models import PaperOutcome, SearchHit, SourceQuery, SourceResults
from paperstudy.settings import Settings, load_settings

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


def search_json(hit: SearchHit) -> dict[str, Any]:
    """The ``search --json`` contract."""
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
    from paperstudy.service import adding  # start-up time (HTTP clients)

    settings = load_settings(notes)
    request = SourceQuery(
        query=query or "",
        domain=domain,
        categories=category or [],
        sources=source,
        since=since,
        until=until,
        max_results=max_results,
        sort=adding.check_sort(sort),
    )
    _notice_sources(settings, source)
    found = adding.search_sources(settings, request)
    print_warnings(found.warnings)
    if json_output:
        print_json([search_json(h) for h in found.hits])
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
    from paperstudy.service import adding  # start-up time (HTTP clients, PyMuPDF)

    settings = load_settings(notes)
    request = SourceQuery(
        domain=domain,
        sources=source,
        since=since,
        until=until,
        max_results=max_results,
        sort=adding.check_sort(sort),
    )
    _notice_sources(settings, source)
    progress = progress_bar(on=err_console, quiet=json_output)
    with progress:
        download_task = progress.add_task("Downloading", total=None)
        ingest_task = progress.add_task("Ingesting", total=None, visible=False)

        def searched(found: SourceResults) -> None:
            print_warnings(found.warnings)
            progress.update(download_task, total=len(found.hits))

        outcomes = adding.study(
            settings,
            request,
            on_search=searched,
            on_download=lambda o: _downloaded(progress, download_task, o),
            on_ingest=lambda o: _ingested(progress, ingest_task, o),
        )
    _finish(outcomes, json_output, settings)


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
    from paperstudy.service import adding  # start-up time (HTTP clients, PyMuPDF)

    settings = load_settings(notes)
    progress = progress_bar(on=err_console, quiet=json_output)
    with progress:
        download_task = progress.add_task("Downloading", total=1)
        ingest_task = progress.add_task("Ingesting", total=None, visible=False)
        outcomes = adding.add(
            settings,
            identifier,
            domain,
            on_download=lambda o: _downloaded(progress, download_task, o),
            on_ingest=lambda o: _ingested(progress, ingest_task, o),
        )
    _finish(outcomes, json_output, settings)


def _downloaded(progress: Any, task: Any, outcome: PaperOutcome) -> None:
    progress.update(task, advance=1, description=escape(f"Downloading {(outcome.title or '')[:40]}"))


def _ingested(progress: Any, task: Any, outcome: PaperOutcome) -> None:
    name = (outcome.path or "").rsplit("/", 1)[-1]
    progress.update(task, advance=1, visible=True, description=escape(f"Ingesting {name}"))


def outcome_row(outcome: PaperOutcome) -> dict[str, Any]:
    """One row of ``study --json`` / ``add --json``: the hit's search fields, then what happened."""
    fields = search_json(outcome.hit) if outcome.hit else {"title": outcome.title}
    return {
        **fields,
        "status": outcome.kind,
        "paper_id": outcome.paper_id,
        "error": outcome.error,
    }


def _finish(outcomes: list[PaperOutcome], json_output: bool, settings: Settings) -> None:
    if json_output:
        print_json([outcome_row(o) for o in outcomes])
    else:
        table = Table(title=escape(f"Study notes in {settings.notes}"))
        for column in ("title", "paper id", "result"):
            table.add_column(column)
        for outcome in outcomes:
            table.add_row(escape((outcome.title or "")[:70]), outcome.paper_id or "—", outcome_text(outcome))
        console.print(table)
        counts = {k: sum(o.kind == k for o in outcomes) for k in ("added", "updated", "skipped", "failed")}
        console.print(", ".join(f"{n} {k}" for k, n in counts.items()))
    if outcomes and all(o.kind == "failed" for o in outcomes):
        raise typer.Exit(1)


def _notice_sources(settings: Settings, source: str) -> None:
    from paperstudy.service.adding import scholar_notice  # start-up time (HTTP clients)

    notice = scholar_notice(settings, source)
    if notice:
        err_console.print(f"[dim]{escape(notice)}[/]", soft_wrap=True)


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
            escape(hit.title),
            str(hit.year or ""),
            escape(f"{venue} ({'+'.join(hit.sources)})" if venue else "+".join(hit.sources)),
            "" if hit.citations is None else str(hit.citations),
            hit.arxiv_id or "",
            "yes" if hit.pdf_url else "no",
        )
    console.print(table)
