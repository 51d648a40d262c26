"""Footnotes: the small-print notes at the foot of a column (pure, over ``PageLayout``).

A footnote opens with a raised mark ("¹", "∗", printed as a smaller span before the note's first word) on
a line set smaller than the body, and the notes run to the foot of their column. Some papers print their
notes at the body's size; those are told by the gap that sets them apart from the text above. They are
not body text: read into the paragraphs they sit under, their links and asides ("We release the code on
GitHub: …") become facet sentences and names of datasets. They are kept as ``Footnote`` values instead.
"""

from __future__ import annotations

import re

from paperstudy.models import Footnote
from paperstudy.parsing.layout import Line, PageLayout
from paperstudy.parsing.text import join_lines

_MARK = re.compile(r"^(?:\d{1,2}|[∗*†‡§¶⋆]{1,2})$")
# The mark is set well below the note's own size; the note below the body's.
_RAISED = 0.85
_SMALLER = 0.8
_SAME = 0.3  # sizes this close are one size
# Notes at the body's size are set apart from the text above by a gap of more than this many sizes.
_APART = 0.5


def footnote_ranges(page: PageLayout, body_size: float, keep: set[tuple[int, int]]) -> list[range]:
    """Line index ranges of the footnotes on ``page``, one per note. ``keep`` holds (first, last) line
    ranges that are never footnotes (headings, captions)."""
    kept = {i for first, last in keep for i in range(first, last + 1)}
    lines = page.lines
    notes: list[range] = []
    i = 0
    while i < len(lines):
        if i in kept:
            i += 1
            continue
        if _opens_note(lines[i], body_size):
            end = _block_end(lines, i, body_size - _SMALLER, kept)
        elif _opens_body_size_note(lines, i, body_size):
            end = _block_end(lines, i, lines[i].size + _SAME, kept)
        else:
            end = None
        if end is None:
            i += 1
            continue
        starts = [j for j in range(i, end) if _raised_mark(lines[j])]  # each mark opens a note
        notes.extend(range(a, b) for a, b in zip(starts, [*starts[1:], end], strict=True))
        i = end
    return notes


def footnotes_of(page: PageLayout, notes: list[range]) -> list[Footnote]:
    """The notes as printed, their mark apart from their text."""
    out = []
    for note in notes:
        lines = [page.lines[i] for i in note]
        mark = lines[0].spans[0].text.strip()
        first = lines[0].text.strip()[len(mark) :].lstrip()
        text = join_lines([first, *(line.text for line in lines[1:])])
        if text:
            out.append(Footnote(mark=mark, text=text, page=page.number))
    return out


def _opens_note(line: Line, body_size: float) -> bool:
    return line.size <= body_size - _SMALLER and _raised_mark(line)


def _raised_mark(line: Line) -> bool:
    if len(line.spans) < 2:
        return False
    mark = line.spans[0]
    return bool(_MARK.match(mark.text.strip())) and mark.size <= _RAISED * line.size


def _opens_body_size_note(lines: list[Line], i: int, body_size: float) -> bool:
    """Notes printed at the body's size (LINE's, FFM's): the raised mark before a capitalised first word,
    on a line set apart from the text above it in its column by more than a line's spacing."""
    line = lines[i]
    if i == 0 or line.size > body_size + _SAME or not _raised_mark(line):
        return False
    if not line.spans[1].text.lstrip()[:1].isupper():
        return False
    above = lines[i - 1]
    return above.column == line.column and line.y0 - above.y1 > _APART * line.size


def _block_end(lines: list[Line], start: int, largest: float, kept: set[int]) -> int | None:
    """The index after the notes that open at ``start``, when they run, no larger than ``largest``, to the
    foot of their column (a smaller line followed by body text is a table's or a figure's note, not a
    footnote)."""
    first = lines[start]
    j = start + 1
    while j < len(lines):
        line = lines[j]
        if line.column != first.column or line.y0 < first.y0 - 1:
            break  # the next column, or back at the top of the page: the column ended with the notes
        if j in kept or line.size > largest:
            return None
        j += 1
    return j
