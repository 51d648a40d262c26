"""Parse quality on the labelled corpus: heading P/R/F1, number accuracy, facets, datasets, metrics.

Usage: python bench/parse_quality.py [--no-baseline] [--corpus DIR]
Prints numbers only (never asserts): one line per paper, then overall, then the pymupdf4llm baseline.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from paperstudy.models import ParsedPaper  # noqa: E402
from paperstudy.parsing.evaluation import HeadingScore, recall, score_headings  # noqa: E402
from paperstudy.parsing.structure import parse_structure  # noqa: E402

DEFAULT_CORPUS = ROOT.parent / "shared" / "corpus"


def _parser() -> tuple[Callable[[Path], ParsedPaper], bool]:
    try:
        from paperstudy.parsing import entities, facets  # noqa: F401
    except ImportError:
        return parse_structure, False
    from paperstudy.parsing import parse_pdf

    return parse_pdf, True


def _fmt(value: float | None) -> str:
    return "n/a" if value is None else f"{value:.3f}"


def _baseline_headings(pdf: Path) -> list[tuple[str, int | None, str | None]]:
    import pymupdf4llm

    markdown = pymupdf4llm.to_markdown(str(pdf), show_progress=False)
    out: list[tuple[str, int | None, str | None]] = []
    for line in markdown.splitlines():
        match = re.match(r"^#{1,6}\s+(.*)$", line)
        if match:
            out.append((re.sub(r"[*_`]", "", match.group(1)).strip(), None, None))
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--no-baseline", action="store_true", help="skip the slow pymupdf4llm baseline")
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    args = parser.parse_args()
    truth_files = sorted((args.corpus / "truth").glob("*.json"))
    if not truth_files:
        print(f"no truth files under {args.corpus / 'truth'}")
        return
    parse, full = _parser()
    label = "parse_pdf (structure+facets+entities)" if full else "parse_structure (facets/entities n/a)"
    print(f"parser: {label}")
    total = HeadingScore(0, 0, 0, 0)
    base_total = HeadingScore(0, 0, 0, 0)
    facet_hits = facet_n = 0
    ds_scores: list[float] = []
    metric_scores: list[float] = []
    header = (
        f"{'paper':30s} {'P':>6s} {'R':>6s} {'F1':>6s} {'num':>6s} {'facet':>6s} {'data':>6s} {'metric':>6s}"
    )
    print(header)
    for path in truth_files:
        truth = json.loads(path.read_text(encoding="utf-8"))
        pdf = args.corpus / truth.get("pdf", f"pdfs/{path.stem}.pdf")
        paper = parse(pdf)
        predicted = [(s.heading, int(s.level), s.number) for s in paper.sections]
        expected = [(s["heading"], int(s["level"]), s.get("number")) for s in truth["sections"]]
        score = score_headings(predicted, expected)
        total = total + score
        facet_acc: float | None = None
        data_recall: float | None = None
        metric_recall: float | None = None
        if full:
            from paperstudy.parsing.evaluation import match_headings

            pairs = match_headings(predicted, expected)
            hits = sum(1 for i, j in pairs if paper.sections[i].facet == truth["sections"][j]["facet"])
            facet_hits += hits
            facet_n += len(pairs)
            facet_acc = hits / len(pairs) if pairs else None
            data_recall = recall([d.name for d in paper.datasets], truth.get("datasets", []))
            metric_recall = recall([m.name for m in paper.metrics], truth.get("metrics", []))
            if data_recall is not None:
                ds_scores.append(data_recall)
            if metric_recall is not None:
                metric_scores.append(metric_recall)
        print(
            f"{path.stem:30s} {score.precision:6.3f} {score.recall:6.3f} {score.f1:6.3f} "
            f"{score.number_accuracy:6.3f} {_fmt(facet_acc):>6s} {_fmt(data_recall):>6s} "
            f"{_fmt(metric_recall):>6s}"
        )
        if not args.no_baseline:
            base = score_headings(_baseline_headings(pdf), [(t, None, n) for t, _, n in expected])
            base_total = base_total + base
    print(
        f"{'OVERALL':30s} {total.precision:6.3f} {total.recall:6.3f} {total.f1:6.3f} "
        f"{total.number_accuracy:6.3f} {_fmt(facet_hits / facet_n if facet_n else None):>6s} "
        f"{_fmt(sum(ds_scores) / len(ds_scores) if ds_scores else None):>6s} "
        f"{_fmt(sum(metric_scores) / len(metric_scores) if metric_scores else None):>6s}"
    )
    if args.no_baseline:
        print("baseline pymupdf4llm heading F1: skipped (--no-baseline)")
    else:
        print(
            f"baseline pymupdf4llm heading P {base_total.precision:.3f} R {base_total.recall:.3f} "
            f"F1 {base_total.f1:.3f} (text only, levels ignored)"
        )


if __name__ == "__main__":
    start = time.perf_counter()
    main()
    print(f"elapsed {time.perf_counter() - start:.1f}s")
