"""Parse quality on the labelled corpus, from the PDF through the whole parser.

Usage: python bench/parse_quality.py [--no-baseline] [--corpus DIR] [--detail]

Per paper: heading P/R/F1 (text + level), number accuracy, facet accuracy, dataset and metric recall and
precision (an extracted name that matches no truth name counts against precision), whether the paper's own
model is named, whether the headline's numbers agree with the truth's ``headline_result``, whether some
results-table value of the own model is one the truth's headline quotes, and whether the id is the truth
slug. Then the same figures for the papers the rules were first written on, for the papers labelled later,
and for all. Prints numbers only (never asserts); ``--detail`` lists the wrong and missed names.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from paperstudy.ids import paper_id_for  # noqa: E402
from paperstudy.models import ParsedPaper  # noqa: E402
from paperstudy.parsing import parse_pdf  # noqa: E402
from paperstudy.parsing.evaluation import (  # noqa: E402
    HeadingScore,
    claim_numbers,
    headline_agrees,
    match_headings,
    names_match,
    precision,
    recall,
    score_headings,
)

DEFAULT_CORPUS = ROOT.parent / "shared" / "corpus"
# The papers whose labels the first rules were written on; the others were labelled later.
FIRST_ELEVEN = frozenset(
    "dcn-2017 deepfm-2017 demand-forecasting-pdf-2021 dssm-2013 fnn-2016 gcn-2017 prel-mf-2020 resnet-2015 "
    "t-cvae-2019 transformer-2017 wide-deep-2016".split()
)
_NUMBER = re.compile(r"\d+(?:\.\d+)?")


@dataclass
class Tally:
    headings: HeadingScore = field(default_factory=lambda: HeadingScore(0, 0, 0, 0))
    facet_hits: int = 0
    facet_n: int = 0
    columns: dict[str, list[float]] = field(default_factory=dict)

    def add(self, name: str, value: float | None) -> None:
        if value is not None:
            self.columns.setdefault(name, []).append(value)

    def mean(self, name: str) -> float | None:
        values = self.columns.get(name, [])
        return sum(values) / len(values) if values else None


COLUMNS = ("data_r", "data_p", "metric_r", "metric_p", "model", "headline", "result", "id")


def _fmt(value: float | None) -> str:
    return "n/a" if value is None else f"{value:.3f}"


def _baseline_headings(pdf: Path) -> list[tuple[str, int | None, str | None]]:
    # Our parser imports PyMuPDF without its layout model (``pdflib``); pymupdf4llm reads headings with it
    # and without it finds almost none (F1 0.01). Loaded late, the model imports pymupdf4llm before
    # pymupdf4llm can see it, so layout mode is switched on by hand: the baseline runs as on its own.
    from paperstudy.parsing.pdflib import with_layout_model

    with_layout_model()
    import pymupdf4llm

    pymupdf4llm.use_layout(True)

    markdown = pymupdf4llm.to_markdown(str(pdf), show_progress=False)
    out: list[tuple[str, int | None, str | None]] = []
    for line in markdown.splitlines():
        match = re.match(r"^#{1,6}\s+(.*)$", line)
        if match:
            out.append((re.sub(r"[*_`]", "", match.group(1)).strip(), None, None))
    return out


def _model_named(paper: ParsedPaper, truth: dict[str, object]) -> float:
    """1 when the own model is named and the truth's headline, title or slug (the labeller's short name,
    "prel-mf-2020") speaks of it (or the name is the acronym of the title's words)."""
    if not paper.model:
        return 0.0
    title = str(truth.get("title", ""))
    told = f"{title} {truth.get('headline_result', '')} {truth.get('slug', '')}".casefold()
    words = [w for w in re.split(r"[^\w&+-]+", paper.model.casefold()) if w]
    # "NCF" for "Neural Collaborative Filtering": the initials of consecutive title words
    initials = "".join(w[0] for w in re.findall(r"[A-Za-z][\w-]*", title)).upper()
    acronym = paper.model.isupper() and len(paper.model) >= 3 and paper.model in initials
    return 1.0 if acronym or (words and all(w in told for w in words)) else 0.0


def _result_agrees(paper: ParsedPaper, truth: dict[str, object]) -> float | None:
    """1 when a results-table value of the own model is a number the truth's headline quotes."""
    told = set(_NUMBER.findall(str(truth.get("headline_result", ""))))
    if not paper.results:
        return 0.0
    printed = {n for row in paper.results for n in _NUMBER.findall(row.printed)}
    return 1.0 if printed & told else 0.0


def _score(paper: ParsedPaper, truth: dict[str, object], tally: Tally) -> dict[str, float | None]:
    sections = truth["sections"]
    assert isinstance(sections, list)
    predicted = [(s.heading, int(s.level), s.number) for s in paper.sections]
    expected = [(s["heading"], int(s["level"]), s.get("number")) for s in sections]
    score = score_headings(predicted, expected)
    tally.headings = tally.headings + score
    pairs = match_headings(predicted, expected)
    hits = sum(1 for i, j in pairs if paper.sections[i].facet == sections[j]["facet"])
    tally.facet_hits += hits
    tally.facet_n += len(pairs)
    datasets = [d.name for d in paper.datasets]
    metrics = [m.name for m in paper.metrics]
    truth_ds = list(truth.get("datasets", []))  # type: ignore[call-overload]
    truth_m = list(truth.get("metrics", []))  # type: ignore[call-overload]
    headline = paper.headline.text if paper.headline else ""
    told = str(truth.get("headline_result", ""))
    row: dict[str, float | None] = {
        "P": score.precision,
        "R": score.recall,
        "F1": score.f1,
        "num": score.number_accuracy,
        "facet": hits / len(pairs) if pairs else None,
        "data_r": recall(datasets, truth_ds),
        "data_p": precision(datasets, truth_ds),
        "metric_r": recall(metrics, truth_m),
        "metric_p": precision(metrics, truth_m),
        "model": _model_named(paper, truth),
        # A truth headline that quotes no number (FNN's "consistently higher AUC") cannot be agreed with:
        # n/a, as is the results-table check against it.
        "headline": (1.0 if headline_agrees(headline, told) else 0.0) if claim_numbers(told) else None,
        "result": _result_agrees(paper, truth) if claim_numbers(told) else None,
        "id": 1.0 if paper_id_for(paper.title, paper.year, "", set(), paper.model) == truth["slug"] else 0.0,
    }
    for name in COLUMNS:
        tally.add(name, row[name])
    return row


def _detail(paper: ParsedPaper, truth: dict[str, object]) -> None:
    for kind, got, want in (
        ("dataset", [d.name for d in paper.datasets], list(truth.get("datasets", []))),  # type: ignore[call-overload]
        ("metric", [m.name for m in paper.metrics], list(truth.get("metrics", []))),  # type: ignore[call-overload]
    ):
        wrong = [g for g in got if not any(names_match(g, t) for t in want)]
        missed = [t for t in want if not any(names_match(g, t) for g in got)]
        print(f"    {kind}: wrong {wrong} missed {missed}")
    print(f"    model: {paper.model!r}; baselines: {paper.baselines}")
    print(f"    headline: {paper.headline.text if paper.headline else None!r}")
    for r in paper.results[:6]:
        print(
            f"    result: {r.table} {r.metric} / {r.dataset}: {r.model} {r.printed}"
            f" vs {r.best_baseline} {r.baseline_printed}"
        )


HEADER = (
    f"{'paper':28s} {'P':>5s} {'R':>5s} {'F1':>5s} {'num':>5s} {'facet':>5s} {'dataR':>5s} {'dataP':>5s} "
    f"{'metR':>5s} {'metP':>5s} {'model':>5s} {'head':>5s} {'res':>5s} {'id':>5s}"
)


def _line(label: str, values: dict[str, float | None]) -> str:
    keys = ("P", "R", "F1", "num", "facet", *COLUMNS)
    return f"{label:28s} " + " ".join(f"{_fmt(values[k]):>5s}" for k in keys)


def _summary(label: str, tally: Tally) -> str:
    h = tally.headings
    values: dict[str, float | None] = {
        "P": h.precision,
        "R": h.recall,
        "F1": h.f1,
        "num": h.number_accuracy,
        "facet": tally.facet_hits / tally.facet_n if tally.facet_n else None,
    }
    values.update({name: tally.mean(name) for name in COLUMNS})
    return _line(label, values)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--no-baseline", action="store_true", help="skip the slow pymupdf4llm baseline")
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    parser.add_argument("--detail", action="store_true", help="list wrong and missed names per paper")
    args = parser.parse_args()
    truth_files = sorted((args.corpus / "truth").glob("*.json"))
    if not truth_files:
        print(f"no truth files under {args.corpus / 'truth'}")
        return
    print("parser: parse_pdf (structure + facets + entities + tables), from the PDF")
    print(HEADER)
    first, later, everyone = Tally(), Tally(), Tally()
    base_total = HeadingScore(0, 0, 0, 0)
    for path in truth_files:
        truth = json.loads(path.read_text(encoding="utf-8"))
        pdf = args.corpus / truth.get("pdf", f"pdfs/{path.stem}.pdf")
        paper = parse_pdf(pdf)
        group = first if path.stem in FIRST_ELEVEN else later
        row = _score(paper, truth, group)
        _score(paper, truth, everyone)
        print(_line(path.stem, row))
        if args.detail:
            _detail(paper, truth)
        if not args.no_baseline:
            expected = [(s["heading"], None, s.get("number")) for s in truth["sections"]]
            base_total = base_total + score_headings(_baseline_headings(pdf), expected)
    print(_summary(f"FIRST {len(first.columns.get('id', []))} (rules written on)", first))
    print(_summary(f"LATER {len(later.columns.get('id', []))} (labelled later)", later))
    print(_summary("ALL", everyone))
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
