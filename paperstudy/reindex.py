"""``paperstudy reindex``: rebuild papers, passages and vectors from the vault's PDFs and Markdown notes.

The vault's files are the source of truth: ``.paperstudy/pdfs/<id>.pdf`` and ``<domain>/<id>.md``. Each PDF
is parsed again; the note's front matter gives the paper's domains, and its corrections and "My notes" are
carried over. Rows are upserted (``Library.save``), never deleted, so tables this module does not own —
quiz cards, reviews, scheduler state — and anything that refers to a paper keep their rows. Vectors are
reused wherever a passage's text is unchanged (same model id and text hash), so a reindex after a parser
change re-embeds only what changed, and a reindex after a model change re-embeds everything.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from paperstudy.errors import NoteFormatError, PaperstudyError
from paperstudy.fsio import sha256_file
from paperstudy.index.indexing import Indexer
from paperstudy.index.vectors import refresh_vector_cache
from paperstudy.models import DOMAIN_PATTERN, PaperOutcome, PaperRecord, ReindexReport
from paperstudy.notes import render_note, split_front_matter, with_user_content
from paperstudy.parsing import PaperParser
from paperstudy.pipeline import build_note, link_new_papers, save_indexed
from paperstudy.settings import Settings
from paperstudy.store import STATE_DIR, Library, Vault
from paperstudy.worker import parse_with_limit

DEFAULT_DOMAIN = "unsorted"


def find_notes(vault: Vault) -> dict[str, Path]:
    """Every ``<domain>/<id>.md`` note of the vault by paper id (the first domain folder wins)."""
    notes: dict[str, Path] = {}
    for path in sorted(vault.root.glob("*/*.md")):
        if path.parent.name == STATE_DIR or not DOMAIN_PATTERN.match(path.parent.name):
            continue
        notes.setdefault(path.stem, path)
    return notes


def reindex(
    settings: Settings,
    parser: PaperParser,
    indexer: Indexer,
    *,
    on_result: Callable[[PaperOutcome], None] | None = None,
) -> ReindexReport:
    report = ReindexReport()
    vault = Vault(settings.notes)
    with Library(vault) as library:
        indexer.discard_all(library)  # leftovers of a crashed ingest
        notes = find_notes(vault)
        pdfs = sorted(vault.pdf_dir.glob("*.pdf")) if vault.pdf_dir.is_dir() else []
        known_pdfs = {p.stem for p in pdfs}
        report.kept_without_pdf = sorted(library.paper_ids() - known_pdfs)
        for pdf in pdfs:
            try:
                embedded, total = _reindex_one(library, pdf, notes.get(pdf.stem), settings, parser, indexer)
                report.embedded += embedded
                report.reused += total - embedded
                outcome = PaperOutcome(kind="updated", path=str(pdf), paper_id=pdf.stem)
            except PaperstudyError as error:
                outcome = PaperOutcome(kind="failed", path=str(pdf), paper_id=pdf.stem, message=str(error))
            report.outcomes.append(outcome)
            if on_result is not None:
                on_result(outcome)
        refresh_vector_cache(library, indexer.encoder.model_id)
        link_new_papers(library, [o.paper_id for o in report.outcomes if o.paper_id and o.status == "ok"])
    return report


def _reindex_one(
    library: Library,
    pdf: Path,
    note_path: Path | None,
    settings: Settings,
    parser: PaperParser,
    indexer: Indexer,
) -> tuple[int, int]:
    paper_id = pdf.stem
    sha256 = sha256_file(pdf)
    parsed = parse_with_limit(parser, pdf, settings.parse_timeout)
    domains = _domains(library, paper_id, note_path)
    anchor = PaperRecord(
        id=paper_id,
        title=parsed.title or paper_id,
        sha256=sha256,
        domains=domains,
        page_count=parsed.page_count,
    )
    if paper_id in library.paper_ids():
        anchor = library.record(paper_id)
    note = build_note(library, parsed, anchor, sha256, domains[0], pdf)
    note = note.model_copy(
        update={"paper": note.paper.model_copy(update={"sha256": sha256, "source_path": anchor.source_path})}
    )
    target = library.vault.note_path(note.paper.domains[0], paper_id)
    current_path = target if target.exists() else note_path
    if current_path is not None:
        note = with_user_content(note, library.user_content_before_rewrite(paper_id, current_path))
    save_indexed(library, note, render_note(note), None, indexer)
    stats = indexer.last
    return (stats.embedded, stats.passages) if stats else (0, 0)


def _domains(library: Library, paper_id: str, note_path: Path | None) -> list[str]:
    """The paper's domains: from the database row, else the note's front matter, else its folder."""
    if paper_id in library.paper_ids():
        return library.record(paper_id).domains
    if note_path is not None:
        try:
            front, _ = split_front_matter(note_path.read_text(encoding="utf-8"), note_path)
        except (OSError, NoteFormatError):
            front = {}
        listed = [d for d in front.get("domains") or [] if isinstance(d, str) and DOMAIN_PATTERN.match(d)]
        folder = note_path.parent.name
        return listed if folder in listed else [folder, *listed]
    return [DEFAULT_DOMAIN]
