"""Tables read as text from the page layout: rows and columns grouped by position (pure, main pass).

A table caption's lines are followed (below, else above) while they look tabular — several cells set apart
by wide gaps, numbers, or short labels — and stop at running prose, a heading, another caption or a wide
vertical gap. Words become cells where the gap between two spans is wider than a space; rows are cells
sharing a baseline band; columns are the x-bands the cells of the numeric rows cover. Header cells
(above the first numeric row) are placed in the column they overlap, and a group header that spans
several columns ("Criteo" over "AUC" and "Logloss") is repeated in each.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass

from paperstudy.models import TextTable
from paperstudy.parsing.captions import CAPTION, FoundCaption
from paperstudy.parsing.cells import Cell, is_number_cell, line_cells
from paperstudy.parsing.layout import Line, PageLayout

_SENTENCE_END = re.compile(r"[.;:]\s*$")
_FULL_STOP = re.compile(r"[a-z]{2}\.\s*$")
_HEADING_NUMBER = re.compile(r"^\d{1,2}(?:\.\d{1,2}){0,3}\.?\s+[A-Z]")


@dataclass(slots=True)
class _Row:
    cells: list[Cell]
    y0: float
    y1: float
    members: set[int]
    """Indices of the page lines the row is made of."""
    numeric: int = 0
    """How many of its cells are numbers (counted once the row is complete)."""

    def complete(self) -> _Row:
        self.cells.sort(key=lambda c: c.x0)
        self.numeric = sum(1 for c in self.cells if is_number_cell(c.text))
        return self


def _rows(candidates: Iterable[_Candidate], size: float, upward: bool = False) -> Iterator[_Row]:
    """Group lines into rows by their vertical centre (lines of one printed row can sit in different
    blocks and at slightly different heights), yielded in walking order so a walk can stop early."""
    ordered = sorted(candidates, key=lambda c: (c.line.y0 + c.line.y1) / 2, reverse=upward)
    row: _Row | None = None
    for cand in ordered:
        line = cand.line
        centre = (line.y0 + line.y1) / 2
        cells = cand.cells()
        if not cells:
            continue
        if row is not None and abs(centre - (row.y0 + row.y1) / 2) < 0.45 * min(size, line.size or size):
            row.cells.extend(cells)
            row.y0 = min(row.y0, line.y0)
            row.y1 = max(row.y1, line.y1)
            row.members.add(cand.index)
            continue
        if row is not None:
            yield row.complete()
        row = _Row(list(cells), line.y0, line.y1, {cand.index})
    if row is not None:
        yield row.complete()


def _is_prose(row: _Row, width: float) -> bool:
    """Running text: a wide cell of many words, or many words across most of the span and no numbers."""
    if row.numeric >= 2:
        return False

    def words_in(text: str) -> int:  # words, not numbers or marks: "1024 ReLU → 512 ReLU" has two
        return sum(1 for w in text.split() if sum(ch.isalpha() for ch in w) >= 2)

    if any(words_in(c.text) >= 6 and c.x1 - c.x0 > 0.45 * width for c in row.cells):
        return True
    words = sum(words_in(c.text) for c in row.cells)
    extent = row.cells[-1].x1 - row.cells[0].x0
    # Justified prose splits into cells at gaps just over a space; table columns stand well apart.
    gaps = [b.x0 - a.x1 for a, b in zip(row.cells, row.cells[1:], strict=False)]
    height = max(c.y1 - c.y0 for c in row.cells)
    apart = bool(gaps) and max(gaps) > 1.5 * height
    return not row.numeric and not apart and words >= 10 and extent > 0.8 * width


def _tabular(row: _Row, width: float) -> bool:
    if len(row.cells) >= 2 or row.numeric:
        return True
    cell = row.cells[0]
    return cell.x1 - cell.x0 < 0.45 * width and len(cell.text.split()) <= 6


@dataclass(slots=True)
class _Candidate:
    line: Line
    index: int
    cache: dict[int, list[Cell]]

    def cells(self) -> list[Cell]:
        """The line's cells, split once per page however many captions look at the line."""
        found = self.cache.get(self.index)
        if found is None:
            found = self.cache[self.index] = line_cells(self.line)
        return [Cell(c.text, c.x0, c.x1, c.y0, c.y1) for c in found]


def _column_span(page: PageLayout, caption: FoundCaption) -> tuple[float, float]:
    """The caption's column, or the page's text width for a caption centred across both columns."""
    xs0 = [ln.x0 for ln in page.lines] or [caption.caption_bbox[0]]
    xs1 = [ln.x1 for ln in page.lines] or [caption.caption_bbox[2]]
    left, right = min(xs0), max(xs1)
    x0, _, x1, _ = caption.caption_bbox
    mid = page.width / 2
    if not page.two_column or (x0 < mid - 15 and x1 > mid + 15):
        return left, right
    return (left, mid) if (x0 + x1) / 2 < mid else (mid, right)


