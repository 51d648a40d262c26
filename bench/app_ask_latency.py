"""The app's first Ask: a fresh process opens the Ask page, types a question, and the answer is rendered.

Usage: python bench/app_ask_latency.py [--notes VAULT] [--corpus DIR] [--repeats 5]

Each run is a fresh Python process that runs the real app (``app/streamlit_app.py``) with Streamlit's
``AppTest`` (no server or browser: the same scripts, run in-process), starts on the Ask page, types one of
the bench questions, clicks Ask and checks that the answer and the passages are rendered. Times, from the
moment this script starts the process: the Ask page rendered (Streamlit's import and the app's first run
included), and the answer rendered; plus the Ask click alone (click to answer, in the same process: what
the user waits for once the page is up), and Streamlit's own import for scale. Prints each median, the
load average, and whether the first Ask, start-up included, stays under 2 s (issue 11). Without --notes
the corpus is ingested first into a temporary vault; ``--bytecode`` as in ``bench/find_latency.py``.
"""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))

from find_latency import ENV, QUERIES, bytecode_note, latency_setup  # noqa: E402

APP = ROOT / "app" / "streamlit_app.py"
CHILD = """
import json, sys, time
from streamlit.testing.v1 import AppTest

imported = time.time()
at = AppTest.from_file(sys.argv[1], default_timeout=120)
at.switch_page("app_pages/ask.py")
at.run()
page = time.time()
if at.exception or [t.value for t in at.title] != ["Ask the library"]:
    raise SystemExit(f"the Ask page did not render: {[e.value for e in at.exception]}")
at.text_input(key="ask_query").input(sys.argv[2])
clicked = time.time()
at.button[0].click().run()
answered = time.time()
if at.exception or at.error:
    raise SystemExit(f"the Ask failed: {[e.value for e in (*at.exception, *at.error)]}")
shown = [s.value for s in at.subheader]
hits = at.session_state["ask_hits"]
stamps = {"imported": imported, "page": page, "clicked": clicked, "answered": answered}
print(json.dumps({**stamps, "answer": "Answer" in shown, "hits": len(hits)}))
"""


def first_ask(notes: Path, question: str) -> dict[str, float]:
    """One fresh process: seconds from its start to the Ask page, to the answer, and click to answer."""
    start = time.time()  # wall clock: the child reports its own time.time() stamps
    done = subprocess.run(
        [sys.executable, "-c", CHILD, str(APP), question],
        cwd=ROOT,
        capture_output=True,
        text=True,
        env={**ENV, "PAPERSTUDY_NOTES": str(notes)},
        check=False,
    )
    if done.returncode != 0:
        raise SystemExit(f"the app's Ask failed: {done.stderr.strip()[-2000:]}")
    stamps = json.loads(done.stdout.strip().splitlines()[-1])
    if not stamps["answer"] or not stamps["hits"]:
        raise SystemExit(f"no answer or no passages rendered for {question!r}")
    return {
        "streamlit": stamps["imported"] - start,
        "page": stamps["page"] - start,
        "answer": stamps["answered"] - start,
        "click": stamps["answered"] - stamps["clicked"],
    }


def main() -> int:
    setup = latency_setup(__doc__ or "")
    if setup is None:
        return 0
    notes, repeats = setup
    questions = [q["q"] for q in json.loads((ROOT / "bench" / "questions.json").read_text())[:QUERIES]]
    first_ask(notes, questions[0])  # warm the OS file cache
    runs = [first_ask(notes, q) for _ in range(repeats) for q in questions]
    median = {key: statistics.median(run[key] for run in runs) for key in runs[0]}
    load = ", ".join(f"{value:.1f}" for value in os.getloadavg())
    print(f"{len(runs)} fresh processes, median wall time; load average {load}; {bytecode_note()}")
    print(f"process start -> Streamlit imported {median['streamlit']:6.2f} s")
    print(f"process start -> Ask page rendered  {median['page']:6.2f} s")
    print(
        f"process start -> answer rendered    {median['answer']:6.2f} s   "
        f"({'under' if median['answer'] < 2 else 'OVER'} 2 s: the app's first Ask, start-up included)"
    )
    print(
        f"Ask click -> answer rendered        {median['click']:6.2f} s   (the first Ask once the page is up)"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
