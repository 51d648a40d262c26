"""PDF → ``ParsedPaper`` (structure only): metadata, page texts, section tree, references, captions.

This is the only stage that reads the PDF (through ``layout.read_layout``); everything after it is pure.
Table cells are not extracted here: see ``tables.extract_table_cells`` (lazy, on located regions only).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from paperstudy.ids import year_from_arxiv_id
from paperstudy.models import Caption, Footnote, PageSpan, ParsedPaper, Section
from paperstudy.parsing.captions import FoundCaption, figure_lines, find_captions, in_caption_style
from paperstudy.parsing.footnotes import footnote_ranges, footnotes_of
from paperstudy.parsing.headings import Heading, detect_headings
from paperstudy.parsing.layout import DocumentLayout, Line, PageLayout, read_layout
from paperstudy.parsing.metadata import (
    find_abstract,
    find_arxiv_id,
    find_authors,
    find_doi,
    find_model,
    find_year,
    newer_cited_year,
    title_lines,
    title_text,
    year_from_pdf_date,
)
from paperstudy.parsing.table_text import read_tables
from paperstudy.parsing.text import join_lines

PARAGRAPH_BREAK = "\n\n"


@dataclass(slots=True)
class _PageText:
    text: str
    line_offsets: dict[int, tuple[int, int]]
    """Line index → (start, end) of the paragraph-level unit that begins at that line."""
    footnotes: list[Footnote]


def parse_structure(path: Path) -> ParsedPaper:
    """Read one PDF into a ``ParsedPaper`` with metadata, page texts, sections, references and captions.

    Raises ``PdfError`` for files that are not readable papers (empty, not a PDF, corrupt, truncated,
    encrypted, without pages or without a text layer).
    """
    path = Path(path)
    layout = read_layout(path)
    return build_paper(layout)


def build_paper(layout: DocumentLayout) -> ParsedPaper:
    """Assemble a ``ParsedPaper`` from an already read layout (pure)."""
    first = layout.pages[0]
    t_lines, t_size = title_lines(first, layout.body_size)
    headings = detect_headings(layout.pages, layout.body_size, t_size, layout.outline)
    captions = in_caption_style([c for page in layout.pages for c in find_captions(page, layout.body_size)])
    heading_lines: dict[int, set[int]] = {}
    for h in headings:
        heading_lines.setdefault(h.page, set()).update(range(h.first, h.last + 1))
    text_tables, table_lines = read_tables(layout.pages, captions, heading_lines, layout.body_size)
    page_texts = [
        _page_text(page, headings, captions, layout.body_size, table_lines.get(page.number, set()))
        for page in layout.pages
    ]

    title = title_text(first, t_lines) or layout.metadata.get("title", "") or layout.path.stem
    first_heading = next((h for h in headings if h.page == 1), None)
    stop = first_heading.first if first_heading else len(first.lines)
    abstract_pos = next(
        (i for i, ln in enumerate(first.lines) if ln.text.lower().startswith("abstract")), stop
    )
    authors = find_authors(first, t_lines, min(stop, abstract_pos))
    front_lines = _front_lines(layout.pages, headings)
    abstract = find_abstract(front_lines, len(front_lines))
    page1_texts = [ln.text for ln in first.lines] + first.furniture
    sections, references = _sections(headings, page_texts, layout.pages)
    paper_captions = [_caption(c, headings, sections) for c in captions]
    arxiv_id = find_arxiv_id(layout.arxiv_stamp, page1_texts)
    created = year_from_pdf_date(layout.metadata.get("creationDate"))
    year = find_year(layout.arxiv_stamp, page1_texts) or year_from_arxiv_id(arxiv_id) or created
    year = newer_cited_year(year, references, created)
    return ParsedPaper(
        title=title,
        authors=authors,
        abstract=abstract,
        model=find_model(title, abstract, sections[0].text if sections else ""),
        year=year,
        arxiv_id=arxiv_id,
        doi=find_doi(page1_texts + [ln.text for p in layout.pages[1:2] for ln in p.lines]),
        page_count=layout.page_count,
        pages=[pt.text for pt in page_texts],
        sections=sections,
        references=references,
        captions=paper_captions,
        footnotes=[note for pt in page_texts for note in pt.footnotes],
        text_tables=text_tables,
    )


def _front_lines(pages: list[PageLayout], headings: list[Heading]) -> list[Line]:
    """Lines of the first pages up to the first section heading (where the abstract lives)."""
    out: list[Line] = []
    first = headings[0] if headings else None
    for page in pages[:2]:
        for i, line in enumerate(page.lines):
            if first is not None and (page.number, i) >= (first.page, first.first):
                return out
            out.append(line)
    return out


def _page_text(
    page: PageLayout,
    headings: list[Heading],
    captions: list[FoundCaption],
    body_size: float,
    table_lines: set[int] | frozenset[int] = frozenset(),
) -> _PageText:
    """Join a page's lines into paragraphs; headings and captions are paragraphs of their own; the lines
    of figures, footnotes and tables read as grids (``table_lines``) are left out."""
    starts: dict[int, int] = {}
    for h in headings:
        if h.page == page.number:
            starts[h.first] = h.last
    for c in captions:
        if c.page == page.number:
            starts[c.first] = c.last
    left_out = figure_lines(page, captions, set(starts.items()))
    notes = footnote_ranges(page, body_size, set(starts.items()))
    left_out.update(i for note in notes for i in note)
    left_out.update(i for i in table_lines if i not in starts)
    parts: list[str] = []
    offsets: dict[int, tuple[int, int]] = {}
    length = 0

    def emit(text: str, index: int | None) -> None:
        nonlocal length
        if not text:
            return
        if parts:
            length += len(PARAGRAPH_BREAK)
        if index is not None:
            offsets[index] = (length, length + len(text))
        parts.append(text)
        length += len(text)

    captions_here = {c.first for c in captions if c.page == page.number} - {
        h.first for h in headings if h.page == page.number
    }
    current: list[str] = []
    # captions printed inside a paragraph that goes on after its float: they follow the paragraph
    held: list[tuple[str, int]] = []

    def flush() -> None:
        emit(join_lines(current), None)
        current.clear()
        for text, index in held:
            emit(text, index)
        held.clear()

    lines = page.lines
    i = 0
    prev: Line | None = None
    caption_end: Line | None = None
    resumable = False
    while i < len(lines):
        line = lines[i]
        # the held caption's own next line, in a block of its own (within its block, the caption's end
        # was decided where it was found)
        runs_on = (
            bool(held)
            and caption_end is not None
            and i not in starts
            and line.block != caption_end.block
            and _under(caption_end, line)
        )
        if held and not resumable and not runs_on and i not in left_out:
            flush()  # the paragraph is not taken up again after a caption that ran on
            prev = None
        if i in starts:
            last = starts[i]
            text = join_lines([ln.text for ln in lines[i : last + 1]])
            if (
                i in captions_here
                and prev is not None
                and current
                and _goes_on(prev)
                and _set_apart(prev, line)
            ):
                held.append((text, i))  # keep ``prev``: the paragraph may resume below the float
                caption_end = lines[last]
                resumable = True
            else:
                flush()
                emit(text, i)
                prev = None
            i = last + 1
            continue
        if i in left_out:
            i += 1
            continue
        if runs_on:
            # The caption's, not the paragraph's. Where a caption runs on, the paragraph is not taken up
            # again (the caption may have taken in lines of the paragraph's).
            text, index = held[-1]
            held[-1] = (join_lines([text, line.text]), index)
            caption_end = line
            resumable = False
            i += 1
            continue
        if prev is not None and _breaks(prev, line):
            flush()
        if not current and _heads_paragraph(line, lines[i + 1] if i + 1 < len(lines) else None):
            emit(line.text, None)  # "Datasets" printed alone in bold over "We evaluate …"
            prev = line
            i += 1
            continue
        lead = _unpunctuated_lead_in(line) if not current else None
        if lead is not None:
            emit(lead, None)  # "Datasets We evaluate …": the lead-in is a heading, not the sentence's start
            current.append(line.text[len(lead) :].lstrip())
        else:
            current.append(line.text)
        prev = line
        i += 1
    flush()
    return _PageText(PARAGRAPH_BREAK.join(parts), offsets, footnotes_of(page, notes))


def _breaks(prev: Line, line: Line) -> bool:
    """Whether ``line`` starts a new paragraph after ``prev``: a gap, a change of type size, or a new
    column, unless the sentence of ``prev`` goes on there (the next column, or below a float, opening in
    lower case at the same size)."""
    if abs(line.size - prev.size) > 0.8 and prev.block != line.block:
        return True
    moved = prev.column != line.column or line.y0 < prev.y0
    if moved or line.y0 - prev.y1 > 0.6 * max(line.size, 1.0):
        return not (_goes_on(prev) and line.text[:1].islower() and abs(line.size - prev.size) <= 0.8)
    return False


def _set_apart(prev: Line, caption: Line) -> bool:
    """A caption printed as a block of its own (a float's), not a line of the paragraph's block that
    opens with a reference ("… is shown in" / "Figure 5. We name …")."""
    return prev.block != caption.block or prev.column != caption.column or caption.y0 < prev.y0


def _under(line: Line, nxt: Line) -> bool:
    """``nxt`` is the next line below ``line`` in its column, at line spacing."""
    return nxt.column == line.column and 0 <= nxt.y0 - line.y1 <= 0.6 * max(nxt.size, 1.0)


def _goes_on(line: Line) -> bool:
    """The line ends inside a sentence: a word or a comma, not a sentence's end or a colon."""
    return line.text.rstrip()[-1:] not in _SENTENCE_END


_SENTENCE_END = ".!?:;"
_LEAD_IN_END = ".:;!?—–-"
_LEAD_IN_WORDS = 6


def _unpunctuated_lead_in(line: Line) -> str | None:
    """The styled lead-in opening a paragraph when no punctuation ends it ("Datasets We evaluate …",
    "MS COCO The MS COCO dataset …"): printed as a run-in heading, it would read as the first words of
    the sentence after it. None when punctuation sets it apart already, or the text after it goes on in
    lower case (an emphasised subject: "DeepWalk learns …")."""
    if not line.runin or not 1 <= line.lead_words <= _LEAD_IN_WORDS:
        return None
    words = line.text.split()
    lead, rest = words[: line.lead_words], words[line.lead_words :]
    if not rest or not lead[0][:1].isupper() or not rest[0][:1].isupper() or lead[-1][-1] in _LEAD_IN_END:
        return None
    end = 0
    for word in lead:
        end = line.text.index(word, end) + len(word)
    return line.text[:end]


def _heads_paragraph(line: Line, nxt: Line | None) -> bool:
    """A short styled line with no closing punctuation over the plain first line of a paragraph: a
    paragraph heading on its own line ("Datasets" over "We evaluate the effectiveness …")."""
    if nxt is None or not (line.bold or line.italic) or nxt.bold or nxt.italic or nxt.column != line.column:
        return False
    words = line.text.split()
    return (
        1 <= len(words) <= _LEAD_IN_WORDS
        and line.text[:1].isupper()
        and line.text[-1] not in _LEAD_IN_END
        and nxt.text[:1].isupper()
    )


def _sections(
    headings: list[Heading], page_texts: list[_PageText], pages: list[PageLayout]
) -> tuple[list[Section], str]:
    sections: list[Section] = []
    references: list[str] = []
    n_pages = len(page_texts)
    positions = []
    for h in headings:
        start, end = page_texts[h.page - 1].line_offsets.get(h.first, (0, 0))
        positions.append((h.page, start, end))
    for k, h in enumerate(headings):
        page, _, body_start = positions[k]
        if k + 1 < len(headings):
            end_page, end_offset, _ = positions[k + 1]
        else:
            end_page, end_offset = n_pages, len(page_texts[-1].text)
        spans: list[PageSpan] = []
        chunks: list[str] = []
        for p in range(page, end_page + 1):
            text = page_texts[p - 1].text
            s = body_start if p == page else 0
            e = end_offset if p == end_page else len(text)
            s, e = _trim(text, s, e)
            if e > s:
                spans.append(PageSpan(page=p, start=s, end=e))
                chunks.append(text[s:e])
        body = PARAGRAPH_BREAK.join(chunks)
        if h.is_references:
            references.append(body)
            body = ""
        sections.append(
            Section(
                level=1 if h.level == 1 else 2,
                number=h.number,
                heading=join_lines([h.text]),
                page_start=page,
                page_end=max(page, spans[-1].page if spans else page),
                spans=spans,
                text=body,
            )
        )
    return sections, PARAGRAPH_BREAK.join(references)


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def _caption(found: FoundCaption, headings: list[Heading], sections: list[Section]) -> Caption:
    owner: Section | None = None
    for heading, section in zip(headings, sections, strict=True):
        if (heading.page, heading.first) <= (found.page, found.first):
            owner = section
    return Caption(
        kind="figure" if found.kind == "figure" else "table",
        label=found.label,
        text=found.text,
        page=found.page,
        caption_bbox=found.caption_bbox,
        region_bbox=found.region_bbox,
        section=owner.title if owner else None,
    )
