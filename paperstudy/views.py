"""What the Streamlit app shows, as pure-ish library functions: the pages only lay these out.

Nothing here imports Streamlit. Each function takes the library (or settings) and returns plain data:
domain overview rows, a paper's view, rendered PDF pages and figure regions, the user's notes saved
safely, and the search → download → ingest flow with a progress callback.

SQLite connections belong to one thread, and Streamlit runs every script run in a thread of its own, so
the app caches a ``LibraryHandle`` (a connection *factory*) and asks it for the current thread's library.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from paperstudy.errors import NoteFormatError, PaperstudyError, PdfError
from paperstudy.models import (
    FACETS,
    Caption,
    Domain,
    FacetName,
    IngestOutcome,
    Note,
    QuizCard,
    SearchHit,
    TableCells,
)
from paperstudy.notes import MY_NOTES_HEADING, MY_NOTES_HINT, my_notes_of, split_front_matter
from paperstudy.settings import Settings
from paperstudy.store import Library, Vault, atomic_write_bytes, atomic_write_text, sha256_text

if TYPE_CHECKING:
    from paperstudy.brief import DomainBrief
    from paperstudy.download import Fetched
    from paperstudy.quiz.session import QuizService

# --- the library handle ----------------------------------------------------------------------------------


class LibraryHandle:
    """One per vault and process; hands each thread its own ``Library`` (SQLite connection, WAL mode)."""

    def __init__(self, notes: Path) -> None:
        self.vault = Vault(notes)
        self._local = threading.local()

    def library(self) -> Library:
        library: Library | None = getattr(self._local, "library", None)
        if library is None:
            library = Library(self.vault)
            self._local.library = library
        return library

    def is_empty(self) -> bool:
        if not self.vault.db_path.exists():
            return True
        return not self.library().paper_ids()


# --- domains ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class DomainRow:
    """One line of the domain overview."""

    id: str
    title: str
    description: str
    papers: int
    notes: int
    """Papers of the domain whose "My notes" the user has written in."""
    due: int | None
    """Quiz cards due now; None when the quiz is not available."""
    in_catalog: bool


def domain_rows(
    library: Library,
    catalog: dict[str, Domain],
    due_counts: dict[str, int] | None = None,
    *,
    only_with_papers: bool = False,
) -> list[DomainRow]:
    """The catalog's domains and the library's own (a domain used at ingest need not be in the catalog),
    with counts; domains holding papers first, then by title."""
    counts = library.domain_counts()
    with_notes = _domains_with_notes(library)
    rows: list[DomainRow] = []
    for domain_id in sorted(set(catalog) | set(counts)):
        entry = catalog.get(domain_id)
        papers = counts.get(domain_id, 0)
        if only_with_papers and not papers:
            continue
        rows.append(
            DomainRow(
                id=domain_id,
                title=entry.title if entry else domain_id.replace("-", " ").capitalize(),
                description=entry.description if entry else "",
                papers=papers,
                notes=with_notes.get(domain_id, 0),
                due=None if due_counts is None else due_counts.get(domain_id, 0),
                in_catalog=entry is not None,
            )
        )
    rows.sort(key=lambda r: (r.papers == 0, r.title.casefold()))
    return rows


def _domains_with_notes(library: Library) -> dict[str, int]:
    counts: dict[str, int] = {}
    for row in library.db.execute(
        "SELECT p.id, p.note_path, d.domain FROM papers p JOIN paper_domains d ON d.paper_id = p.id"
    ):
        if has_my_notes(library.vault.root / str(row["note_path"])):
            counts[row["domain"]] = counts.get(row["domain"], 0) + 1
    return counts


def has_my_notes(note_path: Path) -> bool:
    try:
        text = note_path.read_text(encoding="utf-8")
    except OSError:
        return False
    _, _, after = text.partition("\n" + MY_NOTES_HEADING + "\n")
    return bool(after.replace(MY_NOTES_HINT, "").strip())


@dataclass(frozen=True)
class PaperRow:
    """One paper in a domain's list."""

    id: str
    title: str
    year: int | None
    authors: str
    source: str
    """Where it came from: "arXiv" (has an arXiv id), "DOI" or "PDF" (uploaded or ingested file)."""
    facets: tuple[FacetName, ...]
    """The facets its sections cover."""
    pages: int


