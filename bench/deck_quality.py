"""Deck quality on the labelled corpus: decks built from the PDFs of ``truth/*.json``, judged against the
PDFs themselves and the truth labels.

Usage: python bench/deck_quality.py [--corpus DIR] [--detail] [--unseen]

Each labelled paper is parsed (as bench/parse_quality.py does) and the decks of its truth domain are built
with ``domain_deck``. Printed: the share of cards by kind and of conceptual cards; the share whose source
is printed on its cited page (±1) in the PDF's own page text (PyMuPDF, normalised for case, punctuation,
ligatures and hyphenation: ``quality.printed_on_page``); "which datasets / which metrics" answers in which
every listed name matches a truth name (``parsing.evaluation.names_match``); answer-in-question and
near-duplicate rates; cards per paper. ``--unseen`` does the same (lists aside) for the corpus PDFs that
have no truth file, in one deck of their own. Prints numbers only (never asserts); ``--detail`` lists the
misses.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import pymupdf  # noqa: E402
from corpus_notes import note_from_pdf  # noqa: E402
from rapidfuzz import fuzz  # noqa: E402

from paperstudy.models import Note, QuizItem  # noqa: E402
from paperstudy.parsing.evaluation import names_match  # noqa: E402
from paperstudy.parsing.text import normalize_ligatures, restore_libertine_g, restore_th_ligature  # noqa: E402
from paperstudy.quiz.generate import domain_deck  # noqa: E402
from paperstudy.quiz.quality import NEAR_DUPLICATE, answer_in_question, normalise, printed_on_page  # noqa: E402

DEFAULT_CORPUS = ROOT.parent / "shared" / "corpus"
LIST_QUESTIONS = ("Which datasets did", "Which evaluation metrics does")


def _domain(truth: dict[str, object]) -> str:
    return "".join(c if c.isalnum() else "-" for c in str(truth.get("domain", "corpus")).lower()).strip("-")


_LINE_NUMBER = re.compile(r"^\s*\d{1,4}\s*$", re.MULTILINE)


def _pdf_pages(pdf: Path) -> list[str]:
    """Each page's text as PyMuPDF reads it, ligatures written out (Libertine's "Th" glyph maps to a bare
    "T" in the text layer: "Te network" is printed "The network"; its italic "g" to "д": "дender" is printed
    "gender") and margin line numbers (a line holding only a number, as review copies print) left out."""
    with pymupdf.open(pdf) as document:
        texts = [
            restore_libertine_g(restore_th_ligature(normalize_ligatures(page.get_text())))
            for page in document
        ]
    return [_LINE_NUMBER.sub("", text) for text in texts]


def _list_right(item: QuizItem, truth: dict[str, object]) -> bool:
    key = "datasets" if item.question.startswith(LIST_QUESTIONS[0]) else "metrics"
    names = list(truth.get(key, []))  # type: ignore[call-overload]
    listed = item.accept or [item.answer]
    return all(any(names_match(name, t) for t in names) for name in listed)


def _near_duplicates(deck: list[QuizItem]) -> int:
    keys = [normalise(f"{i.question} {i.answer}") for i in deck]
    count = 0
    for a in range(len(deck)):
        for b in range(a + 1, len(deck)):
            same = deck[a].source.paper_id == deck[b].source.paper_id
            if same and fuzz.token_sort_ratio(keys[a], keys[b]) >= NEAR_DUPLICATE:
                count += 1
    return count


def _note(pdf: Path, stem: str, domain: str) -> Note:
    return note_from_pdf(pdf, stem, domain)


def report(label: str, notes: list[Note], truths: dict[str, dict[str, object]], detail: bool) -> None:
    """Build each domain's deck from ``notes`` and print its figures."""
    pdf_pages = {n.paper.id: _pdf_pages(Path(str(n.paper.source_path))) for n in notes}
    deck: list[QuizItem] = []
    near = 0
    for domain in sorted({n.paper.domains[0] for n in notes}):
        built = domain_deck([n for n in notes if n.paper.domains[0] == domain], domain)
        near += _near_duplicates(built)
        deck += built
    kinds = Counter(i.kind for i in deck)
    per_paper = Counter(i.source.paper_id for i in deck)
    printed = [
        printed_on_page(i.source.text, pdf_pages[i.source.paper_id or ""], i.source.page) for i in deck
    ]
    lists = [
        i
        for i in deck
        if i.kind == "facet_recall" and i.question.startswith(LIST_QUESTIONS) and i.source.paper_id in truths
    ]
    right = [_list_right(i, truths[i.source.paper_id or ""]) for i in lists]
    in_question = sum(1 for i in deck if answer_in_question(i))
    total = len(deck) or 1
    print(f"== {label}: papers {len(notes)}, cards {len(deck)}")
    for kind, count in sorted(kinds.items()):
        print(f"  {kind:16s} {count:4d}  {count / total:.3f}")
    print(f"conceptual share        {kinds['concept'] / total:.3f}")
    print(f"printed sources         {sum(printed) / total:.3f} ({sum(printed)}/{len(deck)})")
    if truths:
        share = f"{sum(right) / len(right):.3f}" if right else "n/a"
        print(f"dataset/metric lists right {share} ({sum(right)}/{len(right)})")
    print(f"answer in question      {in_question / total:.3f} ({in_question})")
    print(f"near-duplicate pairs    {near / total:.3f} ({near})")
    fewest = min((per_paper.get(n.paper.id, 0), n.paper.id) for n in notes)
    print(f"cards per paper         min {fewest[0]} ({fewest[1]}), max {max(per_paper.values(), default=0)}")
    if detail:
        for n in notes:
            print(f"  {n.paper.id:28s} {per_paper.get(n.paper.id, 0):3d} cards")
        for item, ok in zip(deck, printed, strict=True):
            if not ok:
                print(f"  NOT PRINTED {item.source.paper_id} p{item.source.page}: {item.source.text[:120]!r}")
        for item, ok in zip(lists, right, strict=True):
            if not ok:
                print(f"  WRONG LIST {item.source.paper_id}: {item.question} -> {item.answer}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    parser.add_argument("--detail", action="store_true", help="list unprinted sources and wrong lists")
    parser.add_argument("--unseen", action="store_true", help="also the corpus PDFs without a truth file")
    args = parser.parse_args()
    truth_files = sorted((args.corpus / "truth").glob("*.json"))
    if not truth_files:
        print(f"no truth files under {args.corpus / 'truth'}")
        return
    truths: dict[str, dict[str, object]] = {}
    notes: list[Note] = []
    for path in truth_files:
        truth = json.loads(path.read_text(encoding="utf-8"))
        pdf = args.corpus / str(truth.get("pdf", f"pdfs/{path.stem}.pdf"))
        note = _note(pdf, path.stem, _domain(truth))
        notes.append(
            note.model_copy(update={"paper": note.paper.model_copy(update={"source_path": str(pdf)})})
        )
        truths[path.stem] = truth
    report("labelled corpus", notes, truths, args.detail)
    if args.unseen:
        unseen = []
        for pdf in sorted((args.corpus / "pdfs").glob("*.pdf")):
            if pdf.stem not in truths:
                note = _note(pdf, pdf.stem, "unseen")
                unseen.append(
                    note.model_copy(update={"paper": note.paper.model_copy(update={"source_path": str(pdf)})})
                )
        if unseen:
            report("unseen papers (no truth: lists not judged)", unseen, {}, args.detail)


if __name__ == "__main__":
    start = time.perf_counter()
    main()
    print(f"elapsed {time.perf_counter() - start:.1f}s")
