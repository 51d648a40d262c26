"""PDF outlines (bookmarks) as evidence for headings: synthetic PDFs and a corpus copy given a toc."""

from __future__ import annotations

import json
import shutil
from collections.abc import Callable
from pathlib import Path

import pymupdf
import pytest

from paperstudy.parsing.evaluation import score_headings
from paperstudy.parsing.layout import read_layout
from paperstudy.parsing.structure import parse_structure
from tests.corpus import CORPUS

from .conftest import _paragraph, _write


def _plain_headings(doc: pymupdf.Document) -> None:
    """Headings printed at body size, plain and unnumbered: the layout alone cannot see them."""
    page = doc.new_page(width=612, height=792)
    _write(page, 150, 70, "A Paper With Bookmarks", size=18, bold=True)
    y = 110.0
    for heading in ("Introduction", "Method", "Encoder details", "Results"):
        _write(page, 54, y, heading)
        y = _paragraph(page, 54, y + 14, 90, 5) + 10
    for heading in ("Discussion", "Limitations"):
        _write(page, 54, y, heading, size=12, bold=True)
        y = _paragraph(page, 54, y + 16, 90, 3) + 10
    _write(page, 54, y, "References", size=12, bold=True)
    _write(page, 54, y + 16, "[1] A. Author. A paper about things. 2019.")


def test_outline_decides_headings_and_levels(make_pdf: Callable[..., Path]) -> None:
    def build(doc: pymupdf.Document) -> None:
        _plain_headings(doc)
        doc.set_toc(
            [
                [1, "A Paper With Bookmarks", 1],  # a title bookmark holding the rest: skipped
                [2, "Abstract", 1],  # front matter: not a section
                [2, "Introduction", 1],
                [2, "Method", 1],
                [3, "Encoder details", 1],
                [2, "Results", 1],
                [2, "A section that is not printed", 1],
            ]
        )

    path = make_pdf(build)
    assert [e.title for e in read_layout(path).outline][:2] == ["A Paper With Bookmarks", "Abstract"]
    paper = parse_structure(path)
    assert [(s.level, s.heading) for s in paper.sections] == [
        (1, "Introduction"),
        (1, "Method"),
        (2, "Encoder details"),
        (1, "Results"),
        (1, "Discussion"),  # unnumbered headings found in the layout, absent from the outline
        (1, "Limitations"),
        (1, "References"),
    ]
    method = paper.sections[1]
    assert method.text.startswith("Deep models learn")


def test_without_outline_plain_lines_stay_body_text(make_pdf: Callable[..., Path]) -> None:
    paper = parse_structure(make_pdf(_plain_headings))
    assert [s.heading for s in paper.sections] == ["Discussion", "Limitations", "References"]


def test_outline_that_cannot_be_placed_is_ignored(make_pdf: Callable[..., Path]) -> None:
    def build(doc: pymupdf.Document) -> None:
        _plain_headings(doc)
        doc.set_toc([[1, "Nothing", 1], [1, "Printed", 1], [1, "Here", 1], [1, "Results", 1]])

    paper = parse_structure(make_pdf(build))
    assert [s.heading for s in paper.sections] == ["Discussion", "Limitations", "References"]


def _toc_from_truth(doc: pymupdf.Document, sections: list[dict[str, object]]) -> list[list[object]]:
    toc: list[list[object]] = []
    start = 0
    for section in sections:
        title = f"{section['number']} {section['heading']}" if section["number"] else str(section["heading"])
        page = start
        for needle in (title, str(section["heading"])):
            hits = [p for p in range(start, doc.page_count) if doc[p].search_for(needle)]
            if hits:
                page = hits[0]
                break
        start = page
        toc.append([int(str(section["level"])), title, page + 1])
    return toc


@pytest.mark.corpus
@pytest.mark.skipif(not CORPUS.exists(), reason="shared corpus (../shared/corpus) not available")
@pytest.mark.parametrize("slug", ["nfm-2017", "ncf-2017", "line-2015"])
def test_corpus_copy_with_toc_from_truth(tmp_path: Path, slug: str) -> None:
    truth = json.loads((CORPUS / "truth" / f"{slug}.json").read_text(encoding="utf-8"))
    copy = tmp_path / f"{slug}.pdf"
    shutil.copy(CORPUS / truth["pdf"], copy)
    with pymupdf.open(copy) as doc:
        assert doc.get_toc() == []  # the corpus copy carries no bookmarks of its own
        doc.set_toc(_toc_from_truth(doc, truth["sections"]))
        doc.save(tmp_path / "with-toc.pdf")
    assert len(read_layout(tmp_path / "with-toc.pdf").outline) == len(truth["sections"])
    paper = parse_structure(tmp_path / "with-toc.pdf")
    predicted = [(s.heading, int(s.level), s.number) for s in paper.sections]
    expected = [(s["heading"], int(s["level"]), s["number"]) for s in truth["sections"]]
    score = score_headings(predicted, expected)
    assert score.f1 >= 0.99, (predicted, expected)
    assert score.number_accuracy == 1.0
