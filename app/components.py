"""UI helpers shared by the pages: the cached library handle, safe text, errors, navigation.

No paperstudy logic lives here: pages call ``paperstudy.views`` (and the other library modules) for data.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import streamlit as st

from paperstudy.errors import PaperstudyError
from paperstudy.settings import Settings, load_settings
from paperstudy.store import Library
from paperstudy.views import LibraryHandle

APP_DIR = Path(__file__).resolve().parent
PAGE_FILES = {
    "domains": "pages/domains.py",
    "paper": "pages/paper.py",
    "search": "pages/search.py",
    "ask": "pages/ask.py",
    "quiz": "pages/quiz.py",
    "progress": "pages/progress.py",
}
WELCOME = (
    "Your library is empty. Search arXiv and Google Scholar for a domain's papers, or add PDFs you "
    "already have: each becomes a structured note (data, features, architecture, results) with quiz cards."
)


def settings() -> Settings:
    """The same settings as the CLI (``PAPERSTUDY_NOTES`` and friends), read on every run (cheap)."""
    return load_settings()


@st.cache_resource(show_spinner=False)
def _handle(notes: str) -> LibraryHandle:
    return LibraryHandle(Path(notes))


def handle() -> LibraryHandle:
    """The library handle for the configured vault: created once per process, shared by sessions."""
    return _handle(str(settings().notes))


def library() -> Library:
    """This thread's library (SQLite connections belong to one thread)."""
    return handle().library()


_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|<>$~:=^])")


def md(text: str) -> str:
    """Text from a paper, escaped so Markdown shows it literally (no links, HTML, LaTeX or emoji codes)."""
    return _MD_SPECIAL.sub(r"\\\1", " ".join(text.split()))


@contextmanager
def guarded(what: str = "") -> Iterator[None]:
    """Show a paperstudy error as one clear message and keep the page usable (never a traceback)."""
    try:
        yield
    except PaperstudyError as error:
        st.error(f"{what}{': ' if what else ''}{error}", icon=":material/error:")


def open_paper(paper_id: str, page: int | None = None) -> None:
    """Go to the Paper page showing ``paper_id`` (and a cited page of its PDF)."""
    st.session_state["paper"] = paper_id
    if page is not None:
        st.session_state["pdf_page"] = page
    st.switch_page(PAGE_FILES["paper"])


def welcome_if_empty() -> bool:
    """On an empty library: the two-sentence explanation and both ways in. Returns True when shown."""
    if not handle().is_empty():
        return False
    st.info(WELCOME, icon=":material/waving_hand:")
    left, right = st.columns(2)
    if left.button("Search for papers", icon=":material/search:", type="primary", key="welcome_search"):
        st.switch_page(PAGE_FILES["search"])
    if right.button("Add PDFs from disk", icon=":material/upload_file:", key="welcome_upload"):
        st.session_state["search_tab"] = "upload"
        st.switch_page(PAGE_FILES["search"])
    return True
