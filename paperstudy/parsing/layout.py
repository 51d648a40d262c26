"""The only PyMuPDF reading of the main pass: styled lines in reading order, page furniture removed.

One ``page.get_text("dict")`` call per page (no images, no drawings, no table finding); each page is
reduced to small ``Line`` records at once and the ``Page`` object is dropped, so memory stays flat.
Removed here: the arXiv side stamp and other vertical text, running headers and footers, page numbers,
line-number gutters and text printed inside images.
"""

from __future__ import annotations

import gc
import math
import re
from collections import Counter, defaultdict
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from itertools import pairwise
from pathlib import Path
from typing import Any

from paperstudy.errors import PdfError
from paperstudy.models import BBox
from paperstudy.parsing.pdflib import pymupdf
from paperstudy.parsing.text import (
    LIGATURES,
    SPACING_ACCENTS,
    clean_spaces,
    compose_accents,
    fold,
    normalize_ligatures,
    restore_libertine_g,
    restore_th_ligature,
)

_PYMUPDF_OPEN: Any = pymupdf.open
TEXT_FLAGS = pymupdf.TEXTFLAGS_DICT & ~pymupdf.TEXT_PRESERVE_IMAGES

_BOLD_FONT = re.compile(r"bold|black|heavy|semibold|demi|medi|cmbx|cmssbx|cmbsy|cmmib|bx\d|[-,]b$|tb$|tbi$")
_ITALIC_FONT = re.compile(r"italic|oblique|ital|cmti|cmmi|-it$|ti$|tbi$|tzi$|zi\d*$|i\d$")
_ARXIV_STAMP = re.compile(r"arXiv:\s*(\d{4}\.\d{4,5}|[a-z-]+(?:\.[A-Z]{2})?/\d{7})(v\d+)?", re.IGNORECASE)
_PAGE_NUMBER = re.compile(
    r"^(page\s*)?[-–—(]?\s*(\d{1,4}|[ivxlc]{1,6})\s*[-–—)]?(\s*(of|/)\s*\d{1,4})?$", re.I
)
_DIGITS = re.compile(r"^\d{1,4}$")
# What ``normalize_ligatures``, ``compose_accents`` or ``clean_spaces`` would change in a line: a ligature, a
# "↵" for "ff", a spacing accent, a run of two spaces or a tab, CR, FF or VT.
_LINE_PROBE = re.compile("[" + "".join(LIGATURES) + "".join(SPACING_ACCENTS) + "\u21b5\t\r\f\v]|  ")
# A raised "∗" (a footnote mark or a symbol's superscript) loses the space after it in the text layer:
# "Company∗dataset", "Θ∗for Algorithm 1", "the word d∗whose embedding".
_GLUED_STAR = re.compile(r"(?<=\S)\u2217(?=[a-z]{2})")
_LABEL_ONLY = re.compile(r"^(\d{1,2}(\.\d{1,2}){0,3}\.?|[IVX]{1,5}\.?|[A-H](\.\d{1,2}){0,2}\.?)$")


@dataclass(slots=True)
class StyledSpan:
    text: str
    size: float
    bold: bool
    italic: bool
    x0: float = 0.0
    x1: float = 0.0
    """Horizontal extent on the page: table cells are told apart by it."""


@dataclass(slots=True)
class Line:
    """One printed line (spans on the same baseline merged), ligatures expanded."""

    text: str
    x0: float
    y0: float
    x1: float
    y1: float
    spans: list[StyledSpan]
    block: int
    size: float = 0.0
    """Largest font size among the spans carrying letters."""
    bold: bool = False
    """All letter-carrying spans are bold."""
    italic: bool = False
    smallcaps: bool = False
    """Capitals in two sizes (small caps), a common heading style at body size."""
    runin: bool = False
    """A styled lead-in followed by plain text on the same line ("Datasets. We use ...")."""
    lead_words: int = 0
    """With ``runin``: how many of the line's words the styled lead-in is."""
    column: int = 0
    """0 spans the page (or single-column page), 1 left column, 2 right column."""
    label_gap: bool = False
    """The line starts with a section label printed apart from the text ("A" + gap + "RELATION ...")."""

    @property
    def bbox(self) -> BBox:
        return (self.x0, self.y0, self.x1, self.y1)


