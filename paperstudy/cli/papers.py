"""Commands over the library's papers: ingest, show, list, remove, reindex (``paperstudy.service.papers``).

Service modules are imported inside the commands: they load PyMuPDF and numpy, which ``--help`` and the
other commands should not wait for (start-up time).
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

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
    progress_bar,
)
from paperstudy.cli.completion import complete_domain, complete_paper_id
from paperstudy.models import FACETS, Note, PaperOutcome, PaperRecord
from paperstudy.settings import load_settings

if TYPE_CHECKING:
    from paperstudy.service.papers import RayIngest

OUTCOME_STYLES = {"added": "green", "updated": "cyan", "skipped": "dim", "failed": "red"}


def outcome_text(outcome: PaperOutcome, *, skipped: str = "skipped") -> str:
    """An outcome as one coloured table cell (rich markup, the message escaped)."""
    style = OUTCOME_STYLES.get(outcome.kind, "white")
    if outcome.kind == "failed":
        return f"[{style}]failed:[/] {escape(outcome.message)}"
    label = skipped if outcome.kind == "skipped" else outcome.kind
    return f"[{style}]{escape(label)}[/]"


def ingest_json(outcome: PaperOutcome) -> dict[str, Any]:
    """One line of the ``ingest --json`` contract (fields may be added, never removed or renamed)."""
    return {
        "path": outcome.path,
        "paper_id": outcome.paper_id,
        "status": outcome.status,
        "error": outcome.error,
        "outcome": outcome.kind,
    }


@app.command()
@friendly_errors
def ingest(
    paths: Annotated[
        list[Path],
        typer.Argument(
            help="PDF files to ingest; @list.txt reads paths from a file, one a line (relative to the "
            "list file; blank lines and # comments skipped).",
            show_default=False,
        ),
    ],
    domain: Annotated[
        str,
        typer.Option(
            "--domain", "-d", help="Domain id, e.g. ctr-prediction.", autocompletion=complete_domain
        ),
    ],
    notes: NotesOption = None,
    json_output: JsonOption = False,
    skip_known: Annotated[
        bool,
        typer.Option("--skip-known", help="Leave PDFs already in the library under this domain untouched."),
    ] = False,
    workers: Annotated[
        int | None,
        typer.Option(
            "--workers",
            "-w",
            min=1,
            help="PDFs parsed at once, each in its own process (default: PAPERSTUDY_WORKERS, else one "
            "per core).",
            show_default=False,
        ),
    ] = None,
    engine: Annotated[
        str,
        typer.Option(
            "--engine",
            help="local: a process pool on this machine; ray: Ray Data stages on a local Ray or a cluster "
            "(needs the cluster extra).",
        ),
    ] = "local",
    address: Annotated[
        str | None,
        typer.Option(
            "--address",
            help="The Ray cluster to run on (default: RAY_ADDRESS, else a local Ray); --engine ray only.",
            show_default=False,
        ),
    ] = None,
) -> None:
    """Parse PDFs into structured notes under NOTES/DOMAIN/ and add them to the library."""
    from paperstudy.service import papers  # start-up time (PyMuPDF)
    from paperstudy.service.library import check_domain  # start-up time (PyMuPDF)

    settings = load_settings(notes)
    check_domain(domain)
    files = papers.expand_paths(paths)
    options: dict[str, Any] = {
        "skip_known": skip_known,
        "workers": workers,
        "engine": engine,
        "address": address,
        "on_stages": _print_stages,
    }
    if json_output:
        outcomes = papers.ingest(settings, files, domain, **options)
        print_json([ingest_json(o) for o in outcomes])
    else:
        with progress_bar() as progress:
            task = progress.add_task("Ingesting", total=len(files))

            def advance(outcome: PaperOutcome) -> None:
                name = escape(Path(outcome.path or "").name)
                progress.update(task, advance=1, description=f"Ingesting {name}")

            outcomes = papers.ingest(settings, files, domain, on_result=advance, **options)
        _print_ingest_summary(outcomes, settings.notes)
    if any(o.kind == "failed" for o in outcomes):
        raise typer.Exit(1)


def _print_stages(run: RayIngest) -> None:
    """The Ray engine's per-stage throughput, on stderr (stdout may be holding JSON rows)."""
    table = Table(title=escape(f"Ray stages ({run.address}, {run.wall_seconds:.1f} s wall)"))
    table.add_column("stage")
    table.add_column("papers", justify="right")
    table.add_column("busy s", justify="right")
    table.add_column("papers/s busy", justify="right")
    for stage in run.stages:
        table.add_row(stage.name, str(stage.papers), f"{stage.busy_seconds:.2f}", f"{stage.per_second:.2f}")
    papers_done = max((stage.papers for stage in run.stages), default=0)
    rate = papers_done / run.wall_seconds if run.wall_seconds > 0 else 0.0
    table.caption = f"{rate:.2f} papers/s over the whole run"
    err_console.print(table)


