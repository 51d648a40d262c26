"""`paperstudy find` from the shell: hybrid (start-up, model load and search) vs `--mode keyword`.

Usage: python bench/find_latency.py [--notes VAULT] [--corpus DIR] [--repeats 5]

Each run is a fresh `python -m paperstudy find QUERY --json` process on the same library, as a user types
it; the two modes alternate so load from other processes skews neither. Without --notes the corpus is
ingested first into a temporary vault with the configured (default) model. Prints the median wall time
of each mode, then ``ratio hybrid/keyword`` (target ≤ 3) and whether hybrid stays under 1 s, then the
median of a fresh ``paperstudy ask`` (the Ask page's own ``service.ask``, start-up included; the app's first
Ask itself is timed by ``bench/app_ask_latency.py``), and the load average.
PAPERSTUDY_EMBEDDING_MODEL is passed through (e.g. ``minilm`` to time sentence-transformers).

With PYTHONDONTWRITEBYTECODE set (as in some sandboxes), every run compiles paperstudy's own sources
again; ``--bytecode`` lets the runs cache bytecode in a temporary PYTHONPYCACHEPREFIX, as an installed
package (or a checkout without that variable) does after its first run. The output says which.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
QUERIES = 3
ENV = {**os.environ, "PYTHONPATH": str(ROOT)}
"""The environment of every measured process (``use_bytecode`` changes it)."""


def use_bytecode() -> None:
    """Let the measured processes cache bytecode, in a temporary folder (the first run fills it)."""
    ENV.pop("PYTHONDONTWRITEBYTECODE", None)
    ENV["PYTHONPYCACHEPREFIX"] = tempfile.mkdtemp(prefix="paperstudy-pyc-")


def bytecode_note() -> str:
    if "PYTHONDONTWRITEBYTECODE" in ENV:
        return "PYTHONDONTWRITEBYTECODE set: each run compiles paperstudy's sources"
    return "bytecode cached"


def run_find(notes: Path, query: str, mode: str) -> float:
    """One fresh ``paperstudy find`` (``mode`` keyword or hybrid), or ``paperstudy ask`` (mode "ask")."""
    command = ["ask", query] if mode == "ask" else ["find", query, "--mode", mode]
    start = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-m", "paperstudy", *command, "--notes", str(notes), "--json"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        env=ENV,
        check=False,
    )
    elapsed = time.perf_counter() - start
    if done.returncode != 0 or not json.loads(done.stdout):
        raise SystemExit(f"{' '.join(command)!r} failed or found nothing: {done.stderr.strip()}")
    return elapsed


def corpus_library(corpus: Path) -> Path | None:
    """A temporary vault with the corpus ingested (default model), or None when there is no corpus."""
    pdfs = sorted((corpus / "pdfs").glob("*.pdf"))
    if not pdfs:
        print(f"no corpus at {corpus}: nothing to measure")
        return None
    notes = Path(tempfile.mkdtemp(prefix="paperstudy-find-")) / "vault"
    print(f"ingesting {len(pdfs)} PDFs into {notes} …", flush=True)
    command = [sys.executable, "-m", "paperstudy", "ingest", *map(str, pdfs), "--domain", "corpus"]
    subprocess.run(
        [*command, "--notes", str(notes), "--json"],
        cwd=ROOT,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        capture_output=True,
        check=True,
    )
    return notes


def latency_setup(description: str) -> tuple[Path, int] | None:
    """The latency benches' shared options: the library (ingested from the corpus without --notes; None
    when there is no corpus), the repeats, and --bytecode."""
    parser = argparse.ArgumentParser(description=description)
    parser.add_argument("--notes", type=Path)
    parser.add_argument("--corpus", type=Path, default=ROOT.parent / "shared" / "corpus")
    parser.add_argument("--repeats", type=int, default=5)
    parser.add_argument("--bytecode", action="store_true", help="cache bytecode (bench/find_latency.py)")
    args = parser.parse_args()
    notes = args.notes or corpus_library(args.corpus)
    if notes is None:
        return None
    if args.bytecode:
        use_bytecode()
    return notes, max(1, args.repeats)


def main() -> int:
    setup = latency_setup(__doc__ or "")
    if setup is None:
        return 0
    notes, repeats = setup
    questions = json.loads((ROOT / "bench" / "questions.json").read_text())[:QUERIES]
    model = os.environ.get("PAPERSTUDY_EMBEDDING_MODEL") or "default (static)"
    for mode in ("keyword", "hybrid", "ask"):  # warm the OS file cache, the vector cache (and bytecode)
        run_find(notes, questions[0]["q"], mode)
    times: dict[str, list[float]] = {"keyword": [], "hybrid": [], "ask": []}
    for _ in range(repeats):
        for item in questions:
            for mode in ("keyword", "hybrid", "ask"):
                times[mode].append(run_find(notes, item["q"], mode))
    keyword = statistics.median(times["keyword"])
    hybrid = statistics.median(times["hybrid"])
    load = ", ".join(f"{value:.1f}" for value in os.getloadavg())
    runs = len(times["hybrid"])
    print(f"model {model}; {runs} runs per mode, median wall time from the shell; load average {load}")
    print(bytecode_note())
    print(f"find --mode keyword  {keyword:6.2f} s")
    print(f"find (hybrid)        {hybrid:6.2f} s   ({'under' if hybrid < 1 else 'OVER'} 1 s)")
    print(f"ratio hybrid/keyword {hybrid / keyword:.2f}  (target <= 3)")
    ask = statistics.median(times["ask"])
    print(f"ask, fresh process   {ask:6.2f} s   (the app's first Ask: bench/app_ask_latency.py)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
