"""Paper: the structured note, its figures and cited pages, the user's own notes and its quiz cards."""

from __future__ import annotations

from pathlib import Path

import streamlit as st
from components import ensure_decks, flash, guarded, library, md, quiz, welcome_if_empty

from paperstudy.models import FACETS, Caption, Note, PaperView, TableCells
from paperstudy.service.papers import (
    FACET_TITLES,
    cited_pages,
    paper_view,
    read_my_notes,
    render_page_png,
    render_region_png,
    save_my_notes,
    table_cells,
)


@st.cache_data(max_entries=64, show_spinner=False)
def _page_png(pdf: str, mtime: float, page: int) -> bytes:
    return render_page_png(Path(pdf), page)


@st.cache_data(max_entries=64, show_spinner=False)
def _region_png(pdf: str, mtime: float, page: int, bbox: tuple[float, float, float, float]) -> bytes:
    return render_region_png(Path(pdf), page, bbox)


def _show_page(view: PaperView, page: int) -> None:
    with guarded(f"Cannot show page {page}"):
        png = _page_png(str(view.pdf_path), view.pdf_path.stat().st_mtime, page)
        st.image(png, caption=f"Page {page} of {view.note.paper.page_count}", width="stretch")


def _cite_button(page: int, key: str) -> None:
    st.button(f"p. {page}", key=key, type="tertiary", on_click=_go_to_page, args=(page,))


def _go_to_page(page: int) -> None:
    st.session_state["pdf_page"] = page


def _facets(view: PaperView) -> None:
    note = view.note
    for facet in FACETS:
        st.subheader(FACET_TITLES[facet])
        if facet == "architecture":
            _architecture(view)
        if facet == "data" and note.datasets():
            st.markdown(
                "**Datasets:** "
                + "; ".join(
                    md(d.name) + (f" ({md(d.size)})" if d.size else "") + _pages(d.pages)
                    for d in note.datasets()
                )
            )
        if facet == "results":
            if note.metrics():
                st.markdown(
                    "**Metrics:** "
                    + "; ".join(
                        md(m.name)
                        + (": " + md(", ".join(m.values[:3])) if m.values else "")
                        + _pages(m.pages)
                        for m in note.metrics()
                    )
                )
            if note.baselines():
                st.markdown("**Baselines:** " + md(", ".join(note.baselines())))
        summary = note.parsed.facets.get(facet)
        if not summary or not summary.sentences:
            st.caption("Nothing was found for this facet; add what you know under My notes.")
            continue
        for index, sentence in enumerate(summary.sentences):
            text_col, page_col = st.columns([12, 1], vertical_alignment="center")
            text_col.markdown(f"- {md(sentence.text)}")
            with page_col:
                _cite_button(sentence.page, key=f"cite_{facet}_{index}")


def _pages(pages: list[int]) -> str:
    return f" *(p. {', '.join(str(p) for p in pages[:4])})*" if pages else ""


def _outline(note: Note) -> None:
    if not note.parsed.sections:
        st.caption("No headings were recognised.")
        return
    lines = []
    for section in note.parsed.sections:
        pages = (
            f"p. {section.page_start}"
            if section.page_start == section.page_end
            else f"pp. {section.page_start}–{section.page_end}"
        )
        indent = "    " * (section.level - 1)
        lines.append(f"{indent}- {md(section.title)} *({pages} · {section.facet})*")
    st.markdown("\n".join(lines))


def _caption_text(caption: Caption) -> str:
    text = " ".join(caption.text.split())
    return text if text.startswith(caption.label) else f"{caption.label}: {text}"


def _architecture(view: PaperView) -> None:
    arch = view.architecture
    if arch is None or arch.region_bbox is None or not view.has_pdf:
        return
    with guarded("Cannot render the architecture figure"):
        png = _region_png(str(view.pdf_path), view.pdf_path.stat().st_mtime, arch.page, arch.region_bbox)
        st.image(png, width="content")
        text_col, page_col = st.columns([12, 1], vertical_alignment="center")
        text_col.caption(md(_caption_text(arch)))
        with page_col:
            _cite_button(arch.page, key="cite_architecture")


def table_records(table: TableCells) -> list[dict[str, str]]:
    """A table's rows keyed by its header cells (made unique and non-empty), for a data grid."""
    if not table.rows:
        return []
    header, *body = table.rows
    columns: list[str] = []
    for index, cell in enumerate(header):
        name = " ".join((cell or "").split()) or f"col {index + 1}"
        while name in columns:
            name += "′"
        columns.append(name)
    width = len(columns)
    return [
        {columns[i]: " ".join((cell or "").split()) for i, cell in enumerate(row[:width])} for row in body
    ]


@st.cache_data(max_entries=32, show_spinner="Reading the tables' cells…")
def _cells(pdf: str, mtime: float, paper_id: str, _view: PaperView) -> list[TableCells]:
    return table_cells(_view)