def _print_ingest_summary(outcomes: list[PaperOutcome], vault: Path) -> None:
    table = Table(title=escape(f"Ingest into {vault}"), show_lines=False)
    table.add_column("file")
    table.add_column("paper id")
    table.add_column("result")
    for outcome in outcomes:
        table.add_row(
            escape(Path(outcome.path or "").name),
            outcome.paper_id or "—",
            outcome_text(outcome, skipped="already in the library"),
        )
    console.print(table)
    failed = sum(o.kind == "failed" for o in outcomes)
    console.print(f"{len(outcomes) - failed} ok, {failed} failed")


@app.command()
@friendly_errors
def show(
    paper_id: Annotated[
        str,
        typer.Argument(
            help="A paper id from `paperstudy list`.", show_default=False, autocompletion=complete_paper_id
        ),
    ],
    notes: NotesOption = None,
    json_output: JsonOption = False,
) -> None:
    """Show a paper's structured note."""
    from paperstudy.service import papers  # start-up time (PyMuPDF)

    shown = papers.show(load_settings(notes), paper_id)
    if json_output:
        print_json(note_as_json(shown.note))
        return
    from rich.markdown import Markdown  # markdown-it is slow to import: only `show` needs it

    console.print(Markdown(shown.markdown))
    console.print(f"[dim]{escape(str(shown.path))}[/]")


def note_as_json(note: Note) -> dict[str, Any]:
    """The ``show --json`` contract (fields may be added, never removed or renamed)."""
    parsed = note.parsed
    return {
        "id": note.paper.id,
        "title": note.title,
        "authors": note.authors,
        "year": note.year,
        "arxiv_id": note.paper.arxiv_id,
        "doi": note.paper.doi,
        "domain": note.paper.domains[0],
        "domains": note.paper.domains,
        "pages": note.paper.page_count,
        "abstract": parsed.abstract,
        "sections": [
            {
                "level": s.level,
                "number": s.number,
                "heading": s.heading,
                "page_start": s.page_start,
                "page_end": s.page_end,
                "facet": s.facet,
            }
            for s in parsed.sections
        ],
        "model": parsed.model,
        "datasets": [d.name for d in note.datasets()],
        "metrics": [{"name": m.name, "values": m.values} for m in note.metrics()],
        "baselines": note.baselines(),
        "results": [
            r.model_dump(
                mode="json",
                include={
                    "metric",
                    "dataset",
                    "model",
                    "value",
                    "best_baseline",
                    "baseline_value",
                    "page",
                    "table",
                    "printed",
                },
            )
            for r in parsed.results
        ],
        "headline": parsed.headline.model_dump(mode="json") if parsed.headline else None,
        "facets": {
            name: {
                "summary": parsed.facets[name].summary if name in parsed.facets else "",
                "pages": parsed.facets[name].pages if name in parsed.facets else [],
            }
            for name in FACETS
        },
        "captions": [c.model_dump(mode="json") for c in parsed.captions],
        "my_notes": note.my_notes,
    }


@app.command("list")
@friendly_errors
def list_papers(
    domain: Annotated[
        str | None,
        typer.Argument(help="Only this domain.", show_default=False, autocompletion=complete_domain),
    ] = None,
    notes: NotesOption = None,
    json_output: JsonOption = False,
) -> None:
    """List the papers in the library (all, or one domain's)."""
    from paperstudy.service import papers  # start-up time (PyMuPDF)

    settings = load_settings(notes)
    records = papers.list_papers(settings, domain)
    if json_output:
        print_json([r.model_dump(mode="json", exclude={"source_path"}) for r in records])
        return
    if not records:
        console.print(
            escape(f"The library at {settings.notes} is empty. Add papers with ")
            + "`paperstudy ingest PAPER.pdf --domain DOMAIN`."
        )
        return
    console.print(papers_table(records, domain, console.width))


