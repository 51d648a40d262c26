"""Parse speed over the whole corpus: our full parse vs the bare ``get_text("dict")`` call.

Usage: python bench/parse_speed.py [--corpus DIR]
Prints pages/s for both, then ``ratio_with_tables N.NN`` (with lazy table cells) and finally ``ratio N.NN``.
"""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import pymupdf  # noqa: E402

from paperstudy.models import ParsedPaper  # noqa: E402
from paperstudy.parsing.structure import parse_structure  # noqa: E402
from paperstudy.parsing.tables import extract_table_cells  # noqa: E402

DEFAULT_CORPUS = ROOT.parent / "shared" / "corpus"
FLAGS = pymupdf.TEXTFLAGS_DICT & ~pymupdf.TEXT_PRESERVE_IMAGES


def _parser() -> Callable[[Path], ParsedPaper]:
    try:
        from paperstudy.parsing import entities, facets  # noqa: F401
    except ImportError:
        print("facets/entities not available: timing parse_structure only")
        return parse_structure
    from paperstudy.parsing import parse_pdf

    return parse_pdf


def _baseline(pdfs: list[Path]) -> tuple[int, float]:
    pages = 0
    start = time.perf_counter()
    for pdf in pdfs:
        with pymupdf.open(pdf) as doc:
            for page in doc:
                page.get_text("dict", flags=FLAGS)
                pages += 1
    return pages, time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    args = parser.parse_args()
    pdfs = sorted((args.corpus / "pdfs").glob("*.pdf"))
    if not pdfs:
        print(f"no PDFs under {args.corpus / 'pdfs'}")
        return
    parse = _parser()
    _baseline(pdfs[:2])  # warm up
    base_pages, base_time = _baseline(pdfs)
    pages = 0
    start = time.perf_counter()
    papers = []
    for pdf in pdfs:
        paper = parse(pdf)
        papers.append((pdf, paper))
        pages += paper.page_count
    ours_time = time.perf_counter() - start
    start = time.perf_counter()
    n_tables = 0
    for pdf, paper in papers:
        n_tables += len(extract_table_cells(pdf, paper.captions))
    table_time = time.perf_counter() - start
    ours = pages / ours_time
    base = base_pages / base_time
    with_tables = pages / (ours_time + table_time)
    print(f"files {len(pdfs)} pages {pages}")
    print(f"ours {ours:.1f} pages/s ({ours_time:.2f}s)")
    print(f"baseline get_text(dict) {base:.1f} pages/s ({base_time:.2f}s)")
    print(f"with table cells {with_tables:.1f} pages/s ({n_tables} tables, {table_time:.2f}s extra)")
    print(f"ratio_with_tables {with_tables / base:.2f}")
    print(f"ratio {ours / base:.2f}")


if __name__ == "__main__":
    main()
