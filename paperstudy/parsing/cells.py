"""Cells of a printed line: spans set apart by more than a space are separate cells (pure).

Shared by caption finding (a caption never runs on into the table rows below it) and table reading.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from paperstudy.parsing.layout import Line

# A printed number as tables show it: "0.8007", "71.48%", "(24.97)", "66.00 ± 0.37", "-1.2", "0.69M",
# "2.96h", "1,024", ".362", "3.57∗" (marks of significance or best result after it).
NUMBER_CELL = re.compile(
    r"^[(\[]?\s*[+\-−–]?\s*(?:\d{1,3}(?:,\d{3})+|\d+)?(?:\.\d+)?\s*(?:%|[KMBkmb]|h|s|ms|x|×)?"
    r"(?:\s*(?:±|\+/-|\+−)\s*\d*\.?\d+\s*%?)?\s*[)\]]?\s*[∗*†‡§¶⋆]*$"
)
_HAS_DIGIT = re.compile(r"\d")
# A number that carries a claim: a decimal, or a number printed as a percentage ("3.57", ".362", "28%").
CLAIM_NUMBER = re.compile(r"(?<![\w.])(?:\d+\.\d+|\.\d+|\d+(?:\.\d+)?\s?%)(?![\w.])")


def claimed_numbers(text: str) -> set[str]:
    """The claim numbers of ``text`` as bare digits, to compare an abstract with a table's cells ("28%" →
    "28", "0.8007" → ".8007")."""
    return {m.group(0).rstrip("% ").lstrip("0") for m in CLAIM_NUMBER.finditer(text)}


def is_number_cell(text: str) -> bool:
    """The cell holds one printed number (with its sign, unit, ± part or marks)."""
    text = text.strip()
    if not text or len(text) > 24 or _HAS_DIGIT.search(text) is None:
        return False
    return NUMBER_CELL.match(text) is not None


@dataclass(slots=True)
class Cell:
    text: str
    x0: float
    x1: float
    y0: float
    y1: float

    @property
    def center(self) -> float:
        return (self.x0 + self.x1) / 2


def line_cells(line: Line) -> list[Cell]:
    """Split a layout line into cells where the gap between two spans is wider than about half an em."""
    cells: list[Cell] = []
    spans = sorted((s for s in line.spans if s.text.strip()), key=lambda s: s.x0)
    for span in spans:
        gap_limit = 0.55 * max(span.size, 4.0)
        if cells and span.x0 - cells[-1].x1 < gap_limit:
            last = cells[-1]
            joiner = "" if span.x0 - last.x1 < 0.12 * span.size else " "
            last.text = (last.text + joiner + span.text.strip()).strip()
            last.x1 = max(last.x1, span.x1)
        else:
            cells.append(Cell(span.text.strip(), span.x0, span.x1, line.y0, line.y1))
    return cells


def looks_tabular(line: Line) -> bool:
    """Three or more cells, or two with a number among them: a table row, not a line of prose."""
    cells = line_cells(line)
    return len(cells) >= 3 or (len(cells) == 2 and any(is_number_cell(c.text) for c in cells))