@dataclass(slots=True)
class PageLayout:
    number: int
    width: float
    height: float
    lines: list[Line]
    """Body lines in reading order."""
    two_column: bool = False
    images: list[BBox] = field(default_factory=list)
    furniture: list[str] = field(default_factory=list)
    """Text removed as page furniture (headers, footers, stamps): still useful for DOIs and ids."""


@dataclass(slots=True)
class DocumentLayout:
    path: Path
    page_count: int
    pages: list[PageLayout]
    body_size: float
    arxiv_stamp: str | None = None
    metadata: dict[str, str] = field(default_factory=dict)
    outline: list[OutlineEntry] = field(default_factory=list)
    """The PDF's bookmarks (``doc.get_toc()``), in order; empty for most papers."""


@dataclass(frozen=True, slots=True)
class OutlineEntry:
    level: int
    """1 for the outline's top level."""
    title: str
    page: int
    """Page number from 1; 0 or less when the bookmark points nowhere."""


_STYLE_CACHE: dict[tuple[str, int], tuple[bool, bool]] = {}


def _font_style(span: dict[str, Any]) -> tuple[bool, bool]:
    """(bold, italic) of a span, cached per font name and flags."""
    key = (str(span["font"]), int(span["flags"]))
    style = _STYLE_CACHE.get(key)
    if style is None:
        style = (_is_bold(span), _is_italic(span))
        if len(_STYLE_CACHE) < 10_000:
            _STYLE_CACHE[key] = style
    return style


def _is_bold(span: dict[str, Any]) -> bool:
    if int(span["flags"]) & 16:
        return True
    font = str(span["font"]).rsplit("+", 1)[-1].casefold()
    return bool(_BOLD_FONT.search(font))


def _is_italic(span: dict[str, Any]) -> bool:
    if int(span["flags"]) & 2:
        return True
    font = str(span["font"]).rsplit("+", 1)[-1].casefold()
    return bool(_ITALIC_FONT.search(font))


def _finish_line(line: Line) -> Line:
    """Compute the line's style (size, bold, italic, run-in) from its spans."""
    spans = line.spans
    # Spans carrying a letter; ``isalpha`` answers most (one word each) without a per-character scan.
    letter_spans = [s for s in spans if (t := s.text).isalpha() or any(map(str.isalpha, t))]
    styled = letter_spans or spans
    # One pass for size range and bold/italic character counts (this runs for every line of every page).
    top = low = styled[0].size
    total = bold = italic = 0
    for s in styled:
        size = s.size
        if size > top:
            top = size
        elif size < low:
            low = size
        n = len(s.text)
        total += n
        if s.bold:
            bold += n
        if s.italic:
            italic += n
    line.size = top
    letters = total or 1
    line.bold = bold >= 0.85 * letters
    line.italic = italic >= 0.85 * letters
    line.smallcaps = False
    if top - low >= 1:
        letters_only = "".join(filter(str.isalpha, "".join([s.text for s in styled])))
        line.smallcaps = len(letters_only) >= 3 and all(map(str.isupper, letters_only))
    line.runin = False
    line.lead_words = 0
    if letter_spans and (letter_spans[0].bold or letter_spans[0].italic) and not line.bold:
        first = letter_spans[0]
        start = spans.index(first)
        for i in range(start + 1, len(spans)):
            span = spans[i]
            if span.bold == first.bold and span.italic == first.italic:
                continue
            tail = spans[i:]
            words = sum(1 for w in " ".join(s.text for s in tail).split() if any(c.isalpha() for c in w))
            plain = sum(len(s.text) for s in tail if not s.bold)
            if words >= 2 and plain >= 0.5 * sum(len(s.text) for s in tail):
                line.runin = True
                if not (span.bold or span.italic):  # not a lead-in going on in another style ("Lag L")
                    line.lead_words = len(" ".join(s.text for s in spans[:i]).split())
            break
    return line


