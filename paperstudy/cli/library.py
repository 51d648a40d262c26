"""Commands over the library itself: ingest, show, list, remove."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

import typer
from rich.table import Table

from paperstudy.cli import app
from paperstudy.cli.common import JsonOption, NotesOption, console, friendly_errors, print_json, progress_bar
from paperstudy.models import FACETS, IngestOutcome, Note
from paperstudy.settings import load_settings


@app.command()
@friendly_errors
def ingest(
    paths: Annotated[list[Path], typer.Argument(help="PDF files to ingest.", show_default=False)],
    domain: Annotated[str, typer.Option("--domain", "-d", help="Domain id, e.g. ctr-prediction.")],
    notes: NotesOption = None,
    json_output: JsonOption = False,
    skip_known: Annotated[
        bool,
        typer.Option("--skip-known", help="Leave PDFs already in the library under this domain untouched."),
    ] = False,
) -> None:
    """Parse PDFs into structured notes under NOTES/DOMAIN/ and add them to the library."""
    from paperstudy.pipeline import check_domain, ingest_files

    settings = load_settings(notes)
    check_domain(domain)
    if json_output:
        outcomes = ingest_files(paths, domain, settings, skip_known=skip_known)
        print_json([o.model_dump(include={"path", "paper_id", "status", "error"}) for o in outcomes])
    else:
        with progress_bar() as progress:
            task = progress.add_task("Ingesting", total=len(paths))

            def advance(outcome: IngestOutcome) -> None:
                progress.update(task, advance=1, description=f"Ingesting {Path(outcome.path).name}")

            outcomes = ingest_files(paths, domain, settings, on_result=advance, skip_known=skip_known)
        _print_ingest_summary(outcomes, settings.notes)
    if any(o.status == "failed" for o in outcomes):
        raise typer.Exit(1)


def _print_ingest_summary(outcomes: list[IngestOutcome], vault: Path) -> None:
    table = Table(title=f"Ingest into {vault}", show_lines=False)
    table.add_column("file")
    table.add_column("paper id")
    table.add_column("result")
    for outcome in outcomes:
        if outcome.skipped:
            result = "[dim]already in the library[/]"
        elif outcome.status == "ok":
            result = "[green]added[/]" if outcome.created else "[cyan]updated[/]"
        else:
            result = f"[red]failed:[/] {outcome.error}"
        table.add_row(Path(outcome.path).name, outcome.paper_id or "—", result)
    console.print(table)
    failed = sum(o.status == "failed" for o in outcomes)
    console.print(f"{len(outcomes) - failed} ok, {failed} failed")


@app.command()
@friendly_errors
def show(
    paper_id: Annotated[str, typer.Argument(help="A paper id from `paperstudy list`.", show_default=False)],
    notes: NotesOption = None,
    json_output: JsonOption = False,
) -> None:
    """Show a paper's structured note."""
    from paperstudy.pipeline import load_note
    from paperstudy.store import Library, Vault

    settings = load_settings(notes)
    with Library(Vault(settings.notes)) as library:
        note = load_note(library, paper_id)
        note_path = library.note_file(paper_id)
    if json_output:
        print_json(note_as_json(note))
        return
    from rich.markdown import Markdown  # markdown-it is slow to import: only `show` needs it

    console.print(Markdown(note_path.read_text(encoding="utf-8").split("\n---\n", 1)[-1]))
    console.print(f"[dim]{note_path}[/]")


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
        "datasets": [d.name for d in note.datasets()],
        "metrics": [{"name": m.name, "values": m.values} for m in note.metrics()],
        "baselines": note.baselines(),
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
    domain: Annotated[str | None, typer.Argument(help="Only this domain.", show_default=False)] = None,
    notes: NotesOption = None,
    json_output: JsonOption = False,
) -> None:
    """List the papers in the library (all, or one domain's)."""
    from paperstudy.errors import NotFoundError
    from paperstudy.store import Library, Vault

    settings = load_settings(notes)
    with Library(Vault(settings.notes)) as library:
        records = library.records(domain)
        counts = library.domain_counts()
    if domain is not None and domain not in counts:
        known = ", ".join(counts) or "none yet"
        raise NotFoundError(f"no papers in domain {domain!r} (domains in the library: {known})")
    if json_output:
        print_json([r.model_dump(mode="json", exclude={"source_path"}) for r in records])
        return
    if not records:
        console.print(
            f"The library at {settings.notes} is empty. Add papers with "
            "`paperstudy ingest PAPER.pdf --domain DOMAIN`."
        )
        return
    table = Table(title=f"{len(records)} papers" + (f" in {domain}" if domain else ""))
    for column in ("id", "year", "title", "domains", "pages"):
        table.add_column(column)
    for r in records:
        table.add_row(r.id, str(r.year or "—"), r.title, ", ".join(r.domains), str(r.page_count))
    console.print(table)


@app.command()
@friendly_errors
def remove(
    paper_id: Annotated[str, typer.Argument(help="The paper id to take out.", show_default=False)],
    notes: NotesOption = None,
) -> None:
    """Take a paper out of the library. Its note is moved to the vault's trash, never deleted."""
    from paperstudy.store import Library, Vault

    settings = load_settings(notes)
    with Library(Vault(settings.notes)) as library:
        trashed = library.remove(paper_id)
    where = f"; its note was moved to {trashed}" if trashed else ""
    console.print(f"Removed {paper_id}{where}")