def papers_table(records: list[PaperRecord], domain: str | None, width: int) -> Table:
    """The papers as a table that fits ``width`` columns, one line per paper with the title cut short
    (as ``gh`` does); the domains column only from 100 columns on, the page count from 120."""
    table = Table(title=f"{len(records)} papers" + (escape(f" in {domain}") if domain else ""))
    id_width = max(len(r.id) for r in records)
    domains = [", ".join(r.domains) for r in records]
    columns: list[tuple[str, int]] = [("id", id_width), ("year", 4)]
    if width >= 100:
        columns.append(("domains", min(40, max(len("domains"), *map(len, domains)))))
    if width >= 120:
        columns.append(("pages", 5))
    # Each column takes its width plus 3 (padding and a rule); the table's left edge 1 more.
    title_width = max(12, width - sum(w for _, w in columns) - 3 * (len(columns) + 1) - 1)
    for name, column_width in columns[:2]:
        table.add_column(name, no_wrap=True, min_width=column_width)
    table.add_column("title", no_wrap=True, max_width=title_width)
    for name, column_width in columns[2:]:
        table.add_column(
            name, no_wrap=True, max_width=column_width, justify="right" if name == "pages" else "left"
        )
    for r, listed in zip(records, domains, strict=True):
        cells = [escape(r.id), str(r.year or "—"), escape(_cut(r.title, title_width))]
        for name, column_width in columns[2:]:
            cells.append(escape(_cut(listed, column_width)) if name == "domains" else str(r.page_count))
        table.add_row(*cells)
    return table


def _cut(text: str, width: int) -> str:
    return text if len(text) <= width else text[: width - 1].rstrip() + "…"


@app.command()
@friendly_errors
def remove(
    paper_id: Annotated[
        str,
        typer.Argument(
            help="The paper id to take out.", show_default=False, autocompletion=complete_paper_id
        ),
    ],
    notes: NotesOption = None,
) -> None:
    """Take a paper out of the library. Its note is moved to the vault's trash, never deleted."""
    from paperstudy.service import papers  # start-up time (PyMuPDF)

    trashed = papers.remove(load_settings(notes), paper_id)
    where = f"; its note was moved to {trashed}" if trashed else ""
    console.print(escape(f"Removed {paper_id}{where}"))


@app.command()
@friendly_errors
def rename(
    old_id: Annotated[str, typer.Argument(help="The paper's id now.", show_default=False)],
    new_id: Annotated[str, typer.Argument(help="Its new id (lower-case letters, digits, dashes).")],
    notes: NotesOption = None,
) -> None:
    """Give a paper a new id; its note, PDF, passages, cards and review history move with it."""
    from paperstudy.service import papers  # start-up time (PyMuPDF)

    moved = papers.rename(load_settings(notes), old_id, new_id)
    console.print(escape(f"Renamed {old_id} to {new_id}; its note is now {moved}"))


@app.command()
@friendly_errors
def reindex(
    notes: NotesOption = None,
    json_output: JsonOption = False,
) -> None:
    """Rebuild papers, passages and vectors from the vault's PDFs and notes (cards and reviews are kept)."""
    from paperstudy.service import papers  # start-up time (PyMuPDF, the embedding model)

    settings = load_settings(notes)
    with console.status("Reindexing…") as status:
        report = papers.reindex(
            settings, on_result=lambda o: status.update(escape(f"Reindexed {o.paper_id}"))
        )
    failed = [o for o in report.outcomes if o.kind == "failed"]
    if json_output:
        print_json(
            {
                "papers": [
                    {"paper_id": o.paper_id, "status": o.status, "error": o.error} for o in report.outcomes
                ],
                "kept_without_pdf": report.kept_without_pdf,
                "passages_embedded": report.embedded,
                "passages_reused": report.reused,
            }
        )
    else:
        console.print(
            f"{len(report.outcomes) - len(failed)} papers reindexed, {len(failed)} failed; "
            f"{report.embedded} passages embedded, {report.reused} reused unchanged"
        )
        for outcome in failed:
            console.print(f"[red]failed:[/] {escape(f'{outcome.paper_id}: {outcome.message}')}")
        if report.kept_without_pdf:
            console.print(
                "kept as they are (no PDF in the vault): " + escape(", ".join(report.kept_without_pdf)),
                highlight=False,
            )
    if failed:
        raise typer.Exit(1)
