"""`paperstudy ingest --engine ray` (a local Ray) against the local process pool, on the same PDFs.

Usage: python bench/ray_ingest.py [--corpus DIR] [--papers N] [--workers 2] [--repeats 1]

Each engine ingests the same PDFs into a fresh vault in one `python -m paperstudy ingest … --json`
process (start-up, Ray's own start and the model load included), alternating, best of ``--repeats``.
Prints pages/s of each and ``ratio`` = Ray pages/s ÷ process pool pages/s, then the Ray run's per-stage
throughput table (its stderr). On one machine Ray pays for its own start (seconds) and for moving rows
through its object store; what it buys is running past one machine (README, "Scale").
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pymupdf

ROOT = Path(__file__).resolve().parent.parent


def ingest(pdfs: list[Path], engine: list[str]) -> tuple[float, int, str]:
    """(wall seconds, papers ingested, stderr) of one ingest process."""
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    for name in ("PAPERSTUDY_EMBEDDING_MODEL", "PAPERSTUDY_WORKERS", "RAY_ADDRESS"):
        env.pop(name, None)
    vault = Path(tempfile.mkdtemp(prefix="paperstudy-ray-bench-")) / "vault"
    command = [sys.executable, "-m", "paperstudy", "ingest", *map(str, pdfs), "--domain", "corpus"]
    start = time.perf_counter()
    done = subprocess.run(
        [*command, "--notes", str(vault), "--json", *engine],
        cwd=ROOT,
        env={**env, "COLUMNS": "100"},
        capture_output=True,
        text=True,
        check=False,
    )
    elapsed = time.perf_counter() - start
    rows = json.loads(done.stdout)
    return elapsed, sum(1 for row in rows if row.get("status") == "ok"), done.stderr


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--corpus", type=Path, default=ROOT.parent / "shared" / "corpus")
    parser.add_argument("--papers", type=int, default=12, help="the first N PDFs (0: all)")
    parser.add_argument("--workers", type=int, default=2, help="the process pool's workers")
    parser.add_argument("--repeats", type=int, default=1)
    args = parser.parse_args()
    pdfs = sorted((args.corpus / "pdfs").glob("*.pdf"))
    if args.papers:
        pdfs = pdfs[: args.papers]
    if not pdfs:
        print(f"no PDFs under {args.corpus / 'pdfs'}")
        return 0
    pages = 0
    for pdf in pdfs:
        with pymupdf.open(pdf) as doc:
            pages += doc.page_count
    engines = {"pool": ["--workers", str(args.workers)], "ray": ["--engine", "ray"]}
    walls: dict[str, float] = {}
    oks: dict[str, int] = {}
    table = ""
    for _ in range(max(1, args.repeats)):
        for name, flags in engines.items():
            wall, ok, stderr = ingest(pdfs, flags)
            walls[name] = min(wall, walls.get(name, wall))
            oks[name] = ok
            if name == "ray":
                table = stderr[stderr.find("Ray stages") - 1 :] if "Ray stages" in stderr else stderr[-2000:]
    print(f"{len(pdfs)} PDFs, {pages} pages; best of {max(1, args.repeats)} runs each; start-up included")
    for name in engines:
        label = f"process pool, {args.workers} workers" if name == "pool" else "Ray, local (2 CPUs)"
        print(
            f"{label:28s} {pages / walls[name]:7.1f} pages/s  ({walls[name]:.1f} s, "
            f"{oks[name]}/{len(pdfs)} ok)"
        )
    ratio = (pages / walls["ray"]) / (pages / walls["pool"])
    print(f"ratio {ratio:.2f}  (Ray local ÷ process pool, pages/s)")
    print(table.rstrip())
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
