"""Domain use cases: the overview (papers, notes written, due cards), a domain's papers, its brief, and
papers compared side by side."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path

from paperstudy.brief import (
    build_brief,
    compare_notes,
    render_markdown,
    typical_value,
)
from paperstudy.errors import ConfigError
from paperstudy.fsio import atomic_write_text
from paperstudy.models import FACETS, Comparison, Domain, DomainBrief, DomainRow, FacetName, PaperRow
from paperstudy.pipeline import check_domain, load_note
from paperstudy.settings import Settings
from paperstudy.store import Library, Vault

__all__ = ["typical_value"]


def domain_rows(
    library: Library,
    catalog: Mapping[str, Domain],
    due_counts: dict[str, int] | None = None,
    *,
    only_with_papers: bool = False,
) -> list[DomainRow]:
    """The catalog's domains and the library's own (a domain used at ingest need not be in the catalog),
    with counts; domains holding papers first, then by title."""
    counts = library.domain_counts()
    with_notes = library.domains_with_my_notes()
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


def paper_rows(library: Library, domain: str) -> list[PaperRow]:
    """The domain's papers, newest first; facets come from the section outline (one cheap query)."""
    facets_of = library.section_facets(domain)
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
    return build_brief(domain, [load_note(library, record.id) for record in library.records(domain)])


def brief(settings: Settings, domain: str, output: Path | None = None) -> tuple[DomainBrief, str]:
    """``paperstudy brief``: the brief and its Markdown, written to ``output`` when given."""
    domain = check_domain(domain)
    with Library(Vault(settings.notes)) as library:
        library.require_domain(domain)
        sheet = domain_brief(library, domain)
    markdown = render_markdown(sheet)
    if output is not None:
        atomic_write_text(output, markdown)
    return sheet, markdown


def compare(settings: Settings, paper_ids: Sequence[str]) -> Comparison:
    """2–4 papers' facets, datasets, headline numbers and baselines side by side."""
    if not 2 <= len(paper_ids) <= 4 or len(set(paper_ids)) != len(paper_ids):
        raise ConfigError(
            "compare takes 2 to 4 different paper ids, e.g. paperstudy compare deepfm-2017 dcn-2017"
        )
    with Library(Vault(settings.notes)) as library:
        notes = [load_note(library, paper_id) for paper_id in paper_ids]
    return compare_notes(notes)