def _walk(
    candidates: list[_Candidate], caption: FoundCaption, side: str, width: float, size: float
) -> list[_Row]:
    """Rows met walking away from the caption while they look tabular."""
    cap_top, cap_bottom = caption.caption_bbox[1], caption.caption_bbox[3]
    if side == "below":
        near = [c for c in candidates if (c.line.y0 + c.line.y1) / 2 > cap_bottom - 1]
    else:
        near = [c for c in candidates if (c.line.y0 + c.line.y1) / 2 < cap_top + 1]
    rows = _rows(near, size, upward=side == "above")
    kept: list[_Row] = []
    headers: list[list[str]] = []  # the texts of the header-like rows kept so far
    numbers_kept = False
    edge = cap_bottom if side == "below" else cap_top
    header_met = False  # walking up: the table's header rows were passed (above them is another table)
    for row in rows:
        gap = row.y0 - edge if side == "below" else edge - row.y1
        if gap > (4.5 if not kept else 3.5) * size:
            break
        if _is_prose(row, width) or not _tabular(row, width):
            break
        text = " ".join(c.text for c in row.cells)
        texts = _texts(row)
        if numbers_kept and texts in headers:
            break  # the header printed again: the next table starts (a repeated row of dashes does not)
        header_like = _header_like(row)
        if side == "above":
            if header_met and row.numeric:
                break  # numbers above the header: a table stacked on top of this one
            header_met = header_met or (header_like and numbers_kept)
        if len(row.cells) == 1 and (_HEADING_NUMBER.match(text) or (_SENTENCE_END.search(text) and not kept)):
            break
        if side == "above" and kept and len(row.cells) == 1 and _FULL_STOP.search(text):
            break  # the last line of the paragraph above the table ("…ness of our approach.")
        kept.append(row)
        numbers_kept = numbers_kept or bool(row.numeric)
        if header_like:
            headers.append(texts)
        edge = row.y1 if side == "below" else row.y0
    if side == "above":
        kept.reverse()
    return kept


_MISSING = frozenset("—–-")


def _header_like(row: _Row) -> bool:
    """Column headers: no numbers, and words in two cells or more ("Model | parameters | logloss"). A row
    of dashes is a body row whose values are missing ("Modularity | — | —"), whatever labels it."""
    worded = sum(1 for c in row.cells if sum(ch.isalpha() for ch in c.text) >= 2)
    missing = sum(1 for c in row.cells if c.text.strip() in _MISSING)
    return not row.numeric and worded >= 2 and missing < 2


def _texts(row: _Row) -> list[str]:
    return [c.text for c in row.cells]


def _score(rows: Sequence[_Row]) -> int:
    return sum(2 if row.numeric else 1 for row in rows if len(row.cells) >= 2)


def _value_cell(text: str) -> bool:
    """A number or a missing value's mark: both stand in a value column ("- | - | 82.3 | 91.2")."""
    return is_number_cell(text) or text.strip() in _MISSING


def _conforms(row: _Row, model: _Row) -> bool:
    """The row's values line up under the values of a typical body row (a figure's tick labels or a
    second table below do not). Dashes count as values: a row with its first columns missing ("Human |
    - | - | 82.3") is no model for rows that fill them."""
    numbers = [c for c in row.cells if _value_cell(c.text)]
    targets = [c for c in model.cells if _value_cell(c.text)]
    if len(numbers) < 0.6 * len(targets):
        return False
    aligned = sum(1 for c in numbers if any(min(c.x1, t.x1) - max(c.x0, t.x0) > 0 for t in targets))
    return aligned >= 0.6 * len(numbers)


