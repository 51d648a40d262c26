"""Figure and table captions and the page region each one labels (pure, from layout lines and image boxes).

The region is found without drawing extraction: the caption's column is searched away from the caption
(upwards for figures, downwards first for tables) up to the nearest line of running prose; the region is
then tightened to the images and non-prose lines (axis labels, table cells) inside that gap.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

from paperstudy.models import BBox
from paperstudy.parsing.cells import looks_tabular
from paperstudy.parsing.layout import Line, PageLayout
from paperstudy.parsing.text import join_lines

CAPTION = re.compile(
    r"^(?P<kind>fig(?:ure)?\.?|table)\s*(?P<num>\d{1,3}|[IVX]{1,6})(?:\s*[.:|—–]|\s*$)", re.IGNORECASE
)


@dataclass(slots=True)
class FoundCaption:
    kind: str
    label: str
    text: str
    page: int
    first: int
    last: int
    caption_bbox: BBox
    region_bbox: BBox | None
    style: tuple[bool, bool, str] = (False, False, "")
    """How the label is printed: bold, italic, and the mark closing it (":", "." or "")."""


def _prose(line: Line, body_size: float, column_width: float) -> bool:
    width = line.x1 - line.x0
    if abs(line.size - body_size) > 0.8 or width < 0.6 * column_width:
        return False
    return len(line.text) / max(width, 1.0) >= 0.75 / (0.5 * body_size)


def find_captions(page: PageLayout, body_size: float) -> list[FoundCaption]:
    found: list[FoundCaption] = []
    lines = page.lines
    i = 0
    while i < len(lines):
        line = lines[i]
        match = CAPTION.match(line.text)
        if not match or (
            i > 0 and lines[i - 1].block == line.block and not _gap_before(lines, i) and not _set_apart(line)
        ):
            i += 1
            continue
        last = i
        while (
            last + 1 < len(lines)
            and lines[last + 1].block == line.block
            and lines[last + 1].column == line.column
            and not CAPTION.match(lines[last + 1].text)
            # boxes of consecutive lines may overlap a little ("GCN-64∗" with its superscript)
            and -0.5 * line.size <= lines[last + 1].y0 - lines[last].y1 < line.size
            # a table's first row set close under its caption; but a sentence running on into a line
            # that justification spaced wide ("We" / "evaluate them by their ...") is the caption's
            and (not looks_tabular(lines[last + 1]) or _runs_on(lines[last], lines[last + 1]))
            and not _body_resumes(lines[last], lines[last + 1], body_size)
        ):
            last += 1
        kind = "figure" if match.group("kind").lower().startswith("fig") else "table"
        label = f"{'Figure' if kind == 'figure' else 'Table'} {match.group('num')}"
        text = join_lines([ln.text for ln in lines[i : last + 1]])
        group = lines[i : last + 1]
        bbox = (
            min(ln.x0 for ln in group),
            min(ln.y0 for ln in group),
            max(ln.x1 for ln in group),
            max(ln.y1 for ln in group),
        )
        region = _region(page, bbox, kind, body_size, set(range(i, last + 1)))
        style = (line.spans[0].bold, line.spans[0].italic, line.text[match.end() - 1 : match.end()].strip())
        found.append(FoundCaption(kind, label, text, page.number, i, last, bbox, region, style))
        i = last + 1
    return found


def in_caption_style(captions: list[FoundCaption]) -> list[FoundCaption]:
    """Drop in-text references that open a line ("Table 3. We observe that ...", "Figure 2.A
    summarizes ..."): worded like a caption, but a paper prints its captions of one kind in one style
    (label weight, closing mark). Where at least three of a kind and three in four share a style, a
    candidate printed otherwise is running text."""
    dropped: set[int] = set()
    for kind in ("figure", "table"):
        of_kind = [c for c in captions if c.kind == kind]
        if not of_kind:
            continue
        style, count = Counter(c.style for c in of_kind).most_common(1)[0]
        if count >= 3 and count >= 0.75 * len(of_kind):
            dropped.update(id(c) for c in of_kind if c.style != style)
    return [c for c in captions if id(c) not in dropped]


def _runs_on(line: Line, following: Line) -> bool:
    """``following`` continues the sentence ``line`` leaves open: no full stop at the end, and the next
    line goes on in lower case."""
    text = line.text.rstrip()
    return bool(text) and text[-1] not in ".:;!?" and following.text.lstrip()[:1].islower()


def _body_resumes(line: Line, following: Line, body_size: float) -> bool:
    """The caption has ended and the running text goes on in the same text block: the caption was
    printed smaller than the body and ``following`` is at the body's size, or (a caption at the body's
    size) ``line`` closes a sentence well short of the width ``following`` fills, as a paragraph's last
    line does."""
    if line.size < body_size - 0.5 and abs(following.size - body_size) <= 0.3:
        return True
    closes = line.text.rstrip()[-1:] in ".!?"
    return (
        closes
        and abs(line.size - body_size) <= 0.3
        and line.x1 - line.x0 < 0.85 * (following.x1 - following.x0)
    )


def _set_apart(line: Line) -> bool:
    """A caption even where no gap parts it from the lines above (a table's last row in the same block):
    the label is closed by a colon ("Table 2: Comparative results"), which running text never writes
    after a reference ("Table 2 shows"), or printed in its own style ("**Table 2.** Results")."""
    if re.match(r"^\s*(?:fig(?:ure)?\.?|table)\s*(?:\d{1,3}|[IVX]{1,6})\s*:", line.text, re.IGNORECASE):
        return True
    spans = line.spans
    if len(spans) < 2 or not CAPTION.match(spans[0].text.strip() or "-"):
        return False
    first, rest = spans[0], spans[1:]
    return (first.bold and not all(s.bold for s in rest)) or (
        first.italic and not all(s.italic for s in rest)
    )


def _gap_before(lines: list[Line], i: int) -> bool:
    return lines[i].y0 - lines[i - 1].y1 > 0.5 * lines[i].size


def _column_span(page: PageLayout, bbox: BBox) -> tuple[float, float]:
    xs0 = [ln.x0 for ln in page.lines] or [bbox[0]]
    xs1 = [ln.x1 for ln in page.lines] or [bbox[2]]
    left, right = min(xs0), max(xs1)
    mid = page.width / 2
    if page.two_column and bbox[2] - bbox[0] < 0.6 * (right - left):
        return (left, mid) if (bbox[0] + bbox[2]) / 2 < mid else (mid, right)
    return left, right


def _region(page: PageLayout, cap: BBox, kind: str, body: float, own: set[int]) -> BBox | None:
    x0, x1 = _column_span(page, cap)
    width = x1 - x0
    order = ("below", "above") if kind == "table" else ("above", "below")
    for side in order:
        region = _search(page, cap, side, x0, x1, width, body, own)
        if region is not None:
            return region
    return None


def _search(
    page: PageLayout, cap: BBox, side: str, x0: float, x1: float, width: float, body: float, own: set[int]
) -> BBox | None:
    top_limit = min((ln.y0 for ln in page.lines), default=0.0)
    bottom_limit = max((ln.y1 for ln in page.lines), default=page.height)
    if side == "above":
        lo, hi = top_limit - 2, cap[1]
    else:
        lo, hi = cap[3], bottom_limit + 2
    members: list[BBox] = []
    in_x = [
        (i, ln)
        for i, ln in enumerate(page.lines)
        if i not in own and ln.x1 > x0 + 2 and ln.x0 < x1 - 2 and lo <= (ln.y0 + ln.y1) / 2 <= hi
    ]
    in_x.sort(key=lambda item: -item[1].y1 if side == "above" else item[1].y0)
    for _, line in in_x:
        contained = line.x0 >= x0 - 6 and line.x1 <= x1 + 6
        if not contained or _prose(line, body, width) or CAPTION.match(line.text):
            if side == "above":
                lo = line.y1
            else:
                hi = line.y0
            break
        members.append(line.bbox)
    members = [m for m in members if lo <= (m[1] + m[3]) / 2 <= hi]
    for image in page.images:
        cx = (image[0] + image[2]) / 2
        if x0 - 5 <= cx <= x1 + 5 and image[3] > lo - 5 and image[1] < hi + 5:
            members.append(image)
    if members:
        box = (
            max(min(m[0] for m in members), 0.0),
            max(min(m[1] for m in members), lo),
            min(max(m[2] for m in members), page.width),
            min(max(m[3] for m in members), hi),
        )
        if box[3] - box[1] >= 15:
            return box
    if hi - lo >= 40 and side == "above":
        return (x0, lo, x1, hi)
    return None


def figure_lines(page: PageLayout, captions: list[FoundCaption], keep: set[tuple[int, int]]) -> set[int]:
    """Indices of lines printed inside a located figure region (axis labels, legends, words of a
    diagram): not body text. ``keep`` holds (first, last) line ranges that stay whatever their place
    (headings, captions); table regions are read as tables elsewhere."""
    boxes = [
        c.region_bbox for c in captions if c.page == page.number and c.kind == "figure" and c.region_bbox
    ]
    if not boxes:
        return set()
    kept = {i for first, last in keep for i in range(first, last + 1)}
    inside: set[int] = set()
    prose_blocks: set[int] = set()
    for i, line in enumerate(page.lines):
        if i in kept:
            continue
        cx, cy = (line.x0 + line.x1) / 2, (line.y0 + line.y1) / 2
        if any(b[0] <= cx <= b[2] and b[1] <= cy <= b[3] for b in boxes):
            if _reads_as_prose(line.text):
                prose_blocks.add(line.block)
            else:
                inside.add(i)
    # a paragraph's short first or last line shares its text block with lines of prose
    return {i for i in inside if page.lines[i].block not in prose_blocks}


_SUBHEADING = re.compile(r"^\d{1,2}(?:\.\d{1,2}){1,3}\.?\s+[A-Z]")


def _reads_as_prose(text: str) -> bool:
    """Text kept even inside a figure region, since regions are found without drawings and may reach
    into text set beside a figure, a footnote or the references: running sentences (mostly lower-case
    words), long lines of words (figure labels are short), a sentence's end, a numbered sub-heading."""
    words = text.split()
    alpha = [w for w in words if any(c.isalpha() for c in w)]
    lower = sum(1 for w in alpha if w[0].islower())
    if len(words) >= 6 and len(text) >= 30 and lower >= 0.6 * len(words):
        return True
    if len(words) >= 8 and len(alpha) >= 0.5 * len(words):
        return True
    if len(words) >= 3 and lower and text.rstrip()[-1:] in ".?!":
        return True
    return _SUBHEADING.match(text) is not None