def _merge_same_baseline(lines: list[Line]) -> list[Line]:
    """Merge lines of one block that sit on the same baseline (PyMuPDF splits them at style changes)."""
    lines.sort(key=lambda ln: (round(ln.y1), ln.x0))
    merged: list[Line] = []
    for line in lines:
        prev = merged[-1] if merged else None
        if prev is not None:
            height = max(line.y1 - line.y0, prev.y1 - prev.y0, 1.0)
            same_row = abs((line.y0 + line.y1) - (prev.y0 + prev.y1)) / 2 < 0.45 * height
            if same_row and line.x0 >= prev.x1 - 2 and line.x0 - prev.x1 < 6 * max(height, 4):
                gap = "   " if line.x0 - prev.x1 > 2 * height else " "
                prev.text = prev.text.rstrip() + gap + line.text.lstrip()
                prev.spans.extend(line.spans)
                prev.x1 = max(prev.x1, line.x1)
                prev.y0 = min(prev.y0, line.y0)
                prev.y1 = max(prev.y1, line.y1)
                continue
        merged.append(line)
    return merged


def _read_page(page: Any, number: int, block_base: int, with_images: bool) -> tuple[PageLayout, str | None]:
    data = page.get_text("dict", flags=TEXT_FLAGS)
    width, height = float(page.rect.width), float(page.rect.height)
    images: list[BBox] = []
    for info in page.get_image_info() if with_images else ():
        x0, y0, x1, y1 = (float(v) for v in info["bbox"])
        if (x1 - x0) * (y1 - y0) > 400 and (x1 - x0) < width * 0.98:
            images.append((x0, y0, x1, y1))
    stamp: str | None = None
    furniture: list[str] = []
    lines: list[Line] = []
    styles = _STYLE_CACHE
    new_span = StyledSpan
    for b_index, block in enumerate(data["blocks"]):
        if block.get("type", 0) != 0:
            continue
        block_lines: list[Line] = []
        for raw in block["lines"]:
            raw_spans = raw["spans"]
            # This loop runs for every span of every page (about half are lone spaces): keep it lean.
            texts = [span["text"] for span in raw_spans]
            text = "".join(texts)
            if "\u0434" in text:  # "д": Libertine italic's "g" (``restore_libertine_g``)
                texts = [
                    restore_libertine_g(t) if "Libertine" in span["font"] else t
                    for span, t in zip(raw_spans, texts, strict=True)
                ]
                text = "".join(texts)
            spans: list[StyledSpan] = []
            add = spans.append
            for span, span_text in zip(raw_spans, texts, strict=True):
                if span_text.isspace():
                    continue
                bold, italic = styles.get((span["font"], span["flags"])) or _font_style(span)
                left, _, right, _ = span["bbox"]
                add(new_span(span_text, span["size"], bold, italic, left, right))
            if not spans:
                continue
            # Most lines hold no ligature, spacing accent or run of spaces: then the clean-ups leave them be.
            text = (
                clean_spaces(compose_accents(normalize_ligatures(text)))
                if _LINE_PROBE.search(text)
                else text.strip()
            )
            if "T" in text and any("Libertine" in s["font"] for s in raw_spans):
                text = restore_th_ligature(text)
            if "\u2217" in text:
                text = _GLUED_STAR.sub("\u2217 ", text)
            x0, y0, x1, y1 = raw["bbox"]
            dx, dy = raw["dir"]
            if abs(dy) > 0.5 or abs(dx) < 0.5:  # vertical text: arXiv stamp, axis labels
                found = _ARXIV_STAMP.search(text)
                if found and stamp is None:
                    stamp = text
                furniture.append(text)
                continue
            block_lines.append(Line(text, x0, y0, x1, y1, spans, block_base + b_index))
        # Most blocks are one line: nothing to sort or merge.
        if len(block_lines) > 1:
            lines.extend(_merge_same_baseline(block_lines))
        elif block_lines:
            lines.append(block_lines[0])
    if images:
        kept = []
        for line in lines:
            cx, cy = (line.x0 + line.x1) / 2, (line.y0 + line.y1) / 2
            if any(i[0] <= cx <= i[2] and i[1] <= cy <= i[3] for i in images):
                continue
            kept.append(line)
        lines = kept
    for line in lines:
        _finish_line(line)
    return PageLayout(number, width, height, lines, images=images, furniture=furniture), stamp


