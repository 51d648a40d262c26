"""Commands that meet the tools users already keep papers in: ``import`` (Zotero/BibTeX/CSL-JSON or a
folder of PDFs) and ``export bibtex`` / ``export csl-json``."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

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
)
from paperstudy.cli.completion import complete_domain
from paperstudy.cli.quiz import export_app
from paperstudy.models import ImportOutcome
from paperstudy.settings import load_settings

if TYPE_CHECKING:
    from paperstudy.service.bibliography import ExportFormat

DEFAULT_IMPORT_DOMAIN = "unsorted"
OUTCOME_STYLE = {"added": "green", "updated": "cyan", "skipped": "dim", "failed": "red"}


@app.command("import")
@friendly_errors
def import_command(
    source: Annotated[
        Path,
        typer.Argument(
            help="A BibTeX (.bib) or CSL-JSON (.json) export, or a folder of PDFs (searched recursively).",
            show_default=False,
        ),
    ],
    domain: Annotated[
        str, typer.Option("--domain", "-d", help="Domain id for the notes.", autocompletion=complete_domain)
    ] = DEFAULT_IMPORT_DOMAIN,
    notes: NotesOption = None,
    json_output: JsonOption = False,
) -> None:
    """Import a Zotero/BibTeX/CSL-JSON library or a folder of PDFs (re-importing adds nothing).

    Attached PDFs are ingested with the entry's metadata; entries without one are looked up on arXiv and
    downloaded. A missing or non-PDF attachment is reported for its entry and never copied.
    """
    from paperstudy.service.bibliography import import_library  # start-up time (PyMuPDF)

    settings = load_settings(notes)
    if json_output:
        rows = import_library(settings, source, domain)
        print_json([r.model_dump() for r in rows])
    else:
        with console.status("Importing…") as status:
            rows = import_library(
                settings, source, domain, on_result=lambda r: status.update(f"Imported {escape(r.key)}")
            )
        _print_rows(rows)
    if any(r.status == "failed" for r in rows):
        raise typer.Exit(1)


def _print_rows(rows: list[ImportOutcome]) -> None:
    table = Table(title="Import")
    for column in ("entry", "paper id", "result"):
        table.add_column(column)
    for row in rows:
        style = OUTCOME_STYLE[row.outcome]
        detail = row.error if row.outcome == "failed" else "; ".join(row.notes)
        result = f"[{style}]{row.outcome}[/]" + (f" {escape(detail)}" if detail else "")
        table.add_row(escape(row.key), row.paper_id or "—", result)
    console.print(table)
    counts = {name: sum(r.outcome == name for r in rows) for name in OUTCOME_STYLE}
    console.print(", ".join(f"{n} {name}" for name, n in counts.items()))


DomainArg = Annotated[
    str,
    typer.Argument(
        help="A domain id in the library (`paperstudy list`).",
        show_default=False,
        autocompletion=complete_domain,
    ),
]
OutputOption = Annotated[
    Path | None, typer.Option("--output", "-o", help="Write to this file (default: print it).")
]


@export_app.command("bibtex")
@friendly_errors
def export_bibtex(domain: DomainArg, output: OutputOption = None, notes: NotesOption = None) -> None:
    """A domain's papers as BibTeX, with stable citation keys and their PDFs attached."""
    _export(domain, "bibtex", output, notes)


@export_app.command("csl-json")
@friendly_errors
def export_csl_json(domain: DomainArg, output: OutputOption = None, notes: NotesOption = None) -> None:
    """A domain's papers as CSL-JSON (for Zotero, pandoc and citation processors)."""
    _export(domain, "csl-json", output, notes)


def _export(domain: str, fmt: ExportFormat, output: Path | None, notes: Path | None) -> None:
    from paperstudy.service.bibliography import export_bibliography  # start-up time (PyMuPDF)

    text = export_bibliography(load_settings(notes), domain, fmt, output)
    if output is None:
        typer.echo(text, nl=False)
    else:
        err_console.print(f"wrote {escape(str(output))}")
