"""Ask the library: a short cited answer above a hybrid (keyword + meaning) search over the notes;
matched sentences, page links."""

from __future__ import annotations

import streamlit as st
from components import (
    guarded,
    highlight_segments,
    library,
    md,
    open_paper,
    settings,
    welcome_if_empty,
)

from paperstudy.models import FACETS, AnswerSentence, PassageHit
from paperstudy.service.ask import Filters, Mode, ask_in, library_encoder

MODES: dict[Mode, str] = {
    "hybrid": "Keywords + meaning",
    "keyword": "Keywords only (fast, no model)",
    "dense": "Meaning only",
}


def _passage(hit: PassageHit) -> str:
    """The passage as escaped Markdown, its best-matching sentences on a highlighted background."""
    out = []
    for piece, marked in highlight_segments(hit.text, hit.highlights):
        text = md(piece)
        if marked and text:
            out.append(f" :orange-background[{text}] ")
        else:
            out.append(text)
    return "".join(out).strip()


def _answer(sentences: list[AnswerSentence]) -> None:
    """The answer's sentences, best first, each with its citation (paper, section, page)."""
    if not sentences:
        return
    with st.container(border=True, key="ask_answer"):
        st.subheader("Answer")
        for sentence in sentences:
            where = f"{md(sentence.paper_id)} · {md(sentence.section)} · p. {sentence.page}"
            st.markdown(f"{md(sentence.text)}  \n:gray[{where}]")


def _results(hits: list[PassageHit]) -> None:
    for index, hit in enumerate(hits):
        with st.container(border=True):
            head, link = st.columns([6, 1], vertical_alignment="center")
            where = f"{md(hit.section)} · *{hit.facet}* · p. {hit.page}"
            head.markdown(f"**{md(hit.title)}** ({hit.year or 'n.d.'}) · {where}")
            if link.button(f"Open p. {hit.page}", key=f"ask_open_{index}", icon=":material/article:"):
                open_paper(hit.paper_id, hit.page)
            st.markdown(_passage(hit))
            if hit.terms:
                st.caption("Matched words: " + md(", ".join(hit.terms)))


st.title("Ask the library")
if not welcome_if_empty():
    lib = library()
    with st.form("ask_form"):
        query = st.text_input(
            "Question or keywords",
            key="ask_query",
            placeholder="e.g. how are negative samples chosen?",
            persist_state="session",
        )
        left, middle, right, far = st.columns(4)
        domain = left.selectbox(
            "Domain",
            [None, *lib.domain_counts()],
            format_func=lambda d: "All domains" if d is None else d,
            key="ask_domain",
            persist_state="session",
        )
        facet = middle.selectbox(
            "Facet",
            [None, *FACETS],
            format_func=lambda f: "Any facet" if f is None else f,
            key="ask_facet",
            persist_state="session",
        )
        mode = right.selectbox(
            "Ranking", list(MODES), format_func=MODES.__getitem__, key="ask_mode", persist_state="session"
        )
        limit = far.number_input("Results", 1, 50, 10, key="ask_limit", persist_state="session")
        asked = st.form_submit_button("Ask", type="primary", icon=":material/search:")
    if asked:
        st.session_state.pop("ask_hits", None)
        st.session_state.pop("ask_answer", None)
        with guarded("Cannot search the library"):
            choice = library_encoder(lib, settings().embedding_model)  # the model of the stored vectors
            with st.spinner("Searching the notes…"):
                found = ask_in(
                    lib,
                    query,
                    choice.encoder,
                    where=Filters(domain=domain, facet=facet),
                    limit=int(limit),
                    mode=mode,
                )
            st.session_state["ask_hits"] = [h.model_dump(mode="json") for h in found.hits]
            st.session_state["ask_answer"] = [s.model_dump(mode="json") for s in found.answer]
            st.session_state["ask_notices"] = ([choice.notice] if choice.notice else []) + found.notices
    for notice in st.session_state.get("ask_notices", []):
        st.info(notice)
    raw = st.session_state.get("ask_hits")
    if raw is not None:
        hits = [PassageHit.model_validate(h) for h in raw]
        if not hits:
            st.info("Nothing in the library matches. Try other words, or widen the filters.")
        _answer([AnswerSentence.model_validate(a) for a in st.session_state.get("ask_answer", [])])
        _results(hits)