def _check_file(path: Path) -> None:
    if not path.exists():
        raise PdfError(path, "file not found; check the path")
    if path.is_dir():
        raise PdfError(path, "is a directory, not a PDF file")
    size = path.stat().st_size
    if size == 0:
        raise PdfError(path, "file is empty (0 bytes); download it again")
    with path.open("rb") as handle:
        head = handle.read(1024)
        handle.seek(max(0, size - 4096))
        tail = handle.read()
    if b"%PDF-" not in head:
        raise PdfError(
            path, "not a PDF file (no %PDF header); give the paper's PDF, not an HTML or text page"
        )
    if b"%%EOF" not in tail:
        raise PdfError(path, "PDF is truncated (no end-of-file marker); download it again")


def open_pdf(path: Path) -> Any:
    """Open a PDF after checking it is one; every failure becomes a one-line ``PdfError``."""
    _check_file(path)
    try:
        doc: Any = _PYMUPDF_OPEN(path, filetype="pdf")
    except Exception as exc:  # PyMuPDF raises several types for broken files
        raise PdfError(path, f"PDF is corrupt and cannot be opened ({exc}); download it again") from None
    if doc.needs_pass or doc.is_encrypted:
        doc.close()
        raise PdfError(path, "PDF is password-protected; save an unencrypted copy and try again")
    if doc.page_count == 0:
        doc.close()
        raise PdfError(path, "PDF has no pages; download it again")
    return doc


def read_layout(path: Path, with_images: bool = False) -> DocumentLayout:
    """Read every page once into styled lines in reading order, with page furniture removed.

    ``with_images`` also records image boxes (``page.get_image_info``); it doubles the reading time
    (a second text pass inside PyMuPDF), so the main pass leaves it off.
    """
    with collector_paused():
        return _read_document(path, with_images)


@contextmanager
def collector_paused() -> Iterator[None]:
    """Pause Python's cyclic garbage collector, restoring its previous state after (nesting is fine).

    Parsing a paper builds some 10^4 small objects a page (PyMuPDF's span dicts, then lines, spans,
    sentences), none in a reference cycle, so reference counting frees them all; meanwhile the collector
    would only walk them, and the rest of the heap, over and over: 5-20 % of a parse, the more the bigger
    the process's heap."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def _read_document(path: Path, with_images: bool) -> DocumentLayout:
    doc = open_pdf(path)
    pages: list[PageLayout] = []
    stamp: str | None = None
    try:
        metadata = {k: str(v) for k, v in (doc.metadata or {}).items() if v}
        outline = _outline(doc)
        page_count = doc.page_count
        block_base = 0
        for index in range(page_count):
            try:
                page = doc.load_page(index)
                layout, page_stamp = _read_page(page, index + 1, block_base, with_images)
                del page
            except PdfError:
                raise
            except Exception as exc:
                raise PdfError(
                    path, f"page cannot be read ({exc}); the PDF is damaged", page=index + 1
                ) from None
            block_base += 10_000
            stamp = stamp or page_stamp
            pages.append(layout)
    finally:
        doc.close()
    letters = sum(len(line.text) for p in pages for line in p.lines)
    if letters < 20 * max(1, min(page_count, 5)):
        raise PdfError(path, "PDF has no text layer (scanned images only); run OCR (e.g. ocrmypdf) first")
    _remove_furniture(pages)
    body_size = _body_size(pages)
    for page in pages:
        _remove_gutters(page)
        page.lines = _reading_order(page)
    return DocumentLayout(path, page_count, pages, body_size, _stamp_id(stamp), metadata, outline)


def _outline(doc: Any) -> list[OutlineEntry]:
    """The bookmarks as ``OutlineEntry`` records; a damaged outline counts as none."""
    try:
        toc = doc.get_toc(simple=True)
    except Exception:  # PyMuPDF raises several types for broken outline trees
        return []
    entries: list[OutlineEntry] = []
    for item in toc:
        if len(item) < 3:
            continue
        title = clean_spaces(normalize_ligatures(str(item[1])))
        if title:
            entries.append(OutlineEntry(int(item[0]), title, int(item[2])))
    return entries


def _stamp_id(stamp: str | None) -> str | None:
    return stamp


_MIN_READABLE_SIZE = 1.0
"""Text set below 1 pt (a degenerate text matrix, hidden text) is no one's body size."""


