"""Lazy table cells: ``page.find_tables(clip=region)`` on located table regions, never in the main pass.

``find_tables`` is slow: with pymupdf-layout installed it runs a layout model over the whole page on every
call, clip or not. So each PDF is opened once per batch of captions, each page loaded once, its layout
computed once and reused for every region on it; results are cached per file version. Tables the layout
model places elsewhere on the page come back from a clipped call with empty cells: they are skipped.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Any

from paperstudy.models import BBox, Caption, TableCells
from paperstudy.parsing.layout import open_pdf
from paperstudy.parsing.pdflib import with_layout_model

Rows = tuple[tuple[str | None, ...], ...]
_Region = tuple[int, BBox]


def _overlap(a: BBox, b: BBox) -> float:
    """Area of the intersection of two boxes."""
    w = min(a[2], b[2]) - max(a[0], b[0])
    h = min(a[3], b[3]) - max(a[1], b[1])
    return w * h if w > 0 and h > 0 else 0.0


def _has_text(rows: Rows) -> bool:
    return any(cell and cell.strip() for row in rows for cell in row)


def _region_tables(page: Any, region: BBox) -> Rows:
    """The largest table ``find_tables(clip=region)`` finds overlapping the region with any text in it.

    Layout-model table boxes elsewhere on the page come back too, with empty cells (their words lie outside
    the clip): those are skipped.
    """
    found = page.find_tables(clip=region)
    best: Rows = ()
    best_size = 0
    for table in list(found.tables) if found is not None else []:
        x0, y0, x1, y1 = (float(v) for v in table.bbox)
        if _overlap((x0, y0, x1, y1), region) <= 0:
            continue
        rows = tuple(tuple(cell for cell in row) for row in table.extract())
        if _has_text(rows) and table.row_count * table.col_count > best_size:
            best, best_size = rows, table.row_count * table.col_count
    return best


@lru_cache(maxsize=64)
def _file_tables(path: str, mtime: float, regions: tuple[_Region, ...]) -> dict[_Region, Rows]:
    """Cells for each (page, region): the PDF is opened once, each page loaded once, and the page's layout
    analysis (``page.get_layout``, which ``find_tables`` would rerun on every call) computed once."""
    with_layout_model()
    doc = open_pdf(Path(path))
    out: dict[_Region, Rows] = {}
    try:
        for number in sorted({p for p, _ in regions}):
            page = doc.load_page(number - 1)
            page.get_layout()
            page.get_layout = _reuse_layout
            for key in regions:
                if key[0] == number:
                    out[key] = _region_tables(page, key[1])
            del page
    finally:
        doc.close()
    return out


def _reuse_layout(**_: Any) -> None:
    """Stands in for ``page.get_layout`` once the page's ``layout_information`` is filled."""


def extract_table_cells(path: Path, captions: list[Caption]) -> list[TableCells]:
    """Cells of every table caption whose region was located; cached per file version."""
    path = Path(path)
    wanted = [c for c in captions if c.kind == "table" and c.region_bbox is not None]
    if not wanted:
        return []
    regions = tuple(dict.fromkeys((c.page, c.region_bbox) for c in wanted if c.region_bbox is not None))
    cells = _file_tables(str(path), path.stat().st_mtime, regions)
    out: list[TableCells] = []
    for caption in wanted:
        rows = cells.get((caption.page, caption.region_bbox or (0.0, 0.0, 0.0, 0.0)), ())
        if rows:
            out.append(TableCells(label=caption.label, page=caption.page, rows=[list(r) for r in rows]))
    return out
