"""`paperstudy ingest` over the corpus from the shell, against PyMuPDF's bare no-image dict pass.

Usage: python bench/ingest_speed.py [--corpus DIR] [--papers N] [--models default hash [minilm]] [--repeats 2]

Each model ingests the same PDFs into a fresh vault in one `python -m paperstudy ingest … --json` process
(start-up and model load included); PyMuPDF's ``get_text("dict")`` without images over the same PDFs, in
this process, is the baseline. Prints pages/s for each, ``ratio`` = default ingest pages/s ÷ baseline
pages/s (target ≥ 0.15), ``embedding share`` = (default − hash) ÷ default wall time (target ≤ 30 %), and
each run's peak RSS (of the ingest process and the parse workers it waited for). One worker: the process
pool is another issue. Search quality of the default model is bench/encoders.py's and
bench/search_quality.py's job.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))

from parse_speed import baseline  # noqa: E402  (the same bare pass parse_speed times)


def ingest(pdfs: list[Path], model: str) -> tuple[float, float, int]:
    """(wall seconds, peak RSS in MB, papers ingested) of one ingest process with ``model``."""
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    env.pop("PAPERSTUDY_EMBEDDING_MODEL", None)
    if model != "default":
        env["PAPERSTUDY_EMBEDDING_MODEL"] = model
    vault = Path(tempfile.mkdtemp(prefix=f"paperstudy-ingest-{model}-")) / "vault"
    command = [sys.executable, "-m", "paperstudy", "ingest", *map(str, pdfs), "--domain", "corpus"]
    start = time.perf_counter()
    with subprocess.Popen(
        [*command, "--notes", str(vault), "--json"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
    ) as process:
        assert process.stdout is not None
        output = process.stdout.read()
        _, status, usage = os.wait4(process.pid, 0)
        process.returncode = os.waitstatus_to_exitcode(status)
    elapsed = time.perf_counter() - start
    rows = json.loads(output)
    ok = sum(1 for row in rows if row.get("status") == "ok")
    return elapsed, usage.ru_maxrss / 1024, ok


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--corpus", type=Path, default=ROOT.parent / "shared" / "corpus")
    parser.add_argument("--papers", type=int, default=0, help="only the first N PDFs (0: all)")
    parser.add_argument("--models", nargs="+", default=["default", "hash"])
    parser.add_argument("--repeats", type=int, default=2)
    args = parser.parse_args()
    pdfs = sorted((args.corpus / "pdfs").glob("*.pdf"))
    if args.papers:
        pdfs = pdfs[: args.papers]
    if not pdfs:
        print(f"no PDFs under {args.corpus / 'pdfs'}")
        return 0
    walls: dict[str, float] = {}
    peaks: dict[str, float] = {}
    oks: dict[str, int] = {}
    # The first ingest runs while this process is small: a child's peak RSS counts its parent's at the fork.
    # The models and the baseline alternate and each keeps its best time, so other load skews none of them.
    base_s = float("inf")
    pages = 0
    for _ in range(max(1, args.repeats)):
        for model in args.models:
            wall, rss, ok = ingest(pdfs, model)
            walls[model] = min(wall, walls.get(model, wall))
            peaks.setdefault(model, rss)  # the first round: forked before the baseline grew this process
            oks[model] = ok
        pages, elapsed = baseline(pdfs)  # the first ingest warmed the file cache
        base_s = min(base_s, elapsed)
    print(f"{len(pdfs)} PDFs, {pages} pages; 1 worker; best of {max(1, args.repeats)} runs per model")
    print(f"baseline get_text(dict), no images   {pages / base_s:8.1f} pages/s  ({base_s:.2f} s)")
    for model in args.models:
        wall = walls[model]
        print(
            f"ingest, model {model:8s}            {pages / wall:8.1f} pages/s  ({wall:.1f} s, "
            f"{wall / len(pdfs):.2f} s/paper, {oks[model]}/{len(pdfs)} ok, peak RSS {peaks[model]:.0f} MB)"
        )
    if "default" in walls:
        ratio = (pages / walls["default"]) / (pages / base_s)
        print(f"ratio {ratio:.3f}  (default ingest ÷ baseline, target >= 0.15)")
    if "default" in walls and "hash" in walls:
        share = (walls["default"] - walls["hash"]) / walls["default"]
        print(f"embedding share {share:.0%}  ((default − hash) ÷ default, target <= 30 %)")
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"this process (the baseline pass) peak RSS {peak:.0f} MB")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
