"""Paper use cases: ingest, show, list, remove, reindex; one paper as the Paper page shows it (its note,
figures and pages as pictures, its tables) and the user's own notes, saved safely."""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from paperstudy import parsing
from paperstudy.engines.ray_engine import RayIngest, StageStats
from paperstudy.errors import ConfigError, PdfError
from paperstudy.index.embed import get_encoder
from paperstudy.index.indexing import Indexer
from paperstudy.models import (
    Caption,
    Note,
    PaperOutcome,
    PaperRecord,
    PaperView,
    ReindexReport,
    ShownNote,
    TableCells,
)
from paperstudy.notes import FACET_TITLES, note_body
from paperstudy.parsing.tables import extract_table_cells
from paperstudy.pipeline import check_domain, expand_path_lists, ingest_files, load_note
from paperstudy.reindex import reindex as run_reindex
from paperstudy.settings import Settings
from paperstudy.store import Library, Vault
from paperstudy.vault import refresh_links

OnOutcome = Callable[[PaperOutcome], None]
__all__ = ["FACET_TITLES", "RayIngest", "StageStats"]


# --- the library's papers --------------------------------------------------------------------------------


ENGINES = ("local", "ray")


def ingest(
    settings: Settings,
    paths: Sequence[Path],
    domain: str,
    *,
    skip_known: bool = False,
    on_result: OnOutcome | None = None,
    workers: int | None = None,
    engine: str = "local",
    address: str | None = None,
    on_stages: Callable[[RayIngest], None] | None = None,
) -> list[PaperOutcome]:
    """Parse PDFs into notes under ``domain`` and index them; one outcome per file, in input order
    (``on_result`` too). ``paths`` may hold ``@list.txt`` arguments (see ``expand_path_lists``).

    ``engine="local"`` parses ``workers`` PDFs at once (default: the ``workers`` setting, else one per
    core); ``engine="ray"`` runs the stages on Ray (the cluster at ``address``, else ``RAY_ADDRESS``,
    else a local Ray) and reports each stage's throughput to ``on_stages``."""
    domain = check_domain(domain)
    if engine not in ENGINES:
        raise ConfigError(f"unknown --engine {engine!r}: use local or ray")
    if address is not None and engine != "ray":
        raise ConfigError("--address names a Ray cluster: use it with --engine ray")
    files = expand_path_lists(paths)
    if engine == "ray":
        from paperstudy.engines.ray_engine import ray_ingest  # start-up time: only when asked for

        run = ray_ingest(files, domain, settings, address=address, skip_known=skip_known, on_result=on_result)
        if on_stages is not None:
            on_stages(run)
        return run.outcomes
    return ingest_files(files, domain, settings, on_result=on_result, skip_known=skip_known, workers=workers)


def expand_paths(paths: Sequence[Path]) -> list[Path]:
    """The PDFs the ingest arguments name (``@list.txt`` read; a missing list file is a ``ConfigError``)."""
    return expand_path_lists(paths)


def show(settings: Settings, paper_id: str) -> ShownNote:
    """A stored paper's note (with the user's content), its file and the file's Markdown body."""
    with Library(Vault(settings.notes)) as library:
        note = load_note(library, paper_id)
        path = library.note_file(paper_id)
    return ShownNote(note=note, path=path, markdown=note_body(path.read_text(encoding="utf-8")))


def list_papers(settings: Settings, domain: str | None = None) -> list[PaperRecord]:
    """The library's papers (newest first), all or one domain's; an unknown domain is an error."""
    with Library(Vault(settings.notes)) as library:
        if domain is not None:
            library.require_domain(domain)
        return library.records(domain)


def remove(settings: Settings, paper_id: str) -> Path | None:
    """Take a paper out of the library; its note goes to the vault's trash (returned), never deleted."""
    with Library(Vault(settings.notes)) as library:
        return library.remove(paper_id)


def rename(settings: Settings, old_id: str, new_id: str) -> Path:
    """Give a paper a new id; its note, PDF, passages, cards and reviews move with it. The new note path."""
    with Library(Vault(settings.notes)) as library:
        moved = library.rename(old_id, new_id)
        # The notes that link to it (similar papers, papers naming it as a baseline) get the new id.
        refresh_links(library, [new_id])
        return moved


def reindex(settings: Settings, *, on_result: OnOutcome | None = None) -> ReindexReport:
    """Rebuild papers, passages and vectors from the vault's PDFs and notes (cards and reviews kept)."""
    indexer = Indexer(get_encoder(settings.embedding_model))
    return run_reindex(settings, parsing.PyMuPdfParser(), indexer, on_result=on_result)


# --- one paper, as the Paper page shows it ----------------------------------------------------------------

_STRONG_WORDS = re.compile(r"\b(architecture|framework|overview)\b", re.I)
_WEAK_WORDS = re.compile(r"\b(structure|model|network|pipeline|illustration|diagram)\b", re.I)
_OWN_WORDS = re.compile(r"\b(our|proposed)\b", re.I)


