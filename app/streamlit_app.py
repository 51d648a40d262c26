"""paperstudy's study app: ``streamlit run app/streamlit_app.py`` (or ``paperstudy app``, or ``make run``).

It reads the same settings as the CLI (``PAPERSTUDY_NOTES`` …), so it works on any library. Each page is a
thin layout over ``paperstudy.service``.
"""

from __future__ import annotations

import logging
import sys
from pathlib import Path

import streamlit as st

APP_DIR = Path(__file__).resolve().parent
if str(APP_DIR) not in sys.path:  # pages import the UI helpers as ``components``
    sys.path.insert(0, str(APP_DIR))
if str(APP_DIR.parent) not in sys.path:  # a checkout without `pip install -e .` (an installed one wins)
    sys.path.append(str(APP_DIR.parent))

from components import PAGE_FILES, UNEXPECTED, md, settings, show_flash  # noqa: E402

from paperstudy.errors import PaperstudyError  # noqa: E402

st.set_page_config(page_title="paperstudy", page_icon=":material/school:", layout="wide")

pages = [
    st.Page(PAGE_FILES["domains"], title="Domains", icon=":material/category:", default=True),
    st.Page(PAGE_FILES["paper"], title="Paper", icon=":material/article:"),
    st.Page(PAGE_FILES["search"], title="Search", icon=":material/travel_explore:"),
    st.Page(PAGE_FILES["ask"], title="Ask the library", icon=":material/question_answer:"),
    st.Page(PAGE_FILES["quiz"], title="Quiz", icon=":material/quiz:"),
    st.Page(PAGE_FILES["progress"], title="Progress", icon=":material/monitoring:"),
]
current = st.navigation(pages)
st.sidebar.caption(f"Library: `{settings().notes}`")
show_flash()
try:
    current.run()
except PaperstudyError as error:  # a page let one of ours through: one clear line, never a traceback
    st.error(md(str(error)), icon=":material/error:")
except Exception:  # a bug: keep the app usable, put the traceback in the terminal, not the page
    logging.getLogger("paperstudy.app").exception("unexpected error on the %s page", current.title)
    st.error(UNEXPECTED, icon=":material/error:")
