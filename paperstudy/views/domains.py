"""Domain overview rows, a domain's papers and its brief, as the Domains page shows them."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from paperstudy.models import (
    FACETS,
    Domain,
    FacetName,
)
from paperstudy.notes import MY_NOTES_HEADING, MY_NOTES_HINT
from paperstudy.store import Library

if TYPE_CHECKING:
    from paperstudy.brief import DomainBrief


# --- domains ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class DomainRow:
    """One line of the domain overview."""

    id: str
    title: str
    description: str
    papers: int
    notes: int
    """Papers of the domain whose "My notes" the user has written in."""
    due: int | None
    """Quiz cards due now; None when the quiz is not available."""
    in_catalog: bool


def domain_rows(
    library: Library,
    catalog: dict[str, Domain],
    due_counts: dict[str, int] | None = None,
    *,
    only_with_papers: bool = False,
) -> list[DomainRow]:
    """The catalog's domains and the library's own (a domain used at ingest need not be in the catalog),
    with counts; domains holding papers first, then by title."""
    counts = library.domain_counts()
    with_notes = _domains_with_notes(library)
    rows: list[DomainRow] = []
    for domain_id in sorted(set(catalog) | set(counts)):
        entry = catalog.get(domain_id)
        papers = counts.get(domain_id, 0)
        if only_with_papers and not papers:
            continue
        rows.append(
            DomainRow(
                id=domain_id,
                title=entry.title if entry else domain_id.replace("-", " ").capitalize(),
                description=entry.description if entry else "",
                papers=papers,
                notes=with_notes.get(domain_id, 0),
                due=None if due_counts is None else due_counts.get(domain_id, 0),
                in_catalog=entry is not None,
            )
        )
    rows.sort(key=lambda r: (r.papers == 0, r.title.casefold()))
    return rows


def _domains_with_notes(library: Library) -> dict[str, int]:
    counts: dict[str, int] = {}
    for row in library.db.execute(
        "SELECT p.id, p.note_path, d.domain FROM papers p JOIN paper_domains d ON d.paper_id = p.id"
    ):
        if has_my_notes(library.vault.root / str(row["note_path"])):
            counts[row["domain"]] = counts.get(row["domain"], 0) + 1
    return counts


def has_my_notes(note_path: Path) -> bool:
    try:
        text = note_path.read_text(encoding="utf-8")
    except OSError:
        return False
    _, _, after = text.partition("\n" + MY_NOTES_HEADING + "\n")
    return bool(after.replace(MY_NOTES_HINT, "").strip())


@dataclass(frozen=True)
class PaperRow:
    """One paper in a domain's list."""

    id: str
    title: str
    year: int | None
    authors: str
    source: str
    """Where it came from: "arXiv" (has an arXiv id), "DOI" or "PDF" (uploaded or ingested file)."""
    facets: tuple[FacetName, ...]
    """The facets its sections cover."""
    pages: int


def paper_rows(library: Library, domain: str) -> list[PaperRow]:
    """The domain's papers, newest first; facets come from the section outline (one cheap query)."""
    facets_of: dict[str, set[str]] = {}
    for row in library.db.execute(
        "SELECT s.paper_id, s.facet FROM sections s JOIN paper_domains d ON d.paper_id = s.paper_id "
        "WHERE d.domain = ?",
        (domain,),
    ):
        facets_of.setdefault(row["paper_id"], set()).add(row["facet"])
    rows = []
    for record in library.records(domain):
        found = tuple(f for f in FACETS if f in facets_of.get(record.id, set()))
        source = "arXiv" if record.arxiv_id else "DOI" if record.doi else "PDF"
        authors = ", ".join(record.authors[:3]) + (" et al." if len(record.authors) > 3 else "")
        rows.append(
            PaperRow(
                id=record.id,
                title=record.title,
                year=record.year,
                authors=authors,
                source=source,
                facets=found,
                pages=record.page_count,
            )
        )
    return rows


def filter_papers(
    rows: Sequence[PaperRow],
    *,
    years: tuple[int, int] | None = None,
    sources: Sequence[str] = (),
    facet: FacetName | None = None,
) -> list[PaperRow]:
    """Rows within the year range (papers without a year are kept), from the sources, covering the facet."""
    kept = []
    for row in rows:
        if years is not None and row.year is not None and not years[0] <= row.year <= years[1]:
            continue
        if sources and row.source not in sources:
            continue
        if facet is not None and facet not in row.facets:
            continue
        kept.append(row)
    return kept


def domain_brief(library: Library, domain: str) -> DomainBrief:
    """The domain's one-page brief (datasets, features, architecture families, metrics, with citations)."""
    from paperstudy.brief import build_brief
    from paperstudy.pipeline import load_note

    notes = [load_note(library, record.id) for record in library.records(domain)]
    return build_brief(domain, notes)


@dataclass(frozen=True)
class BriefRow:
    """One line of a domain brief, ready to show: name, how many papers, typical value, where it is said."""

    name: str
    papers: int
    detail: str
    citations: str


def brief_sections(brief: DomainBrief, limit: int = 10) -> list[tuple[str, list[BriefRow]]]:
    """The brief's four parts (datasets, features, architecture families, metrics) as display rows."""
    from paperstudy.brief import typical_value

    parts = [
        ("Datasets", brief.datasets, "values"),
        ("Features", brief.features, ""),
        ("Architecture families", brief.architectures, ""),
        ("Metrics and typical reported values", brief.metrics, "typical"),
    ]
    sections = []
    for title, lines, show in parts:
        rows = []
        for line in lines[:limit]:
            detail = ""
            if show and line.values:
                typical = typical_value(line.values) if show == "typical" else None
                detail = typical or ", ".join(line.values[:3])
            cites = "; ".join(
                f"{c.paper_id} p. {', '.join(str(p) for p in c.pages[:3])}" if c.pages else c.paper_id
                for c in line.citations[:4]
            )
            rows.append(BriefRow(name=line.name, papers=line.count, detail=detail, citations=cites))
        sections.append((title, rows))
    return sections
