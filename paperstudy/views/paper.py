"""One paper as the Paper page shows it: the note, its figures and pages as pictures, the user's notes
saved safely, its cards and table cells."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from paperstudy.errors import NoteFormatError, PaperstudyError, PdfError
from paperstudy.models import (
    Caption,
    Note,
    QuizCard,
    TableCells,
)
from paperstudy.notes import MY_NOTES_HEADING, MY_NOTES_HINT, my_notes_of, split_front_matter
from paperstudy.store import Library, atomic_write_text

if TYPE_CHECKING:
    pass


# --- one paper -------------------------------------------------------------------------------------------

_STRONG_WORDS = re.compile(r"\b(architecture|framework|overview)\b", re.I)
_WEAK_WORDS = re.compile(r"\b(structure|model|network|pipeline|illustration|diagram)\b", re.I)
_OWN_WORDS = re.compile(r"\b(our|proposed)\b", re.I)


@dataclass(frozen=True)
class PaperView:
    """Everything the Paper page shows, read once."""

    note: Note
    links: list[tuple[str, str]]
    """(label, URL) pairs: arXiv abstract, arXiv PDF, DOI."""
    architecture: Caption | None
    """The figure most likely to show the model's architecture, when one with a located region exists."""
    has_pdf: bool
    pdf_path: Path


def paper_view(library: Library, paper_id: str) -> PaperView:
    from paperstudy.pipeline import load_note

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


# --- rendering PDF pages ---------------------------------------------------------------------------------


def render_page_png(pdf_path: Path, page: int, dpi: int = 110) -> bytes:
    """One page of a PDF as PNG bytes (pages count from 1)."""
    return _render(pdf_path, page, None, dpi)


def render_region_png(
    pdf_path: Path, page: int, bbox: tuple[float, float, float, float], dpi: int = 160
) -> bytes:
    """A rectangle of a page (a figure's region) as PNG bytes, with a small margin."""
    return _render(pdf_path, page, bbox, dpi)


def _render(pdf_path: Path, page: int, bbox: tuple[float, float, float, float] | None, dpi: int) -> bytes:
    import pymupdf as _pymupdf

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


# --- the user's notes ------------------------------------------------------------------------------------


class NotesConflict(PaperstudyError):
    """The note's "My notes" changed on disk since the editor loaded it (another tab or an editor)."""


def read_my_notes(library: Library, paper_id: str) -> str:
    path = library.note_file(paper_id)
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as error:
        raise NoteFormatError(path, f"cannot be read ({error.strerror})") from error
    _, body = split_front_matter(text, path)
    return my_notes_of(body)


def save_my_notes(library: Library, paper_id: str, text: str, *, expected: str | None = None) -> Path:
    """Replace the body of the note's "## My notes" section with ``text``, atomically; nothing else in the
    file changes. With ``expected`` (what the editor started from), refuse to overwrite a newer version."""
    path = library.note_file(paper_id)
    try:
        current = path.read_text(encoding="utf-8")
    except OSError as error:
        raise NoteFormatError(path, f"cannot be read ({error.strerror})") from error
    _, body = split_front_matter(current, path)  # refuses a note whose front matter is broken
    if expected is not None and my_notes_of(body).strip() != expected.strip():
        raise NotesConflict(
            f"the notes of {paper_id} were changed elsewhere since you opened them; "
            "copy your text, reload the page and merge"
        )
    lines = current.split("\n")
    heading = next((i for i, line in enumerate(lines) if line.strip() == MY_NOTES_HEADING), None)
    head = (
        current.rstrip("\n") + "\n\n" + MY_NOTES_HEADING
        if heading is None
        else "\n".join(lines[: heading + 1])
    )
    cleaned = text.replace("\r\n", "\n").strip("\n")
    new_text = head + "\n\n" + MY_NOTES_HINT + "\n\n" + (cleaned + "\n\n" if cleaned else "")
    atomic_write_text(path, new_text.rstrip("\n") + "\n")
    return path


def paper_cards(library: Library, paper_id: str) -> list[QuizCard]:
    """The stored quiz cards generated from one paper (deleted ones left out)."""
    from paperstudy.quiz.cards import list_cards

    return list_cards(library, None, paper_id=paper_id)


def table_cells(view: PaperView) -> list[TableCells]:
    """The cells of the paper's located tables: stored ones when the parser kept them, else extracted now
    from the PDF (slow: a layout analysis per page; the caller caches)."""
    if view.note.parsed.tables or not view.has_pdf:
        return view.note.parsed.tables
    from paperstudy.parsing.tables import extract_table_cells

    return extract_table_cells(view.pdf_path, view.note.parsed.captions)


def table_records(table: TableCells) -> list[dict[str, str]]:
    """A table's rows keyed by its header cells (made unique and non-empty), for a data grid."""
    if not table.rows:
        return []
    header, *body = table.rows
    columns: list[str] = []
    for index, cell in enumerate(header):
        name = " ".join((cell or "").split()) or f"col {index + 1}"
        while name in columns:
            name += "′"
        columns.append(name)
    width = len(columns)
    return [
        {columns[i]: " ".join((cell or "").split()) for i, cell in enumerate(row[:width])} for row in body
    ]