def paper_rows(library: Library, domain: str) -> list[PaperRow]:
    """The domain's papers, newest first; facets come from the section outline (one cheap query)."""
    facets_of: dict[str, set[str]] = {}
    for row in library.db.execute(
        "SELECT s.paper_id, s.facet FROM sections s JOIN paper_domains d ON d.paper_id = s.paper_id "
        "WHERE d.domain = ?",
        (domain,),
    ):
        facets_of.setdefault(row["paper_id"], set()).add(row["facet"])
    rows = []
    for record in library.records(domain):
        found = tuple(f for f in FACETS if f in facets_of.get(record.id, set()))
        source = "arXiv" if record.arxiv_id else "DOI" if record.doi else "PDF"
        authors = ", ".join(record.authors[:3]) + (" et al." if len(record.authors) > 3 else "")
        rows.append(
            PaperRow(
                id=record.id,
                title=record.title,
                year=record.year,
                authors=authors,
                source=source,
                facets=found,
                pages=record.page_count,
            )
        )
    return rows


def filter_papers(
    rows: Sequence[PaperRow],
    *,
    years: tuple[int, int] | None = None,
    sources: Sequence[str] = (),
    facet: FacetName | None = None,
) -> list[PaperRow]:
    """Rows within the year range (papers without a year are kept), from the sources, covering the facet."""
    kept = []
    for row in rows:
        if years is not None and row.year is not None and not years[0] <= row.year <= years[1]:
            continue
        if sources and row.source not in sources:
            continue
        if facet is not None and facet not in row.facets:
            continue
        kept.append(row)
    return kept


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


# --- adding papers ---------------------------------------------------------------------------------------

_UNSAFE_NAME = re.compile(r"[^A-Za-z0-9._-]+")


def save_uploads(settings: Settings, files: Sequence[tuple[str, bytes]]) -> list[Path]:
    """Write uploaded PDFs into the vault's cache (under their own names) so they can be ingested."""
    folder = Vault(settings.notes).cache_dir / "uploads"
    paths = []
    for name, data in files:
        stem = _UNSAFE_NAME.sub("_", Path(name).stem).strip("._")[:100] or "upload"
        path = folder / f"{stem}.pdf"
        atomic_write_bytes(path, data)
        paths.append(path)
    return paths


def ingest_uploads(
    settings: Settings,
    files: Sequence[tuple[str, bytes]],
    domain: str,
    on_result: Callable[[IngestOutcome], None] | None = None,
) -> list[IngestOutcome]:
    from paperstudy.pipeline import check_domain, ingest_files

    domain = check_domain(domain)
    paths = save_uploads(settings, files)
    names = {str(path): name for path, (name, _) in zip(paths, files, strict=True)}
    outcomes = ingest_files(paths, domain, settings, on_result=on_result)
    return [o.model_copy(update={"path": names.get(o.path, o.path)}) for o in outcomes]


@dataclass
class SearchResult:
    hits: list[SearchHit]
    warnings: list[str] = field(default_factory=list)


