"""Lazy table cells: ``page.find_tables(clip=region)`` on located table regions, never in the main pass."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from paperstudy.models import BBox, Caption, TableCells
from paperstudy.parsing.layout import open_pdf


@lru_cache(maxsize=256)
def _cells(path: str, mtime: float, page: int, region: BBox) -> tuple[tuple[str | None, ...], ...]:
    doc = open_pdf(Path(path))
    try:
        found = doc.load_page(page - 1).find_tables(clip=region)
        tables = list(found.tables)
        if not tables:
            return ()
        best = max(tables, key=lambda t: t.row_count * t.col_count)
        return tuple(tuple(cell for cell in row) for row in best.extract())
    finally:
        doc.close()


def extract_table_cells(path: Path, captions: list[Caption]) -> list[TableCells]:
    """Cells of every table caption whose region was located; cached per file version and region."""
    path = Path(path)
    mtime = path.stat().st_mtime
    out: list[TableCells] = []
    for caption in captions:
        if caption.kind != "table" or caption.region_bbox is None:
            continue
        rows = _cells(str(path), mtime, caption.page, caption.region_bbox)
        if rows:
            out.append(TableCells(label=caption.label, page=caption.page, rows=[list(r) for r in rows]))
    return out