def _trim_tail(rows: list[_Row]) -> list[_Row]:
    """Drop what follows the last body row that lines up with the table's typical row."""
    numeric = [r for r in rows if r.numeric]
    if len(numeric) < 2:
        return rows

    def values(row: _Row) -> int:
        return sum(1 for c in row.cells if _value_cell(c.text))

    counts = sorted(values(r) for r in numeric)
    model = next(r for r in numeric if values(r) == counts[len(counts) // 2])
    last = max(i for i, r in enumerate(rows) if r.numeric and _conforms(r, model))
    return rows[: last + 1]


def _bands(rows: Sequence[_Row]) -> list[tuple[float, float]]:
    """Column x-bands: the union of the cells of the numeric rows (else of every multi-cell row)."""
    source = [r for r in rows if r.numeric] or [r for r in rows if len(r.cells) >= 2]
    spans = sorted((c.x0, c.x1) for r in source for c in r.cells)
    bands: list[tuple[float, float]] = []
    for x0, x1 in spans:
        if bands and x0 <= bands[-1][1] + 1.0:
            bands[-1] = (bands[-1][0], max(bands[-1][1], x1))
        else:
            bands.append((x0, x1))
    return bands


def _overlapping(cell: Cell, bands: Sequence[tuple[float, float]]) -> list[int]:
    return [
        j
        for j, (b0, b1) in enumerate(bands)
        if min(cell.x1, b1) - max(cell.x0, b0) > 0.25 * min(cell.x1 - cell.x0, b1 - b0, 4.0)
    ]


def _nearest(x: float, bands: Sequence[tuple[float, float]], allowed: Iterable[int]) -> int | None:
    best: int | None = None
    for j in allowed:
        if best is None or abs((bands[j][0] + bands[j][1]) / 2 - x) < abs(
            (bands[best][0] + bands[best][1]) / 2 - x
        ):
            best = j
    return best


def _grid_row(
    row: _Row,
    bands: Sequence[tuple[float, float]],
    header: bool,
    spread: bool = False,
    headed_below: frozenset[int] = frozenset(),
) -> list[str]:
    """One row of the grid. ``spread``: a header row above other header rows, whose group cells head the
    columns nearest them. A cell over one column with no header below it there ("parameters") is a leaf
    and heads that column only; ``headed_below`` are the columns lower header rows head."""
    out = [""] * len(bands)
    placed: list[tuple[Cell, list[int]]] = []
    for cell in row.cells:
        hit = _overlapping(cell, bands)
        placed.append((cell, hit))
    if header and spread and len(row.cells) < len(bands) - 1:
        # A group header narrower than the columns it spans ("Frappe" over four columns): each value
        # column takes the nearest header cell; the row-label column only a cell that overlaps it.
        groups = [cell for cell, hit in placed if len(hit) != 1 or hit[0] in headed_below]
        for j, (b0, b1) in enumerate(bands):
            own = [cell for cell, hit in placed if j in hit]
            if own:
                out[j] = " ".join(c.text for c in own)
            elif j > 0 and groups:
                centre = (b0 + b1) / 2
                out[j] = min(groups, key=lambda c: abs(c.center - centre)).text
        return out
    for cell, hit in placed:
        targets = hit or [j for j in [_nearest(cell.center, bands, range(len(bands)))] if j is not None]
        for j in targets[: None if header else 1]:
            out[j] = f"{out[j]} {cell.text}".strip()
    return out


def _merge_split_rows(grid: list[list[str]], first_body: int) -> list[list[str]]:
    """Join a body row holding only its label to the unlabelled numeric row beside it (a label printed
    between two lines of numbers, or a number row wrapped under its label)."""
    out = grid[:first_body]
    body = grid[first_body:]
    used: set[int] = set()
    for i, row in enumerate(body):
        if i in used:
            continue
        label_only = bool(row[0]) and not any(row[1:])
        if label_only:
            for k in (i + 1, i - 1):
                # the row above was kept as it is (not joined to another label): it may join this one
                free = k not in used or (k == i - 1 and bool(out) and out[-1] is body[k])
                if 0 <= k < len(body) and free and not body[k][0] and any(body[k][1:]):
                    merged = [row[0], *body[k][1:]]
                    if k == i - 1 and out and out[-1] is body[k]:
                        out[-1] = merged
                    else:
                        out.append(merged)
                    used.update({i, k})
                    break
            else:
                out.append(row)
                used.add(i)
            continue
        out.append(row)
        used.add(i)
    return out


_DECIMAL = re.compile(r"\d[.,]\d|\.\d")


def _first_body(rows: Sequence[_Row]) -> int:
    """Index of the first body row. Header rows sit above the first row with numbers — unless that row's
    numbers are whole settings ("1% 2% … 10%", "16 32 64") over rows of decimals. A lone cell just above
    the body under a fuller header is a row group ("MovieLens" over its rows), so it starts the body. A
    table of words or marks has one header row."""
    numeric = [i for i, r in enumerate(rows) if r.numeric]
    if not numeric:
        return 1
    first = numeric[0]
    cells = [c.text for c in rows[first].cells if is_number_cell(c.text)]
    later = [c.text for i in numeric[1:3] for c in rows[i].cells if is_number_cell(c.text)]
    whole = not any(_DECIMAL.search(c) for c in cells)
    if len(cells) >= 2 and whole and any(_DECIMAL.search(c) for c in later):
        first = numeric[1]
    while first >= 2 and len(rows[first - 1].cells) == 1 and len(rows[first - 2].cells) >= 2:
        first -= 1
    return first


@dataclass(slots=True)
class _Option:
    caption: FoundCaption
    rows: list[_Row]
    gap: float
    side: str


def _options(
    page: PageLayout, caption: FoundCaption, blocked: set[int], size: float, cache: dict[int, list[Cell]]
) -> list[_Option]:
    """The tabular rows next to a caption, below it and above it, with their distance to it."""
    x0, x1 = _column_span(page, caption)
    width = x1 - x0
    candidates = [
        _Candidate(line, i, cache)
        for i, line in enumerate(page.lines)
        if i not in blocked
        and not caption.first <= i <= caption.last
        and line.x0 >= x0 - 8
        and line.x1 <= x1 + 8
    ]
    stops = [c for c in candidates if CAPTION.match(c.line.text)]
    out: list[_Option] = []
    for side in ("below", "above"):
        rows = _trim_tail(_walk(_until(candidates, stops, caption, side), caption, side, width, size))
        if _score(rows) < 2:
            continue
        gap = (
            rows[0].y0 - caption.caption_bbox[3] if side == "below" else caption.caption_bbox[1] - rows[-1].y1
        )
        out.append(_Option(caption, rows, gap, side))
    return out


def _grid(caption: FoundCaption, page: PageLayout, rows: list[_Row]) -> TextTable | None:
    bands = _bands(rows)
    if len(bands) < 2:
        return None
    first_body = _first_body(rows)
    headed = [frozenset(j for c in r.cells for j in _overlapping(c, bands)) for r in rows[:first_body]]
    grid = [
        _grid_row(
            r,
            bands,
            header=i < first_body,
            spread=i < first_body - 1,
            headed_below=frozenset().union(*headed[i + 1 :]) if i < first_body else frozenset(),
        )
        for i, r in enumerate(rows)
    ]
    grid = _merge_split_rows(grid, first_body)
    return TextTable(
        label=caption.label,
        page=page.number,
        caption=caption.text,
        header_rows=min(first_body, len(grid)),
        rows=grid,
    )


def _until(
    candidates: list[_Candidate], stops: list[_Candidate], caption: FoundCaption, side: str
) -> list[_Candidate]:
    """Candidates on one side of the caption, up to the next caption there."""
    if side == "below":
        limits = [s.line.y0 for s in stops if s.line.y0 > caption.caption_bbox[3]]
        bound = min(limits, default=float("inf"))
        return [c for c in candidates if c.line.y1 <= bound]
    limits = [s.line.y1 for s in stops if s.line.y1 < caption.caption_bbox[1]]
    bound = max(limits, default=float("-inf"))
    return [c for c in candidates if c.line.y0 >= bound]


def read_tables(
    pages: Sequence[PageLayout],
    captions: Sequence[FoundCaption],
    blocked: dict[int, set[int]],
    size: float,
) -> tuple[list[TextTable], dict[int, set[int]]]:
    """Every captioned table of a paper, read as a grid, and per page the indices of the lines the grids
    were read from. ``blocked`` holds, per page, line indices that are never table rows (headings).

    A caption takes the tabular rows next to it, below or above. A paper keeps one convention: where a
    caption has a table on one side only, that side counts as a vote, and a caption with tables on both
    sides takes the side most captions use, then the nearer. Rows go to one table only.
    """
    per_page: dict[int, list[_Option]] = {}
    for page in pages:
        own = [c for c in captions if c.page == page.number]
        caption_lines = {i for c in own for i in range(c.first, c.last + 1)}
        lines = blocked.get(page.number, set()) | caption_lines
        cache: dict[int, list[Cell]] = {}
        per_page[page.number] = [
            option for c in own if c.kind == "table" for option in _options(page, c, lines, size, cache)
        ]
    votes: dict[str, int] = {"below": 0, "above": 0}
    for options in per_page.values():
        sides: dict[int, set[str]] = {}
        for option in options:
            sides.setdefault(option.caption.first, set()).add(option.side)
        for found in sides.values():
            if len(found) == 1:
                votes[next(iter(found))] += 1
    convention = "above" if votes["above"] > votes["below"] else "below"
    tables: list[TextTable] = []
    read: dict[int, set[int]] = {}
    for page in pages:
        claimed: set[int] = set()
        chosen: dict[int, _Option] = {}
        for option in sorted(per_page[page.number], key=lambda o: (o.side != convention, o.gap)):
            members = {i for row in option.rows for i in row.members}
            if option.caption.first in chosen or members & claimed:
                continue
            chosen[option.caption.first] = option
            claimed |= members
        for key in sorted(chosen):
            table = _grid(chosen[key].caption, page, chosen[key].rows)
            if table is not None:
                tables.append(table)
                read.setdefault(page.number, set()).update(i for row in chosen[key].rows for i in row.members)
    return tables, read