def search_papers(
    settings: Settings,
    *,
    query: str = "",
    domain: str | None = None,
    sources: Sequence[str] = ("arxiv",),
    max_results: int = 20,
    since: int | None = None,
    until: int | None = None,
) -> SearchResult:
    """Keywords and/or a catalog domain, on the chosen sources; a failing secondary source is a warning."""
    from paperstudy.domains import domain_search, get_domain
    from paperstudy.sources.base import Search
    from paperstudy.sources.finder import Finder

    query = query.strip()
    if domain:
        spec = domain_search(
            get_domain(domain, settings.config_dir), max_results=max_results, since=since, until=until
        )
        if query:
            spec = Search(
                query=f"({spec.query}) AND ({query})",
                categories=spec.categories,
                since=since,
                until=until,
                max_results=max_results,
                scholar_query=" ".join(q for q in (spec.scholar_query, query) if q),
            )
    else:
        spec = Search(query=query, since=since, until=until, max_results=max_results)
    with Finder(settings) as finder:
        found = finder.search(spec, tuple(sources))
    return SearchResult(hits=found.hits, warnings=found.warnings)


@dataclass(frozen=True)
class AddStep:
    """Progress of adding papers: ``done`` of ``total`` steps, and what just happened."""

    done: int
    total: int
    message: str


@dataclass(frozen=True)
class AddResult:
    title: str
    status: str
    """added, updated, skipped or failed."""
    paper_id: str | None = None
    error: str | None = None


def add_hits(
    settings: Settings,
    hits: Sequence[SearchHit],
    domain: str,
    on_step: Callable[[AddStep], None] | None = None,
) -> list[AddResult]:
    """Download each hit's PDF (skipping papers already in the library) and ingest it into ``domain``.
    One paper failing never stops the others; the result says what happened to each."""
    from paperstudy.pipeline import check_domain, download_and_ingest
    from paperstudy.sources.finder import Finder

    domain = check_domain(domain)
    total = 2 * len(hits)
    done = 0

    def step(message: str) -> None:
        nonlocal done
        done += 1
        if on_step is not None:
            on_step(AddStep(done=min(done, total), total=total, message=message))

    with Finder(settings) as finder:
        fetched, outcomes = download_and_ingest(
            settings,
            finder,
            hits,
            domain,
            on_download=lambda f: step(f"Downloaded {f.hit.title[:60]}"),
            on_ingest=lambda o: step(f"Ingested {Path(o.path).name}"),
        )
    if on_step is not None and done < total:  # skipped and failed downloads have nothing to ingest
        on_step(AddStep(done=total, total=total, message="Done"))
    return [_add_result(item, outcomes) for item in fetched]


def _add_result(item: Fetched, outcomes: dict[str, IngestOutcome]) -> AddResult:
    title = item.hit.title
    if item.status == "skipped":
        return AddResult(title, "skipped", paper_id=item.message.rsplit(" ", 1)[-1])
    if item.status == "failed":
        return AddResult(title, "failed", error=item.message)
    ingest = outcomes.get(str(item.path))
    if ingest is not None and ingest.status == "ok":
        return AddResult(title, "added" if ingest.created else "updated", paper_id=ingest.paper_id)
    return AddResult(title, "failed", error=ingest.error if ingest else "not ingested")


# --- caching stamps, briefs ------------------------------------------------------------------------------


def library_stamp(library: Library) -> str:
    """Changes whenever a paper is added, refreshed or removed: a cache key for derived views."""
    row = library.db.execute("SELECT count(*), max(updated_at), group_concat(id) FROM papers").fetchone()
    return f"{row[0]}:{row[1] or ''}:{sha256_text(str(row[2] or ''))[:12]}"


def domain_brief(library: Library, domain: str) -> DomainBrief:
    """The domain's one-page brief (datasets, features, architecture families, metrics, with citations)."""
    from paperstudy.brief import build_brief
    from paperstudy.pipeline import load_note

    notes = [load_note(library, record.id) for record in library.records(domain)]
    return build_brief(domain, notes)


# --- quiz ------------------------------------------------------------------------------------------------


def refreshed_due_counts(quiz: QuizService) -> dict[str, int]:
    """Domain → cards due now, after bringing every domain's deck up to date with its notes."""
    for domain in quiz.domains():
        quiz.sync(domain)
    return quiz.due_counts()


