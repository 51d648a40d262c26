"""Domains: the catalog with paper / note / due-card counts; pick one to see its papers and brief."""

from __future__ import annotations

from dataclasses import dataclass

import streamlit as st
from components import PAGE_FILES, due_counts, guarded, library, md, open_paper, settings, welcome_if_empty

from paperstudy.models import FACETS, DomainBrief
from paperstudy.service.domains import (
    domain_brief,
    domain_rows,
    filter_papers,
    paper_rows,
    typical_value,
)
from paperstudy.service.library import library_stamp
from paperstudy.service.quiz import catalog as domain_catalog


@dataclass(frozen=True)
class BriefRow:
    """One line of a domain brief, ready to show: name, how many papers, typical value, where it is said."""

    name: str
    papers: int
    detail: str
    citations: str


def brief_sections(brief: DomainBrief, limit: int = 10) -> list[tuple[str, list[BriefRow]]]:
    """The brief's four parts (datasets, features, architecture families, metrics) as display rows."""
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
            name = f"{line.name} (also {', '.join(line.also)})" if line.also else line.name
            rows.append(BriefRow(name=name, papers=line.count, detail=detail, citations=cites))
        sections.append((title, rows))
    return sections


@st.cache_data(max_entries=32, show_spinner="Summarising the domain…")
def _cached_brief(notes: str, stamp: str, domain: str) -> DomainBrief:
    return domain_brief(library(), domain)


def _brief_lines(title: str, rows: list[BriefRow]) -> None:
    st.markdown(f"**{title}**")
    if not rows:
        st.caption("Nothing found in these papers' notes.")
        return
    lines = []
    for row in rows:
        papers = "paper" if row.papers == 1 else "papers"
        detail = f" — {md(row.detail)}" if row.detail else ""
        lines.append(f"- **{md(row.name)}** ({row.papers} {papers}){detail} *[{md(row.citations)}]*")
    st.markdown("\n".join(lines))


def _brief(domain: str) -> None:
    st.subheader("Domain brief")
    with guarded("Cannot build the brief"):
        brief = _cached_brief(str(settings().notes), library_stamp(library()), domain)
        sections = brief_sections(brief)
        for column, pair in zip(st.columns(2), (sections[:2], sections[2:]), strict=True):
            with column:
                for title, rows in pair:
                    _brief_lines(title, rows)


st.title("Domains")
if not welcome_if_empty():
    with guarded("Cannot show the domains"):
        lib = library()
        catalog = domain_catalog(settings())
        rows = domain_rows(lib, catalog, due_counts())
        st.dataframe(
            [
                {
                    "domain": r.title,
                    "id": r.id,
                    "papers": r.papers,
                    "with my notes": r.notes,
                    "due cards": r.due,
                }
                for r in rows
            ],
            hide_index=True,
            width="stretch",
        )
        titles = {r.id: f"{r.title} ({r.papers})" for r in rows}
        ids = [r.id for r in rows]
        if st.session_state.get("domain") not in ids:
            st.session_state["domain"] = ids[0]
        chosen = st.selectbox(
            "Domain", ids, format_func=titles.__getitem__, key="domain", persist_state="session"
        )
        row = next(r for r in rows if r.id == chosen)
        if row.description:
            st.caption(md(row.description))
        papers = paper_rows(lib, chosen)
        if not papers:
            st.info("No papers in this domain yet: find some on the Search page.")
            if st.button("Search this domain", icon=":material/travel_explore:"):
                st.session_state["search_domain"] = chosen
                st.switch_page(PAGE_FILES["search"])
        else:
            years = sorted({p.year for p in papers if p.year is not None})
            left, middle, right = st.columns(3)
            year_range = None
            if len(years) > 1:
                year_range = left.slider(
                    "Years",
                    years[0],
                    years[-1],
                    (years[0], years[-1]),
                    key=f"years_{chosen}",
                    persist_state="session",
                )
            sources = middle.multiselect(
                "Source", sorted({p.source for p in papers}), key=f"sources_{chosen}", persist_state="session"
            )
            facet = right.selectbox(
                "Covers facet",
                [None, *FACETS],
                format_func=lambda f: "any" if f is None else f,
                key=f"facet_{chosen}",
                persist_state="session",
            )
            shown = filter_papers(papers, years=year_range, sources=sources, facet=facet)
            st.dataframe(
                [
                    {
                        "id": p.id,
                        "title": p.title,
                        "year": p.year,
                        "authors": p.authors,
                        "source": p.source,
                        "facets": ", ".join(p.facets),
                    }
                    for p in shown
                ],
                hide_index=True,
                width="stretch",
            )
            st.caption(f"{len(shown)} of {len(papers)} papers")
            if shown:
                pick, go = st.columns([4, 1], vertical_alignment="bottom")
                target = pick.selectbox(
                    "Open a paper",
                    [p.id for p in shown],
                    format_func={p.id: f"{p.title} ({p.year or 'n.d.'})" for p in shown}.__getitem__,
                    key=f"open_{chosen}",
                )
                if go.button("Open", type="primary", icon=":material/article:") and target:
                    open_paper(target)
            _brief(chosen)
