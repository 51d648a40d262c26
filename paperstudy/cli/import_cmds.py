"""Commands that meet the tools users already keep papers in: ``import`` (Zotero/BibTeX/CSL-JSON or a
folder of PDFs) and ``export bibtex`` / ``export csl-json``."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.markup import escape
from rich.table import Table

from paperstudy.cli import app
from paperstudy.cli.common import JsonOption, NotesOption, console, err_console, friendly_errors, print_json
from paperstudy.cli.completion import complete_domain
from paperstudy.cli.quiz_cmds import export_app
from paperstudy.models import BibEntry, ImportOutcome
from paperstudy.settings import load_settings

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
    from paperstudy.importing import import_path
    from paperstudy.pipeline import check_domain

    settings = load_settings(notes)
    domain = check_domain(domain)
    if json_output:
        rows = import_path(source, domain, settings)
        print_json([r.model_dump() for r in rows])
    else:
        with console.status("Importing…") as status:
            rows = import_path(
                source, domain, settings, on_result=lambda r: status.update(f"Imported {escape(r.key)}")
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
    from paperstudy.bibliography import write_bibtex

    _write(write_bibtex(_entries(domain, notes)), output)


@export_app.command("csl-json")
@friendly_errors
def export_csl_json(domain: DomainArg, output: OutputOption = None, notes: NotesOption = None) -> None:
    """A domain's papers as CSL-JSON (for Zotero, pandoc and citation processors)."""
    from paperstudy.bibliography import write_csl_json

    _write(write_csl_json(_entries(domain, notes)), output)


def _entries(domain: str, notes: Path | None) -> list[BibEntry]:
    from paperstudy.bibliography import assign_citekeys, entry_for_record
    from paperstudy.index.search import check_domain_known
    from paperstudy.pipeline import check_domain
    from paperstudy.store import Library, Vault

    settings = load_settings(notes)
    domain = check_domain(domain)
    with Library(Vault(settings.notes)) as library:
        check_domain_known(library, domain)
        records = library.records(domain)
        keys = assign_citekeys(records, library.citekeys())
        pdfs = {r.id: library.vault.pdf_path(r.id) for r in records}
    return [
        entry_for_record(r, pdfs[r.id].resolve() if pdfs[r.id].is_file() else None, keys[r.id])
        for r in sorted(records, key=lambda r: keys[r.id])
    ]


def _write(text: str, output: Path | None) -> None:
    from paperstudy.store import atomic_write_text

    if output is None:
        typer.echo(text, nl=False)
        return
    atomic_write_text(output, text)
    err_console.print(f"wrote {escape(str(output))}")
