"""Meeting the tools users already keep papers in: ``import`` (a Zotero/BibTeX/CSL-JSON library or a
folder of PDFs) and ``export bibtex`` / ``export csl-json`` (``cli/import_cmds.py``)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Literal

from paperstudy.bibliography import assign_citekeys, entry_for_record, write_bibtex, write_csl_json
from paperstudy.fsio import atomic_write_text
from paperstudy.importing import import_path
from paperstudy.models import BibEntry, ImportOutcome
from paperstudy.pipeline import check_domain
from paperstudy.settings import Settings
from paperstudy.store import Library, Vault

ExportFormat = Literal["bibtex", "csl-json"]


def import_library(
    settings: Settings,
    source: Path,
    domain: str,
    *,
    on_result: Callable[[ImportOutcome], None] | None = None,
) -> list[ImportOutcome]:
    """Import a ``.bib``/CSL-JSON file or a folder of PDFs into ``domain``: one row per entry or PDF."""
    return import_path(source, check_domain(domain), settings, on_result=on_result)


def export_entries(settings: Settings, domain: str) -> list[BibEntry]:
    """A domain's papers as bibliography entries, by citation key (keys given once stay fixed)."""
    domain = check_domain(domain)
    with Library(Vault(settings.notes)) as library:
        library.require_domain(domain)
        records = library.records(domain)
        keys = assign_citekeys(records, library.citekeys())
        pdfs = {r.id: library.vault.pdf_path(r.id) for r in records}
    return [
        entry_for_record(r, pdfs[r.id].resolve() if pdfs[r.id].is_file() else None, keys[r.id])
        for r in sorted(records, key=lambda r: keys[r.id])
    ]


def export_bibliography(
    settings: Settings, domain: str, fmt: ExportFormat, output: Path | None = None
) -> str:
    """The domain's papers as BibTeX or CSL-JSON text, also written (atomically) to ``output`` when given."""
    entries = export_entries(settings, domain)
    text = write_bibtex(entries) if fmt == "bibtex" else write_csl_json(entries)
    if output is not None:
        atomic_write_text(output, text)
    return text
