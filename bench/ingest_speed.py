"""`paperstudy ingest` over the corpus from the shell, with 1 and 2 parse workers, against PyMuPDF's bare
no-image dict pass.

Usage: python bench/ingest_speed.py [--corpus DIR] [--papers N] [--models default hash [minilm]]
                                    [--workers 1 2] [--repeats 2]

Each (workers, model) ingests the same PDFs into a fresh vault in one
`python -m paperstudy ingest … --workers N --json` process (start-up and model load included); PyMuPDF's
``get_text("dict")`` without images over the same PDFs, in this process, is the baseline. Prints
pages/s for each, ``ratio`` = default ingest pages/s ÷ baseline pages/s (target ≥ 0.15), ``embedding
share`` = (default − hash) ÷ default wall time (target ≤ 30 %), and each run's peak memory: the largest sum,
sampled every 20 ms, over the ingest process and all its descendants (the fork server and the parse
children), as RSS and as PSS (shared pages split between the processes sharing them, so a child forked
from the fork server is not counted twice), with PSS's peak in the first and in the second half of the
run (flat memory: about equal). Search quality of the default model is bench/encoders.py's and
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


def tree_memory(root: int) -> tuple[int, int]:
    """(resident bytes, proportional-set bytes) of ``root`` and every process below it, from /proc. RSS
    counts the pages a forked child shares with its fork server once per process; PSS splits them, so its
    sum is what the tree really holds."""
    parents: dict[int, int] = {}
    for entry in os.scandir("/proc"):
        if entry.name.isdigit():
            try:
                stat = Path(entry.path, "stat").read_text()
            except OSError:
                continue
            parents[int(entry.name)] = int(stat[stat.rindex(")") + 2 :].split()[1])
    rss = pss = 0
    for pid in parents:
        walk = pid
        while walk > 1 and walk != root:
            walk = parents.get(walk, 0)
        if walk != root:
            continue
        try:
            rollup = Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines()
        except OSError:
            continue
        for line in rollup:
            if line.startswith("Rss:"):
                rss += int(line.split()[1]) * 1024
            elif line.startswith("Pss:"):
                pss += int(line.split()[1]) * 1024
    return rss, pss


class PeakSampler(threading.Thread):
    """The process tree's memory every 20 ms while it runs: (seconds since start, RSS, PSS) samples."""

    def __init__(self, pid: int) -> None:
        super().__init__(daemon=True)
        self.pid, self.done = pid, threading.Event()
        self.samples: list[tuple[float, int, int]] = []

    def run(self) -> None:
        start = time.perf_counter()
        while not self.done.wait(0.02):
            self.samples.append((time.perf_counter() - start, *tree_memory(self.pid)))

    def peaks(self) -> tuple[float, float, float, float]:
        """Peak RSS and PSS in MB over the run, and peak PSS over its first and its second half."""
        if not self.samples:
            return 0.0, 0.0, 0.0, 0.0
        middle = self.samples[-1][0] / 2
        first = [p for t, _, p in self.samples if t <= middle] or [0]
        second = [p for t, _, p in self.samples if t > middle] or [0]
        mb = 1048576
        return (
            max(r for _, r, _ in self.samples) / mb,
            max(p for _, _, p in self.samples) / mb,
            max(first) / mb,
            max(second) / mb,
        )


def ingest(
    pdfs: list[Path], model: str, workers: int
) -> tuple[float, tuple[float, float, float, float], int]:
    """(wall seconds, ``PeakSampler.peaks()`` of the process tree, papers ingested) of one ingest."""
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
    return elapsed, sampler.peaks(), ok


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
    peaks: dict[tuple[int, str], tuple[float, float, float, float]] = {}
    oks: dict[tuple[int, str], int] = {}
    # The runs and the baseline alternate and each keeps its best time, so other load skews none of them.
    base_s = float("inf")
    pages = 0
    for _ in range(max(1, args.repeats)):
        for run in runs:
            wall, rss, ok = ingest(pdfs, run[1], run[0])
            walls[run] = min(wall, walls.get(run, wall))
            peaks[run] = max(rss, peaks.get(run, rss))
            oks[run] = ok
        pages, elapsed = baseline(pdfs)  # the first ingest warmed the file cache
        base_s = min(base_s, elapsed)
    print(f"{len(pdfs)} PDFs, {pages} pages; best of {max(1, args.repeats)} runs each")
    print(f"baseline get_text(dict), no images   {pages / base_s:8.1f} pages/s  ({base_s:.2f} s)")
    for workers, model in runs:
        wall = walls[(workers, model)]
        print(
            f"ingest, {workers} worker(s), model {model:8s} {pages / wall:8.1f} pages/s  ({wall:.1f} s, "
            f"{wall / len(pdfs):.2f} s/paper, {oks[(workers, model)]}/{len(pdfs)} ok)"
        )
    print("peak memory of the ingest's process tree (main, fork server, parse children), MB:")
    for workers, model in runs:
        rss, pss, first, second = peaks[(workers, model)]
        print(
            f"  {workers} worker(s), model {model:8s} RSS {rss:5.0f}  PSS {pss:5.0f}  "
            f"(PSS peak in the first half of the run {first:.0f}, in the second {second:.0f})"
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
