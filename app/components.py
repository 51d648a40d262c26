"""UI helpers shared by the pages: the cached library handle, safe text, errors, navigation.

No paperstudy logic lives here: pages call ``paperstudy.service`` for data, and import from paperstudy
only ``service``, ``models``, ``errors`` and ``settings``.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

import streamlit as st

from paperstudy.errors import PaperstudyError
from paperstudy.models import PaperOutcome
from paperstudy.service.ask import Encoder, get_encoder
from paperstudy.service.library import Library, LibraryHandle, library_stamp
from paperstudy.settings import Settings, load_settings

if TYPE_CHECKING:
    from paperstudy.service.quiz import QuizService

APP_DIR = Path(__file__).resolve().parent
PAGE_FILES = {
    "domains": "app_pages/domains.py",
    "paper": "app_pages/paper.py",
    "search": "app_pages/search.py",
    "ask": "app_pages/ask.py",
    "quiz": "app_pages/quiz.py",
    "progress": "app_pages/progress.py",
}
WELCOME = (
    "Your library is empty. Search arXiv and Google Scholar for a domain's papers, or add PDFs you "
    "already have: each becomes a structured note (data, features, architecture, results) with quiz cards."
)


UNEXPECTED = (
    "Something unexpected went wrong on this page; the details are in the terminal running the app. "
    "The other pages still work."
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


@st.cache_resource(show_spinner="Loading the embedding model…")
def encoder(model: str | None) -> Encoder:
    """The embedding model, created once per process and only by the pages that need it."""
    return get_encoder(model)


def similarity(a: str, b: str) -> float:
    vectors = encoder(settings().embedding_model).encode([a, b])
    return max(0.0, min(1.0, float(vectors[0] @ vectors[1])))


def quiz() -> QuizService:
    """The quiz over this thread's library (cheap: decks are generated on demand)."""
    # Imported by the pages that quiz: every page imports this module, and the quiz's modules took
    # about a tenth of the Ask page's first run.
    from paperstudy.service.quiz import QuizService, catalog

    return QuizService(library(), similarity=similarity, catalog=catalog(settings()))


@st.cache_data(show_spinner="Preparing quiz cards…", max_entries=16)
def _decks_synced(notes: str, stamp: str) -> bool:
    quiz().refreshed_due_counts()
    return True


def ensure_decks() -> None:
    """Quiz decks regenerated from the notes once after each change to the library (cached)."""
    _decks_synced(str(settings().notes), library_stamp(library()))


def due_counts() -> dict[str, int]:
    """Cards due now per domain."""
    ensure_decks()
    return quiz().due_counts()


_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|<>$~:=^])")


def md(text: str) -> str:
    """Text from a paper, escaped so Markdown shows it literally (no links, HTML, LaTeX or emoji codes)."""
    return _MD_SPECIAL.sub(r"\\\1", " ".join(text.split()))


def outcome_row(outcome: PaperOutcome) -> dict[str, str]:
    """One row of the table of what happened to each paper added or uploaded."""
    return {
        "paper": outcome.title or outcome.path or "",
        "result": outcome.kind,
        "paper id": outcome.paper_id or "",
        "problem": outcome.error or "",
    }


def highlight_segments(text: str, highlights: Sequence[str]) -> list[tuple[str, bool]]:
    """``text`` cut into (piece, is_highlighted) in order, for showing matched sentences emphasised."""
    marks: list[tuple[int, int]] = []
    for sentence in highlights:
        start = text.find(sentence)
        if sentence and start >= 0:
            marks.append((start, start + len(sentence)))
    pieces: list[tuple[str, bool]] = []
    position = 0
    for start, end in sorted(marks):
        if start < position:
            continue
        if start > position:
            pieces.append((text[position:start], False))
        pieces.append((text[start:end], True))
        position = end
    if position < len(text):
        pieces.append((text[position:], False))
    return pieces


@contextmanager
def guarded(what: str = "") -> Iterator[None]:
    """Show a paperstudy error as one clear message and keep the page usable (never a traceback)."""
    try:
        yield
    except PaperstudyError as error:
        st.error(f"{what}{': ' if what else ''}{md(str(error))}", icon=":material/error:")


def flash(message: str) -> None:
    """A toast shown on the next run (a toast raised just before ``st.rerun()`` would be lost)."""
    st.session_state["flash"] = message


def show_flash() -> None:
    message = st.session_state.pop("flash", None)
    if message:
        st.toast(message, icon=":material/check:")


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
    left, right, _ = st.columns([1, 1, 3])
    if left.button("Search for papers", icon=":material/search:", type="primary", key="welcome_search"):
        st.switch_page(PAGE_FILES["search"])
    if right.button("Add PDFs from disk", icon=":material/upload_file:", key="welcome_upload"):
        st.session_state["search_tab"] = "upload"
        st.switch_page(PAGE_FILES["search"])
    return True
