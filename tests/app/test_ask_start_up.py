"""The app's first Ask imports only what asking needs (start-up time, bench/app_ask_latency.py)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from tests.app.conftest import APP


def test_the_ask_page_imports_neither_the_quiz_nor_the_pipeline(fake_vault: Path) -> None:
    """A fresh process opens the Ask page and asks: the quiz service and the pipeline (parser,
    downloader) are other pages' imports, not the Ask page's."""
    code = (
        "import sys\nfrom streamlit.testing.v1 import AppTest\n"
        f"at = AppTest.from_file({str(APP)!r}, default_timeout=60)\n"
        "at.switch_page('app_pages/ask.py').run()\n"
        "at.text_input(key='ask_query').input('feature interactions')\n"
        "at.button[0].click().run()\n"
        "assert not at.exception and at.session_state['ask_hits'], [e.value for e in at.exception]\n"
        "print(sorted(m for m in sys.modules if m in ('paperstudy.pipeline', 'paperstudy.service.quiz',"
        " 'paperstudy.parsing.pdflib', 'paperstudy.download')))\n"
    )
    env = {**os.environ, "PAPERSTUDY_NOTES": str(fake_vault)}
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, check=False)
    assert done.returncode == 0, done.stderr[-2000:]
    assert done.stdout.strip().splitlines()[-1] == "[]"