def paper_view(library: Library, paper_id: str) -> PaperView:
    note = load_note(library, paper_id)
    record = note.paper
    links = []
    if record.arxiv_id:
        links.append(("arXiv", f"https://arxiv.org/abs/{record.arxiv_id}"))
        links.append(("PDF on arXiv", f"https://arxiv.org/pdf/{record.arxiv_id}"))
    if record.doi:
        links.append(("DOI", f"https://doi.org/{record.doi}"))
    pdf_path = library.vault.pdf_path(paper_id)
    return PaperView(
        note=note,
        links=links,
        architecture=architecture_figure(note),
        has_pdf=pdf_path.is_file(),
        pdf_path=pdf_path,
    )


def architecture_figure(note: Note) -> Caption | None:
    """The located figure most likely to show the paper's own model: captioned with the model's name
    ("DeepFM" from "DeepFM: …") or words like "architecture", preferably in an architecture section."""
    figures = [c for c in note.parsed.captions if c.kind == "figure" and c.region_bbox is not None]
    name, colon, _ = note.title.partition(":")
    model_name = name.strip().casefold() if colon and 0 < len(name.split()) <= 3 else None
    arch_sections = {s.title for s in note.parsed.sections if s.facet == "architecture"}

    def score(caption: Caption) -> int:
        text = caption.text
        return (
            3 * bool(model_name and model_name in text.casefold())
            + 2 * bool(_STRONG_WORDS.search(text))
            + bool(_WEAK_WORDS.search(text))
            + bool(_OWN_WORDS.search(text))
            + bool(caption.section in arch_sections)
        )

    scored = [(score(c), -c.page, -index, c) for index, c in enumerate(figures)]
    best = max(scored, key=lambda t: t[:3], default=None)
    return best[3] if best is not None and best[0] >= 2 else None


def cited_pages(note: Note) -> list[int]:
    """Every page a facet sentence, dataset, metric or caption cites, in order."""
    pages: set[int] = set()
    for summary in note.parsed.facets.values():
        pages.update(s.page for s in summary.sentences)
    for dataset in note.datasets():
        pages.update(dataset.pages)
    for metric in note.metrics():
        pages.update(metric.pages)
    pages.update(c.page for c in note.parsed.captions)
    return sorted(p for p in pages if 1 <= p <= note.paper.page_count)


def render_page_png(pdf_path: Path, page: int, dpi: int = 110) -> bytes:
    """One page of a PDF as PNG bytes (pages count from 1)."""
    return _render(pdf_path, page, None, dpi)


def render_region_png(
    pdf_path: Path, page: int, bbox: tuple[float, float, float, float], dpi: int = 160
) -> bytes:
    """A rectangle of a page (a figure's region) as PNG bytes, with a small margin."""
    return _render(pdf_path, page, bbox, dpi)


def _render(pdf_path: Path, page: int, bbox: tuple[float, float, float, float] | None, dpi: int) -> bytes:
    from paperstudy.parsing.pdflib import pymupdf as _pymupdf  # start-up: loaded by the pages that render

    pymupdf: Any = _pymupdf  # untyped library: keep its calls out of strict typing
    try:
        document = pymupdf.open(pdf_path)
    except (OSError, RuntimeError, ValueError) as error:
        raise PdfError(pdf_path, f"cannot be opened to show a page ({error})") from error
    with document:
        if not 1 <= page <= document.page_count:
            raise PdfError(pdf_path, f"has no page {page} (it has {document.page_count})")
        pdf_page = document[page - 1]
        clip = None
        if bbox is not None:
            x0, y0, x1, y1 = bbox
            clip = pymupdf.Rect(x0 - 6, y0 - 6, x1 + 6, y1 + 6) & pdf_page.rect
            if clip.is_empty:
                raise PdfError(pdf_path, "the figure region lies outside the page", page)
        pixmap = pdf_page.get_pixmap(clip=clip, dpi=dpi)
        return bytes(pixmap.tobytes("png"))


def table_cells(view: PaperView) -> list[TableCells]:
    """The cells of the paper's located tables: stored ones when the parser kept them, else extracted now
    from the PDF (slow: a layout analysis per page; the caller caches)."""
    if view.note.parsed.tables or not view.has_pdf:
        return view.note.parsed.tables
    return extract_table_cells(view.pdf_path, view.note.parsed.captions)


# --- the user's notes ------------------------------------------------------------------------------------


def read_my_notes(library: Library, paper_id: str) -> str:
    """What the user wrote under the note's "## My notes"."""
    return library.read_my_notes(paper_id)


def save_my_notes(library: Library, paper_id: str, text: str, *, expected: str | None = None) -> Path:
    """Replace the note's "## My notes" body atomically; with ``expected`` (what the editor started from)
    refuse (``NotesConflict``) when it changed on disk meanwhile."""
    return library.save_my_notes(paper_id, text, expected=expected)