def next_quiz_card(
    quiz: QuizService,
    domain: str | None,
    facet: FacetName | None = None,
    *,
    ahead: bool = False,
    skip: Sequence[str] = (),
) -> QuizCard | None:
    """The next card to review: due cards of the domain (all domains when None), optionally of one facet.

    With ``ahead``, when nothing is due, the card due soonest (practising ahead of schedule), leaving out
    the ids in ``skip`` (the cards already practised this session)."""
    if facet is None and not ahead:
        return quiz.next_card(domain)
    due = [card for card in quiz.due(domain) if facet is None or card.item.facet == facet]
    if due or not ahead:
        return due[0] if due else None
    cards = [
        card
        for card in quiz.cards(domain)
        if not card.suspended
        and card.item.kind != "drill"
        and card.id not in skip
        and (facet is None or card.item.facet == facet)
    ]
    return min(cards, key=lambda card: card.due, default=None)


@dataclass(frozen=True)
class WeakSpot:
    """A paper whose cards the user remembers least (mean recall probability over reviewed cards)."""

    paper_id: str
    title: str
    recall: float
    cards: int
    lapses: int


def weakest_papers(quiz: QuizService, domain: str | None = None, limit: int = 5) -> list[WeakSpot]:
    from paperstudy.quiz.progress import retrievability

    now = quiz.now()
    titles = quiz.titles(domain)
    groups: dict[str, list[QuizCard]] = {}
    for card in quiz.cards(domain):
        paper = card.item.source.paper_id
        if card.state != "new" and not card.suspended and paper in titles:
            groups.setdefault(paper, []).append(card)
    spots = [
        WeakSpot(
            paper_id=paper,
            title=titles[paper],
            recall=sum(retrievability(c, now) for c in cards) / len(cards),
            cards=len(cards),
            lapses=sum(c.lapses for c in cards),
        )
        for paper, cards in groups.items()
    ]
    return sorted(spots, key=lambda s: (s.recall, -s.lapses))[:limit]


# --- asking the library ----------------------------------------------------------------------------------


def highlight_segments(text: str, highlights: Sequence[str]) -> list[tuple[str, bool]]:
    """``text`` cut into (piece, is_highlighted) in order, for showing matched sentences emphasised."""
    marks: list[tuple[int, int]] = []
    for sentence in highlights:
        start = text.find(sentence)
        if sentence and start >= 0:
            marks.append((start, start + len(sentence)))
    pieces: list[tuple[str, bool]] = []
    position = 0
    for start, end in sorted(marks):
        if start < position:
            continue
        if start > position:
            pieces.append((text[position:start], False))
        pieces.append((text[start:end], True))
        position = end
    if position < len(text):
        pieces.append((text[position:], False))
    return pieces


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


@dataclass(frozen=True)
class BriefRow:
    """One line of a domain brief, ready to show: name, how many papers, typical value, where it is said."""

    name: str
    papers: int
    detail: str
    citations: str


def brief_sections(brief: DomainBrief, limit: int = 10) -> list[tuple[str, list[BriefRow]]]:
    """The brief's four parts (datasets, features, architecture families, metrics) as display rows."""
    from paperstudy.brief import typical_value

    parts = [
        ("Datasets", brief.datasets, "values"),
        ("Features", brief.features, ""),
        ("Architecture families", brief.architectures, ""),
        ("Metrics and typical reported values", brief.metrics, "typical"),
    ]
    sections = []
    for title, lines, show in parts:
        rows = []
        for line in lines[:limit]:
            detail = ""
            if show and line.values:
                typical = typical_value(line.values) if show == "typical" else None
                detail = typical or ", ".join(line.values[:3])
            cites = "; ".join(
                f"{c.paper_id} p. {', '.join(str(p) for p in c.pages[:3])}" if c.pages else c.paper_id
                for c in line.citations[:4]
            )
            rows.append(BriefRow(name=line.name, papers=line.count, detail=detail, citations=cites))
        sections.append((title, rows))
    return sections
