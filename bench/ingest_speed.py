"""`paperstudy ingest` over the corpus from the shell, with 1 and 2 parse workers, against PyMuPDF's bare
no-image dict pass.

Usage: python bench/ingest_speed.py [--corpus DIR] [--papers N] [--models default hash [minilm]]
                                    [--workers 1 2] [--repeats 2]

Each (workers, model) ingests the same PDFs into a fresh vault in one
`python -m paperstudy ingest … --workers N --json` process (start-up and model load included); PyMuPDF's
``get_text("dict")`` without images over the same PDFs, in this process, is the baseline. Prints
pages/s for each, ``ratio`` = default ingest pages/s ÷ baseline pages/s (target ≥ 0.15), ``embedding
share`` = (default − hash) ÷ default wall time (target ≤ 30 %), and each run's peak RSS: the largest sum,
sampled every 20 ms, of the resident memory of the ingest process and all its descendants (the fork
server and the parse children). Search quality of the default model is bench/encoders.py's and
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
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))

from parse_speed import baseline  # noqa: E402  (the same bare pass parse_speed times)

PAGE = os.sysconf("SC_PAGE_SIZE")


def tree_rss(root: int) -> int:
    """Resident bytes of ``root`` and every process below it (from /proc)."""
    parents: dict[int, int] = {}
    rss: dict[int, int] = {}
    for entry in os.scandir("/proc"):
        if not entry.name.isdigit():
            continue
        try:
            stat = Path(entry.path, "stat").read_text()
            statm = Path(entry.path, "statm").read_text()
        except OSError:
            continue
        fields = stat[stat.rindex(")") + 2 :].split()
        pid = int(entry.name)
        parents[pid] = int(fields[1])
        rss[pid] = int(statm.split()[1]) * PAGE
    total = 0
    for pid in rss:
        walk = pid
        while walk > 1 and walk != root:
            walk = parents.get(walk, 0)
        if walk == root:
            total += rss[pid]
    return total


class PeakSampler(threading.Thread):
    """The largest ``tree_rss(pid)`` seen while it runs."""

    def __init__(self, pid: int) -> None:
        super().__init__(daemon=True)
        self.pid, self.peak, self.done = pid, 0, threading.Event()

    def run(self) -> None:
        while not self.done.wait(0.02):
            self.peak = max(self.peak, tree_rss(self.pid))


def ingest(pdfs: list[Path], model: str, workers: int) -> tuple[float, float, int]:
    """(wall seconds, peak RSS of the process tree in MB, papers ingested) of one ingest process."""
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    env.pop("PAPERSTUDY_EMBEDDING_MODEL", None)
    env.pop("PAPERSTUDY_WORKERS", None)
    if model != "default":
        env["PAPERSTUDY_EMBEDDING_MODEL"] = model
    vault = Path(tempfile.mkdtemp(prefix=f"paperstudy-ingest-{model}-")) / "vault"
    command = [sys.executable, "-m", "paperstudy", "ingest", *map(str, pdfs), "--domain", "corpus"]
    start = time.perf_counter()
    with subprocess.Popen(
        [*command, "--notes", str(vault), "--workers", str(workers), "--json"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
    ) as process:
        sampler = PeakSampler(process.pid)
        sampler.start()
        output, _ = process.communicate()
        sampler.done.set()
        sampler.join()
    elapsed = time.perf_counter() - start
    rows = json.loads(output)
    ok = sum(1 for row in rows if row.get("status") == "ok")
    return elapsed, sampler.peak / 1048576, ok


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--corpus", type=Path, default=ROOT.parent / "shared" / "corpus")
    parser.add_argument("--papers", type=int, default=0, help="only the first N PDFs (0: all)")
    parser.add_argument("--models", nargs="+", default=["default", "hash"])
    parser.add_argument("--workers", nargs="+", type=int, default=[1, 2])
    parser.add_argument("--repeats", type=int, default=2)
    args = parser.parse_args()
    pdfs = sorted((args.corpus / "pdfs").glob("*.pdf"))
    if args.papers:
        pdfs = pdfs[: args.papers]
    if not pdfs:
        print(f"no PDFs under {args.corpus / 'pdfs'}")
        return 0
    runs = [(w, m) for w in args.workers for m in args.models]
    walls: dict[tuple[int, str], float] = {}
    peaks: dict[tuple[int, str], float] = {}
    oks: dict[tuple[int, str], int] = {}
    # The runs and the baseline alternate and each keeps its best time, so other load skews none of them.
    base_s = float("inf")
    pages = 0
    for _ in range(max(1, args.repeats)):
        for run in runs:
            wall, rss, ok = ingest(pdfs, run[1], run[0])
            walls[run] = min(wall, walls.get(run, wall))
            peaks[run] = max(rss, peaks.get(run, 0.0))
            oks[run] = ok
        pages, elapsed = baseline(pdfs)  # the first ingest warmed the file cache
        base_s = min(base_s, elapsed)
    print(f"{len(pdfs)} PDFs, {pages} pages; best of {max(1, args.repeats)} runs each")
    print(f"baseline get_text(dict), no images   {pages / base_s:8.1f} pages/s  ({base_s:.2f} s)")
    for workers, model in runs:
        wall = walls[(workers, model)]
        print(
            f"ingest, {workers} worker(s), model {model:8s} {pages / wall:8.1f} pages/s  ({wall:.1f} s, "
            f"{wall / len(pdfs):.2f} s/paper, {oks[(workers, model)]}/{len(pdfs)} ok, "
            f"peak RSS of the process tree {peaks[(workers, model)]:.0f} MB)"
        )
    for workers in args.workers:
        if (workers, "default") in walls:
            ratio = (pages / walls[(workers, "default")]) / (pages / base_s)
            print(f"{workers} worker(s): ratio {ratio:.3f}  (default ingest ÷ baseline, target >= 0.15)")
        if (workers, "default") in walls and (workers, "hash") in walls:
            default, hashed = walls[(workers, "default")], walls[(workers, "hash")]
            share = (default - hashed) / default
            print(
                f"{workers} worker(s): embedding share {share:.0%}  "
                "((default − hash) ÷ default, target <= 30 %)"
            )
    if len(args.workers) > 1 and all((w, "default") in walls for w in args.workers[:2]):
        first, second = args.workers[:2]
        speedup = walls[(first, "default")] / walls[(second, "default")]
        print(f"{second} workers ÷ {first}: {speedup:.2f}× the pages/s (default model)")
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"this process (the baseline pass) peak RSS {peak:.0f} MB")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
