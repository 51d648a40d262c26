"""Datasets and metrics that tables name (pure, over ``TextTable`` grids).

A dataset-statistics table is one whose column headers (or, transposed, row labels) count things —
"#users", "Instance#", "|V|", "Sparsity" — in two cells or more: the names on the other axis are the
datasets, with the first count as their size. Metrics are the header cells and row labels that read as a
metric ("AUC", "Logloss", "HR@10", "Micro-F1(%)").
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from paperstudy.models import TextTable
from paperstudy.parsing.cells import is_number_cell
from paperstudy.parsing.results import metric_of

_COUNT = re.compile(
    r"(?i)#(?!\s*param)|\|[A-Z]\||\b(?:users?|items?|instances?|samples?|examples?|records?|nodes?|vertices|edges"
    r"|features?|fields?|ratings?|clicks?|impressions?|interactions?|conversions?|sessions?|queries"
    r"|documents|images|classes|labels?|sparsity|density|tokens|sentences|size|avg\.? degree|duration"
    r"|train(?:ing)?|test|valid(?:ation)?)\b"
)
_ROLE = re.compile(r"(?i)^(?:data ?sets?|datasest|data|names?|corp(?:us|ora)|benchmarks?|graphs?|networks?)$")


@dataclass(frozen=True, slots=True)
class TableName:
    """A name a table prints, with its page and (for datasets) the first count printed beside it."""

    name: str
    page: int
    size: str | None = None


def _counts(cells: list[str]) -> int:
    """Distinct cells that count things; none when a cell names a metric (then it is a results table)."""
    if any(metric_of(c) for c in cells if c.strip()):
        return 0
    return len({c for c in cells if c and _COUNT.search(c) and not is_number_cell(c)})


def _lowest_header(table: TextTable) -> list[str]:
    return table.rows[table.header_rows - 1] if table.header_rows else []


def statistics_datasets(table: TextTable) -> list[TableName]:
    """The datasets a statistics table describes, or nothing when the table is not one."""
    header = _lowest_header(table)
    labels = [row[0] for row in table.body if row]
    out: list[TableName] = []
    if _counts(header[1:]) >= 2:
        size_col = next((j for j in range(1, len(header)) if _COUNT.search(header[j])), None)
        for row in table.body:
            if not row or not row[0].strip() or is_number_cell(row[0]):
                continue
            size = None
            if size_col is not None and size_col < len(row) and row[size_col].strip():
                size = f"{row[size_col].strip()} {header[size_col].strip(' #')}".strip()
            out.append(TableName(row[0].strip(), table.page, size))
        return out
    if _counts(labels) >= 2:
        # Transposed: the datasets head the columns ("Name | BlogCatalog | Flickr | YouTube").
        name_row = next(
            (row for row in table.header if row and _ROLE.match(row[0].strip())), _lowest_header(table)
        )
        seen: set[str] = set()
        for cell in name_row[1:]:
            cell = cell.strip()
            if cell and cell not in seen and not is_number_cell(cell):
                seen.add(cell)
                out.append(TableName(cell, table.page))
    return out


def header_metrics(table: TextTable) -> list[TableName]:
    """Metrics named by header cells and row labels."""
    cells = [c for row in table.header for c in row]
    cells += [c for row in table.body for c in row[:2] if c and not is_number_cell(c)]
    out: list[TableName] = []
    seen: set[str] = set()
    for cell in cells:
        metric = metric_of(cell) if cell.strip() else None
        if metric and metric.casefold() not in seen:
            seen.add(metric.casefold())
            out.append(TableName(metric, table.page))
    return out