def _figures(view: PaperView) -> None:
    note = view.note
    if not note.parsed.captions:
        st.caption("No figure or table captions were found.")
        return
    tables = [
        (c, c.region_bbox) for c in note.parsed.captions if c.kind == "table" and c.region_bbox is not None
    ]
    if tables and view.has_pdf:
        st.subheader("Tables")
        show_cells = st.toggle("Also read the cells (slow the first time)", key=f"cells_{note.paper.id}")
        cells: dict[tuple[str, int], TableCells] = {}
        if show_cells:
            with guarded("Cannot read the table cells"):
                mtime = view.pdf_path.stat().st_mtime
                cells = {(t.label, t.page): t for t in _cells(str(view.pdf_path), mtime, note.paper.id, view)}
        for index, (caption, region) in enumerate(tables):
            with st.expander(md(_caption_text(caption)), expanded=index == 0):
                with guarded("Cannot render the table"):
                    mtime = view.pdf_path.stat().st_mtime
                    st.image(_region_png(str(view.pdf_path), mtime, caption.page, region))
                table = cells.get((caption.label, caption.page))
                if table is not None:
                    st.dataframe(table_records(table), hide_index=True)
                elif show_cells:
                    st.caption("No cells could be read from this table.")
    st.subheader("Captions")
    for index, caption in enumerate(note.parsed.captions):
        text_col, page_col = st.columns([12, 1], vertical_alignment="center")
        text_col.markdown(md(_caption_text(caption)))
        with page_col:
            _cite_button(caption.page, key=f"cite_caption_{index}")


def _my_notes(paper_id: str) -> None:
    key, base_key = f"my_notes_{paper_id}", f"my_notes_base_{paper_id}"
    if base_key not in st.session_state:
        st.session_state[base_key] = read_my_notes(library(), paper_id)
    if key not in st.session_state:
        st.session_state[key] = st.session_state[base_key]
    st.text_area(
        "My notes (Markdown; saved into the note's “## My notes” section)",
        key=key,
        height=220,
        persist_state="session",
    )
    changed = st.session_state[key] != st.session_state[base_key]
    if st.button("Save my notes", type="primary", icon=":material/save:", disabled=not changed):
        with guarded("Not saved"):
            save_my_notes(library(), paper_id, st.session_state[key], expected=st.session_state[base_key])
            st.session_state[base_key] = st.session_state[key]
            flash("Saved your notes")
            st.rerun()
    if changed:
        st.caption("Unsaved changes.")


def _cards(paper_id: str) -> None:
    with guarded("Cannot list the quiz cards"):
        ensure_decks()
        cards = quiz().paper_cards(paper_id)
        if not cards:
            st.caption("No quiz cards: the note has no datasets, metrics or clean sentences to ask about.")
            return
        st.caption(f"{len(cards)} cards · review them on the Quiz page")
        for card in cards:
            item = card.item
            due = card.due[:10] if card.state != "new" else "new"
            with st.expander(f"{md(item.question)}"):
                st.markdown(f"**Answer:** {md(item.answer)}")
                if item.choices:
                    st.markdown("**Choices:** " + md(" · ".join(item.choices)))
                facet = item.facet or "general"
                st.caption(f"{item.kind} · {facet} · {card.state} · due {due} · {card.reps} reviews")


def _pdf(view: PaperView) -> None:
    note = view.note
    if not view.has_pdf:
        st.warning("The library has no copy of this paper's PDF.")
        return
    pages = list(range(1, note.paper.page_count + 1))
    cited = cited_pages(note)
    if st.session_state.get("pdf_page") not in pages:
        st.session_state["pdf_page"] = cited[0] if cited else 1
    left, right = st.columns([2, 1], vertical_alignment="bottom")
    left.selectbox(
        "Page",
        pages,
        key="pdf_page",
        format_func=lambda p: f"p. {p}" + (" (cited)" if p in cited else ""),
    )
    right.download_button(
        "Download PDF",
        data=view.pdf_path.read_bytes,
        file_name=f"{note.paper.id}.pdf",
        mime="application/pdf",
        icon=":material/download:",
        on_click="ignore",
    )
    _show_page(view, int(st.session_state["pdf_page"]))


st.title("Paper")
if not welcome_if_empty():
    with guarded("Cannot show the paper"):
        lib = library()
        records = lib.records()
        titles = {r.id: f"{r.title} ({r.year or 'n.d.'})" for r in records}
        if st.session_state.get("paper") not in titles:
            st.session_state["paper"] = records[0].id
        paper_id = st.selectbox(
            "Paper", list(titles), format_func=titles.__getitem__, key="paper", persist_state="session"
        )
        view = paper_view(lib, paper_id)
        note = view.note
        st.header(md(note.title), anchor=False)
        byline = [md(", ".join(note.authors))] if note.authors else []
        if note.year:
            byline.append(str(note.year))
        byline += [f"[{label}]({url})" for label, url in view.links]
        byline.append("domains: " + ", ".join(note.paper.domains))
        st.markdown(" · ".join(byline))
        if note.parsed.abstract:
            with st.expander("Abstract"):
                st.markdown(md(note.parsed.abstract))
        note_col, pdf_col = st.columns([1, 1], gap="large")
        with pdf_col:
            _pdf(view)
        tabs = note_col.tabs(["Facets", "Sections", "Figures & tables", "My notes", "Quiz cards"])
        with tabs[0]:
            _facets(view)
        with tabs[1]:
            _outline(note)
        with tabs[2]:
            _figures(view)
        with tabs[3]:
            _my_notes(paper_id)
        with tabs[4]:
            _cards(paper_id)
