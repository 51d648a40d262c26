"""Quality of decks built from the shared corpus: real papers through the real parser.

Checks the issue's properties over every deck: no duplicate or near-duplicate items, no question whose
answer is in its own text, no item built from a garbled sentence (references, captions, formulas), every
item grounded in a paper with a citation, and generation deterministic.
"""

from __future__ import annotations

import json

import pytest
from rapidfuzz import fuzz

from paperstudy.models import Note, PaperRecord
from paperstudy.quiz.generate import domain_deck
from paperstudy.quiz.quality import (
    NEAR_DUPLICATE,
    answer_in_question,
    is_bare_number,
    is_garbled,
    normalise,
    printed_on_page,
)
from tests.corpus import CORPUS

pytestmark = [
    pytest.mark.corpus,
    pytest.mark.skipif(not (CORPUS / "pdfs").is_dir(), reason=f"shared corpus not found at {CORPUS}"),
]


def _domain(slug: str) -> str:
    truth = CORPUS / "truth" / f"{slug}.json"
    if truth.is_file():
        domain = json.loads(truth.read_text(encoding="utf-8"))["domain"]
        return "".join(c if c.isalnum() else "-" for c in str(domain).lower()).strip("-")
    return "corpus"


@pytest.fixture(scope="module")
def notes() -> list[Note]:
    from paperstudy.parsing import parse_pdf

    out: list[Note] = []
    for pdf in sorted((CORPUS / "pdfs").glob("*.pdf")):
        parsed = parse_pdf(pdf)
        record = PaperRecord(
            id=pdf.stem,
            title=parsed.title or pdf.stem,
            year=parsed.year,
            sha256=pdf.stem,
            domains=[_domain(pdf.stem)],
            page_count=parsed.page_count,
        )
        out.append(Note(paper=record, parsed=parsed))
    return out


@pytest.fixture(scope="module")
def decks(notes: list[Note]) -> dict[str, list]:  # type: ignore[type-arg]
    domains = sorted({n.paper.domains[0] for n in notes})
    built = {d: domain_deck([n for n in notes if n.paper.domains[0] == d], d) for d in domains}
    built["all"] = domain_deck(notes, "all")
    return built


def test_decks_are_not_empty_and_cover_the_kinds(decks: dict[str, list]) -> None:  # type: ignore[type-arg]
    everything = decks["all"]
    assert len(everything) >= 60
    kinds = {item.kind for item in everything}
    assert {"facet_recall", "cloze", "multiple_choice", "compare"} <= kinds
    assert len(decks["ctr-prediction"]) >= 20


def test_no_duplicates_or_near_duplicates(decks: dict[str, list]) -> None:  # type: ignore[type-arg]
    for name, deck in decks.items():
        ids = [item.id for item in deck]
        assert len(ids) == len(set(ids)), name
        assert len({normalise(i.question) for i in deck}) == len(deck), name
        keys = [normalise(f"{i.question} {i.answer}") for i in deck]
        for a in range(len(keys)):
            for b in range(a + 1, len(keys)):
                if deck[a].source.paper_id == deck[b].source.paper_id:
                    pair = (deck[a].question, deck[b].question)
                    assert fuzz.token_sort_ratio(keys[a], keys[b]) < NEAR_DUPLICATE, pair


def test_no_answer_in_its_question(decks: dict[str, list]) -> None:  # type: ignore[type-arg]
    for deck in decks.values():
        for item in deck:
            assert not answer_in_question(item), item.question
            if item.kind == "cloze":
                assert normalise(item.answer) not in normalise(item.question.replace("___", " "))


def test_no_item_from_a_garbled_sentence(decks: dict[str, list]) -> None:  # type: ignore[type-arg]
    for deck in decks.values():
        for item in deck:
            text = item.source.text
            assert not is_garbled(text), text
            assert not text.lower().startswith(("figure", "fig.", "table")), text
            assert "arXiv preprint" not in text and "Proceedings" not in text, text


def test_every_item_is_grounded(decks: dict[str, list], notes: list[Note]) -> None:  # type: ignore[type-arg]
    ids = {n.paper.id for n in notes}
    for item in decks["all"]:
        assert item.source.paper_id in ids
        assert item.source.text
        assert item.answer.strip() and item.question.strip()
        if item.choices:
            assert item.answer in item.choices and len(set(item.choices)) == len(item.choices) >= 3
    with_page = [i for i in decks["all"] if i.source.page]
    assert len(with_page) >= 0.8 * len(decks["all"])


def test_generation_is_deterministic(notes: list[Note], decks: dict[str, list]) -> None:  # type: ignore[type-arg]
    again = domain_deck(list(reversed(notes)), "all")
    assert [i.model_dump() for i in again] == [i.model_dump() for i in decks["all"]]


def _labelled(notes: list[Note]) -> list[Note]:
    return [n for n in notes if (CORPUS / "truth" / f"{n.paper.id}.json").is_file()]


def _pdf_pages(paper_id: str) -> list[str]:
    """The PDF's own page texts (PyMuPDF), ligatures written out and margin line numbers dropped."""
    import re

    import pymupdf

    from paperstudy.parsing.text import normalize_ligatures, restore_libertine_g, restore_th_ligature

    with pymupdf.open(CORPUS / "pdfs" / f"{paper_id}.pdf") as document:
        texts = [
            restore_libertine_g(restore_th_ligature(normalize_ligatures(page.get_text())))
            for page in document
        ]
    return [re.sub(r"(?m)^\s*\d{1,4}\s*$", "", text) for text in texts]


def test_labelled_decks_meet_the_issue_targets(notes: list[Note], decks: dict[str, list]) -> None:  # type: ignore[type-arg]
    """Issue #12 over the labelled papers' domain decks: >= 98 % sources printed on their page in the PDF
    itself, >= 40 % conceptual cards, every paper >= 8 cards, each concept answer a clause of 6+ words."""
    labelled = _labelled(notes)
    assert len(labelled) >= 10
    ids = {n.paper.id for n in labelled}
    items = [i for n in labelled for i in decks[n.paper.domains[0]] if i.source.paper_id == n.paper.id]
    pages = {paper_id: _pdf_pages(paper_id) for paper_id in ids}
    printed = [printed_on_page(i.source.text, pages[i.source.paper_id], i.source.page) for i in items]
    assert sum(printed) >= 0.98 * len(items), [
        i.source for i, ok in zip(items, printed, strict=True) if not ok
    ]
    concepts = [i for i in items if i.kind == "concept"]
    assert len(concepts) >= 0.4 * len(items)
    assert all(len(i.answer.split()) >= 6 and not i.choices for i in concepts)
    per_paper = {paper_id: sum(1 for i in items if i.source.paper_id == paper_id) for paper_id in ids}
    assert min(per_paper.values()) >= 8, per_paper
    assert not [i for i in items if i.kind == "cloze" and is_bare_number(i.answer)]
