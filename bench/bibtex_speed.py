"""Reading a large BibTeX library: our entry-by-entry read vs one ``bibtexparser.loads`` of the whole file.

Ours parses each entry on its own (with the file's ``@string`` macros), so a malformed entry is reported by
key and line and cannot swallow the entries after it; the baseline is bibtexparser 1.x over the whole text,
which drops a malformed entry silently. Both read the same generated Zotero-style file. Prints entries/s for
both and the ratio.
Usage: python bench/bibtex_speed.py [--entries 1000]
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def library(n: int) -> str:
    parts = ['@string{kdd = "Proceedings of KDD"}\n']
    for i in range(n):
        parts.append(
            f"@inproceedings{{author{i}2017word{i},\n"
            f"  title = {{{{Model{i}}}: Learning Feature Interactions for {{CTR}} Prediction}},\n"
            f'  author = {{M{{\\"u}}ller, Jan and Guo, Huifeng and Tang, Ruiming}},\n'
            f"  booktitle = kdd,\n  year = {{2017}},\n  doi = {{10.1145/{i}}},\n"
            f"  file = {{Full Text PDF:storage/K{i}/paper.pdf:application/pdf}},\n}}\n"
        )
    return "\n".join(parts)


def main() -> int:
    import bibtexparser
    from bibtexparser.bparser import BibTexParser

    from paperstudy.bibliography import read_bibtex

    args = argparse.ArgumentParser()
    args.add_argument("--entries", type=int, default=1000)
    n = args.parse_args().entries
    text = library(n)
    start = time.perf_counter()
    ours = read_bibtex(text, Path())
    ours_s = time.perf_counter() - start
    start = time.perf_counter()
    parser = BibTexParser(common_strings=True, ignore_nonstandard_types=False, interpolate_strings=True)
    base = bibtexparser.loads(text, parser=parser)
    base_s = time.perf_counter() - start
    assert len(ours.entries) == len(base.entries) == n
    print(f"entries: {n}")
    print(f"ours (entry by entry, decoded): {n / ours_s:8.0f} entries/s  ({ours_s:.2f} s)")
    print(f"baseline (one loads call):      {n / base_s:8.0f} entries/s  ({base_s:.2f} s)")
    print(f"ratio ours/baseline time: {ours_s / base_s:.2f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
