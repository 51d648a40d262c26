"""Parse speed over the whole corpus: our full parse vs the bare ``get_text("dict")`` call.

Usage: python bench/parse_speed.py [--corpus DIR] [--repeats N]
The two passes alternate, N times (default 3), and each side keeps its best time, so load from other
processes on a shared machine skews neither side. Prints pages/s for both, then ``ratio_with_tables N.NN``
(with lazy table cells, timed once), the best CPU (process) time of each side and ``ratio_cpu N.NNN`` (less
swayed by other processes' load than wall time), and finally ``ratio N.NN``.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import pymupdf  # noqa: E402

from paperstudy.models import ParsedPaper  # noqa: E402
from paperstudy.parsing import parse_pdf  # noqa: E402
from paperstudy.parsing.tables import extract_table_cells  # noqa: E402

DEFAULT_CORPUS = ROOT.parent / "shared" / "corpus"
FLAGS = pymupdf.TEXTFLAGS_DICT & ~pymupdf.TEXT_PRESERVE_IMAGES


def baseline(pdfs: list[Path]) -> tuple[int, float, float]:
    """PyMuPDF's bare no-image ``get_text(\"dict\")`` pass over the PDFs: (pages, wall s, CPU s)."""
    pages = 0
    start, cpu_start = time.perf_counter(), time.process_time()
    for pdf in pdfs:
        with pymupdf.open(pdf) as doc:
            for page in doc:
                page.get_text("dict", flags=FLAGS)
                pages += 1
    return pages, time.perf_counter() - start, time.process_time() - cpu_start


def _ours(pdfs: list[Path]) -> tuple[int, float, float, list[tuple[Path, ParsedPaper]]]:
    pages = 0
    papers = []
    start, cpu_start = time.perf_counter(), time.process_time()
    for pdf in pdfs:
        paper = parse_pdf(pdf)
        papers.append((pdf, paper))
        pages += paper.page_count
    return pages, time.perf_counter() - start, time.process_time() - cpu_start, papers


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument(
        "--no-table-cells", action="store_true", help="skip the slow lazy find_tables timing (app cell view)"
    )
    args = parser.parse_args()
    pdfs = sorted((args.corpus / "pdfs").glob("*.pdf"))
    if not pdfs:
        print(f"no PDFs under {args.corpus / 'pdfs'}")
        return
    baseline(pdfs[:2])  # warm up
    parse_pdf(pdfs[0])
    base_time = ours_time = base_cpu = ours_cpu = float("inf")
    for _ in range(max(1, args.repeats)):
        base_pages, elapsed, cpu = baseline(pdfs)
        base_time, base_cpu = min(base_time, elapsed), min(base_cpu, cpu)
        pages, elapsed, cpu, papers = _ours(pdfs)
        ours_time, ours_cpu = min(ours_time, elapsed), min(ours_cpu, cpu)
    start = time.perf_counter()
    n_tables = 0
    for pdf, paper in [] if args.no_table_cells else papers:
        n_tables += len(extract_table_cells(pdf, paper.captions))
    table_time = time.perf_counter() - start
    ours = pages / ours_time
    base = base_pages / base_time
    with_tables = pages / (ours_time + table_time)
    print(f"files {len(pdfs)} pages {pages}")
    print(f"ours {ours:.1f} pages/s ({ours_time:.2f}s)")
    print(f"baseline get_text(dict) {base:.1f} pages/s ({base_time:.2f}s)")
    if not args.no_table_cells:
        print(f"with table cells {with_tables:.1f} pages/s ({n_tables} tables, {table_time:.2f}s extra)")
        print(f"ratio_with_tables {with_tables / base:.2f}")
    # CPU time counts only this process, so other processes on a shared machine sway it less than wall time.
    print(f"cpu ours {ours_cpu:.2f}s baseline {base_cpu:.2f}s")
    print(f"ratio_cpu {base_cpu / ours_cpu:.3f}")
    print(f"ratio {ours / base:.2f}")


if __name__ == "__main__":
    main()
