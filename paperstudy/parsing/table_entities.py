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
    r"|documents|images|classes|labels?|sparsity|density|tokens|sentences|size|avg\.? degree|duration)\b"
)
_GAIN_METRIC = re.compile(r"[A-Z][\w\-]*(?:\s+[A-Za-z][\w\-]*){0,3}\s+(?:Gain|Lift)")
_ROLE = re.compile(r"(?i)^(?:data ?sets?|datasest|data|names?|corp(?:us|ora)|benchmarks?|graphs?|networks?)$")


@dataclass(frozen=True, slots=True)
class TableName:
    """A name a table prints, with its page and (for datasets) the first count printed beside it."""

    name: str
    page: int
    size: str | None = None
    certain: bool = False
    """The table heads the names' column "Dataset" (or "Data", "Name", "Corpus"): names by role."""


def _holds_counts(table: TextTable) -> bool:
    """Some body cell is a count ("10,312", "1.2M", "333983"), not only scores in [0, 1]: rows named
    "User" and "Item" over such scores are a results table's perspectives, not dataset statistics."""
    for row in table.body:
        for cell in row[1:]:
            text = cell.strip().replace(",", "")
            if re.fullmatch(r"\d+(?:\.\d+)?\s*[KkMmBb]?", text) and (
                text[-1:].isalpha() or ("." not in text and int(text) >= 2)
            ):
                return True
    return False


def _counts(cells: list[str]) -> int:
    """Distinct cells that count things ("#users", "Instance#", "|V|")."""
    return len({c for c in cells if c and _COUNT.search(c) and not is_number_cell(c)})


def _lowest_header(table: TextTable) -> list[str]:
    return table.rows[table.header_rows - 1] if table.header_rows else []


def _unit(header: str) -> str:
    """A count column's header as the unit after a count: "User" → "users", "#Nodes" → "nodes",
    "Interaction#" → "interactions", "# of users" → "users"; an acronym ("QPS") stays as printed."""
    unit = re.sub(r"^(?:number of|no\.|of)\s+", "", header.strip(" #"), flags=re.IGNORECASE)
    if not unit.isalpha():
        return unit
    if unit.isupper() and len(unit) > 1:
        return unit
    unit = unit.casefold()
    return unit if unit.endswith("s") else f"{unit}s"


def statistics_datasets(table: TextTable) -> list[TableName]:
    """The datasets a statistics table describes, or nothing when the table is not one."""
    header = _lowest_header(table)
    labels = [row[0] for row in table.body if row]
    out: list[TableName] = []
    if _counts(header[1:]) >= 2:
        size_col = next((j for j in range(1, len(header)) if _COUNT.search(header[j])), None)
        certain = bool(header) and _ROLE.match(header[0].strip()) is not None
        for row in table.body:
            if not row or not row[0].strip() or is_number_cell(row[0]):
                continue
            size = None
            if size_col is not None and size_col < len(row) and row[size_col].strip():
                size = f"{row[size_col].strip()} {_unit(header[size_col])}".strip()
            out.append(TableName(row[0].strip(), table.page, size, certain))
        return out
    if _counts(labels) >= 2 and _holds_counts(table):
        # Transposed: the datasets head the columns ("Name | BlogCatalog | Flickr | YouTube").
        role_row = next((row for row in table.header if row and _ROLE.match(row[0].strip())), None)
        name_row = role_row or _lowest_header(table)
        seen: set[str] = set()
        for cell in name_row[1:]:
            cell = cell.strip()
            if cell and cell not in seen and not is_number_cell(cell):
                seen.add(cell)
                out.append(TableName(cell, table.page, certain=role_row is not None))
    return out


def header_metrics(table: TextTable) -> list[TableName]:
    """Metrics named by header cells and row labels."""
    cells = [c for row in table.header for c in row]
    cells += [c for row in table.body for c in row[:2] if c and not is_number_cell(c)]
    out: list[TableName] = []
    seen: set[str] = set()
    for cell in cells:
        metric = metric_of(cell) if cell.strip() else None
        if metric is None and _GAIN_METRIC.fullmatch(cell.strip()):
            metric = cell.strip()  # "Online Acquisition Gain": a metric, though never a result
        if metric and metric.casefold() not in seen:
            seen.add(metric.casefold())
            out.append(TableName(metric, table.page))
    return out