def _body_size(pages: list[PageLayout]) -> float:
    """The commonest font size by characters, in half points; always positive.

    Sizes are counted in half points, so a size under 0.25 pt would count as 0 (and every ratio to the
    body size would divide by zero): such text is left out, and a document made only of it keeps its
    own median size."""
    sizes: Counter[float] = Counter()
    tiny: list[float] = []
    for page in pages:
        for line in page.lines:
            if line.size >= _MIN_READABLE_SIZE:
                sizes[round(line.size * 2) / 2] += len(line.text)
            elif line.size > 0:
                tiny.append(line.size)
    if sizes:
        return sizes.most_common(1)[0][0]
    tiny.sort()
    return tiny[len(tiny) // 2] if tiny else 10.0


def _furniture_key(text: str) -> str:
    return re.sub(r"\d+", "#", fold(text))


def _remove_furniture(pages: list[PageLayout]) -> None:
    """Drop running headers/footers (text repeated in the page margins) and page numbers."""
    counts: Counter[str] = Counter()
    for page in pages:
        keys = {_furniture_key(ln.text) for ln in page.lines if _in_band(ln, page)}
        counts.update(keys)
    threshold = max(2, math.ceil(0.3 * len(pages)))
    for page in pages:
        kept: list[Line] = []
        for line in page.lines:
            if _in_band(line, page) and (
                _PAGE_NUMBER.match(line.text) or (counts[_furniture_key(line.text)] >= threshold)
            ):
                page.furniture.append(line.text)
                continue
            kept.append(line)
        page.lines = kept


def _in_band(line: Line, page: PageLayout) -> bool:
    return line.y1 < page.height * 0.095 or line.y0 > page.height * 0.91


def _gutter_tail(line: Line) -> StyledSpan | None:
    """The line's last span when it is a bare number set well apart from the text before it: a line
    number the same-baseline merge joined to its line ("... large to render" + "330")."""
    if len(line.spans) < 2:
        return None
    last, before = line.spans[-1], line.spans[-2]
    if not _DIGITS.match(last.text.strip()) or last.x0 - before.x1 < 0.8 * max(last.size, 4.0):
        return None
    return last


def _drop_tail(line: Line, tail: StyledSpan) -> None:
    line.spans.remove(tail)
    text, number = line.text.rstrip(), tail.text.strip()
    if text.endswith(number):  # the merge appended it last
        line.text = text[: len(text) - len(number)].rstrip()
    line.x1 = max(s.x1 for s in line.spans)


def _remove_gutters(page: PageLayout) -> None:
    """Drop numbers printed outside the text columns (line-number gutters of review copies)."""
    long_lines = [ln for ln in page.lines if len(ln.text) >= 25]
    if not long_lines:
        return
    left = min(ln.x0 for ln in long_lines)
    # A line number merged into its line must not widen the text column it stands outside of.
    tails = {id(ln): tail for ln in long_lines if (tail := _gutter_tail(ln)) is not None}
    right = max((ln.spans[-2].x1 if id(ln) in tails else ln.x1) for ln in long_lines)
    for line in long_lines:
        tail = tails.get(id(line))
        if tail is not None and tail.x0 >= right - 1:
            _drop_tail(line, tail)
            page.furniture.append(tail.text.strip())
    mid = page.width / 2
    left_col = [ln.x1 for ln in long_lines if ln.x1 < mid + 5]
    right_col = [ln.x0 for ln in long_lines if ln.x0 > mid - 5]
    gap = (max(left_col), min(right_col)) if left_col and right_col else None
    kept: list[Line] = []
    for line in page.lines:
        if _DIGITS.match(line.text) and (
            line.x1 <= left + 1
            or line.x0 >= right - 1
            or (gap is not None and line.x0 >= gap[0] - 1 and line.x1 <= gap[1] + 1)
        ):
            page.furniture.append(line.text)
            continue
        kept.append(line)
    page.lines = kept


def _reading_order(page: PageLayout) -> list[Line]:
    """Order lines for reading: full-width bands top to bottom, inside each band left column then right."""
    lines = _attach_labels(page.lines)
    if not lines:
        return lines
    mid = page.width / 2
    text_width = max(ln.x1 for ln in lines) - min(ln.x0 for ln in lines)
    for line in lines:
        if line.x1 - line.x0 >= 0.58 * text_width and line.x0 < mid - 10 and line.x1 > mid + 10:
            line.column = 0
        else:
            line.column = 1 if (line.x0 + line.x1) / 2 < mid else 2
    _keep_last_lines_in_band(lines)
    total = sum(len(ln.text) for ln in lines) or 1
    left_chars = sum(len(ln.text) for ln in lines if ln.column == 1)
    right_chars = sum(len(ln.text) for ln in lines if ln.column == 2)
    page.two_column = left_chars > 0.2 * total and right_chars > 0.2 * total
    groups: dict[tuple[int, int], list[Line]] = defaultdict(list)
    for line in lines:
        if not page.two_column:
            line.column = 0
        groups[(line.block, line.column)].append(line)
    units = [(col, min(ln.y0 for ln in g), min(ln.x0 for ln in g), g) for (_, col), g in groups.items()]
    units.sort(key=lambda u: (u[1], u[2]))
    ordered: list[Line] = []
    pending: dict[int, list[tuple[int, float, float, list[Line]]]] = {1: [], 2: []}

    def flush() -> None:
        for col in (1, 2):
            for unit in sorted(pending[col], key=lambda u: (u[1], u[2])):
                ordered.extend(unit[3])
            pending[col] = []

    for unit in units:
        if unit[0] == 0:
            flush()
            ordered.extend(unit[3])
        else:
            pending[unit[0]].append(unit)
    flush()
    return ordered


def _keep_last_lines_in_band(lines: list[Line]) -> None:
    """A full-width paragraph's or caption's short last line ("recommendations.") spans the page with
    its block: it sits right under a full line of that block, at the same left edge. Read as a column
    line, it was cut off its sentence and read after the band."""
    for prev, line in pairwise(lines):
        if (
            line.column
            and prev.column == 0
            and line.block == prev.block
            and abs(line.x0 - prev.x0) <= 0.5 * line.size
            and 0 <= line.y0 - prev.y1 < line.size
        ):
            line.column = 0


def _attach_labels(lines: list[Line]) -> list[Line]:
    """Join a lone section number ("2.1") to the heading text printed right of it on the same baseline."""
    label_at = [i for i, ln in enumerate(lines) if _LABEL_ONLY.match(ln.text)]
    if not label_at:
        return lines
    # Table cells are labels too ("0.5"), so this is labels x lines: keep the inner loop on plain lists.
    removed = [False] * len(lines)
    mids = [ln.y0 + ln.y1 for ln in lines]  # twice each line's vertical centre, kept current as labels grow
    for i in label_at:
        if removed[i]:
            continue
        label = lines[i]
        height = max(label.y1 - label.y0, 1.0)
        reach = 0.45 * height
        mid = mids[i]
        best: Line | None = None
        best_at = -1
        for j, other in enumerate(lines):
            if j == i or removed[j] or abs(mids[j] - mid) / 2 > reach:
                continue
            gap = other.x0 - label.x1
            if -1 <= gap < 40 and (best is None or other.x0 < best.x0):
                best, best_at = other, j
        if best is not None:
            label.text = f"{label.text} {best.text}"
            label.label_gap = best.x0 - label.x1 > 2
            label.spans.extend(best.spans)
            label.x1 = max(label.x1, best.x1)
            label.y0 = min(label.y0, best.y0)
            label.y1 = max(label.y1, best.y1)
            mids[i] = label.y0 + label.y1
            removed[best_at] = True
            _finish_line(label)
    return [ln for j, ln in enumerate(lines) if not removed[j]]
