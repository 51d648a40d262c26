"""Search: find papers on arXiv / Google Scholar and add them to a domain; or upload PDFs from disk."""

from __future__ import annotations

from pathlib import Path

import streamlit as st
from components import guarded, library, md, outcome_row, settings

from paperstudy.models import PaperOutcome, SearchHit, SourceQuery
from paperstudy.service.adding import add_hits, domain_catalog, ingest_uploads, search_sources

SOURCE_LABELS = {"arxiv": "arXiv", "scholar": "Google Scholar"}


def _domain_choices() -> list[str]:
    catalog = domain_catalog(settings())
    return sorted(set(catalog) | set(library().domain_counts()))


def _target_domain(key: str) -> str | None:
    choices = _domain_choices()
    default = st.session_state.get("search_domain") or st.session_state.get("domain")
    if key not in st.session_state and default in choices:
        st.session_state[key] = default
    value: str | None = st.selectbox(
        "Add to domain (pick one or type a new id, e.g. fraud-detection)",
        choices,
        index=None,
        key=key,
        accept_new_options=True,
        placeholder="domain id",
        persist_state="session",
    )
    return value


def _search_form() -> None:
    catalog = domain_catalog(settings())
    if st.session_state.get("search_domain") not in (None, *catalog):
        st.session_state["search_domain"] = None  # a library-only domain has no search query
    with st.form("search_form"):
        query = st.text_input(
            "Keywords", key="search_query", placeholder="e.g. two-tower retrieval", persist_state="session"
        )
        left, middle, right = st.columns(3)
        left.selectbox(
            "Domain (optional: searches its query)",
            [None, *sorted(catalog)],
            format_func=lambda d: "—" if d is None else catalog[d].title,
            key="search_domain",
            persist_state="session",
        )
        sources = middle.multiselect(
            "Sources",
            list(SOURCE_LABELS),
            default=["arxiv"],
            format_func=SOURCE_LABELS.__getitem__,
            key="search_sources",
            persist_state="session",
        )
        max_results = right.number_input("At most", 1, 100, 20, key="search_max", persist_state="session")
        submitted = st.form_submit_button("Search", type="primary", icon=":material/search:")
    if submitted:
        domain = st.session_state.get("search_domain")
        if not query.strip() and not domain:
            st.warning("Type some keywords or pick a domain.")
            return
        with st.spinner("Searching…"), guarded("Search failed"):
            result = search_sources(
                settings(),
                SourceQuery(
                    query=query, domain=domain, sources=sources or ["arxiv"], max_results=int(max_results)
                ),
            )
            st.session_state["search_hits"] = [h.model_dump(mode="json") for h in result.hits]
            st.session_state["search_warnings"] = result.warnings
            for key in [k for k in st.session_state if str(k).startswith("pick_")]:
                del st.session_state[key]


def _results() -> None:
    for warning in st.session_state.get("search_warnings", []):
        st.warning(warning, icon=":material/block:")
    raw = st.session_state.get("search_hits")
    if raw is None:
        return
    hits = [SearchHit.model_validate(h) for h in raw]
    if not hits:
        st.info("No papers found. Try other keywords or another source.")
        return
    st.subheader(f"{len(hits)} results")
    for index, hit in enumerate(hits):
        meta = [str(hit.year or "n.d."), "+".join(SOURCE_LABELS.get(s, s) for s in hit.sources)]
        if hit.citations is not None:
            meta.append(f"{hit.citations} citations")
        meta.append("PDF" if hit.pdf_url else "no PDF link")
        st.checkbox(
            f"**{md(hit.title)}** — {md(' · '.join(meta))}", key=f"pick_{index}", persist_state="session"
        )
        if hit.authors:
            st.caption(md(", ".join(hit.authors[:6]) + (" et al." if len(hit.authors) > 6 else "")))
    chosen = [hit for index, hit in enumerate(hits) if st.session_state.get(f"pick_{index}")]
    domain = _target_domain("add_domain")
    if (
        st.button(
            f"Add {len(chosen)} selected to the library",
            type="primary",
            icon=":material/library_add:",
            disabled=not chosen or not domain,
        )
        and domain
    ):
        bar = st.progress(0.0, text="Downloading…")
        total = 2 * len(chosen)  # a download and an ingest per paper (skipped and failed ones end early)
        done = 0

        def step(outcome: PaperOutcome) -> None:
            nonlocal done
            done += 1
            verb = "Downloaded" if outcome.kind == "downloaded" or outcome.hit is not None else "Ingested"
            name = (outcome.title or "")[:60] if verb == "Downloaded" else Path(outcome.path or "").name
            bar.progress(min(done, total) / max(total, 1), text=md(f"{verb} {name}"))

        with guarded("Adding failed"):
            outcomes = add_hits(settings(), chosen, domain, on_download=step, on_ingest=step)
            bar.progress(1.0, text="Done")
            _report(outcomes)


def _report(outcomes: list[PaperOutcome]) -> None:
    ok = sum(o.kind in ("added", "updated") for o in outcomes)
    (st.success if ok else st.error)(f"{ok} of {len(outcomes)} added or updated")
    st.dataframe([outcome_row(o) for o in outcomes], hide_index=True, width="stretch")


def _upload() -> None:
    st.write("Add PDFs you already have: each is parsed into a note in the domain you choose.")
    files = st.file_uploader("PDF files", type=["pdf"], accept_multiple_files=True, key="upload_files")
    domain = _target_domain("upload_domain")
    adding = st.button(
        "Add PDFs", type="primary", icon=":material/upload_file:", disabled=not files or not domain
    )
    if adding and files and domain:
        bar = st.progress(0.0, text="Parsing…")
        done = 0

        def step(outcome: object) -> None:
            nonlocal done
            done += 1
            bar.progress(done / len(files), text=f"Parsed {done} of {len(files)}")

        with guarded("Adding failed"):
            outcomes = ingest_uploads(
                settings(), [(f.name, f.getvalue()) for f in files], domain, on_result=step
            )
            _report(outcomes)


st.title("Search")
wants_upload = st.session_state.pop("search_tab", None) == "upload"
find_tab, upload_tab = st.tabs(
    ["Find papers", "Upload PDFs"], default="Upload PDFs" if wants_upload else None
)
with find_tab:
    _search_form()
    _results()
with upload_tab:
    _upload()
