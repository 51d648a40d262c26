"""Words printed inside a located figure region are not body text; captions and prose around stay."""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from pathlib import Path

import pymupdf
import pytest

from paperstudy.parsing.structure import parse_structure
from paperstudy.parsing.text import fold
from tests.corpus import CORPUS

from .conftest import _paragraph, _write

PROSE = (
    "We train the network with stochastic gradient descent and report the average over five runs, "
    "which keeps the comparison fair for every baseline."
)


def _figure_page(doc: pymupdf.Document) -> None:
    page = doc.new_page(width=612, height=792)
    _write(page, 150, 60, "Figures Are Not Text", size=18, bold=True)
    _write(page, 54, 100, "1 Introduction", size=12, bold=True)
    y = _paragraph(page, 54, 118, 90, 6, PROSE)
    # a diagram: boxes with short labels, an axis, a legend
    page.draw_rect(pymupdf.Rect(80, y + 20, 530, y + 170), color=(0, 0, 0))
    for i, label in enumerate(("Embedding Layer", "Hidden Layer", "Output Unit")):
        _write(page, 100 + 150 * i, y + 60, label, size=8)
    _write(page, 100, y + 150, "0.0   0.2   0.4   0.6   0.8", size=7)
    _write(page, 54, y + 190, "Figure 1: The network and its layers.", size=9)
    y = _paragraph(page, 54, y + 214, 90, 6, PROSE)
    _write(page, 54, y + 10, "in the end the last line of this paragraph is short.")


def test_figure_labels_leave_page_text_caption_and_prose_stay(make_pdf: Callable[..., Path]) -> None:
    paper = parse_structure(make_pdf(_figure_page))
    text = paper.pages[0]
    figure = next(c for c in paper.captions if c.label == "Figure 1")
    assert figure.region_bbox is not None
    for label in ("Embedding Layer", "Hidden Layer", "Output Unit", "0.0   0.2", "0.0 0.2"):
        assert label not in text
    assert "Figure 1: The network and its layers." in text
    assert text.count("stochastic gradient descent") >= 6
    assert "paragraph is short." in text
    assert "Embedding Layer" not in paper.sections[0].text


_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f]")


@pytest.mark.corpus
@pytest.mark.skipif(not CORPUS.exists(), reason="shared corpus (../shared/corpus) not available")
def test_corpus_prose_survives_figure_removal() -> None:
    truths = [json.loads(p.read_text(encoding="utf-8")) for p in sorted((CORPUS / "truth").glob("*.json"))]
    checked = 0
    for truth in truths:
        sentence = truth.get("abstract_first_sentence")
        if not sentence:
            continue
        paper = parse_structure(CORPUS / truth["pdf"])
        assert fold(sentence)[:80] in fold(" ".join(paper.pages)), truth["slug"]
        checked += 1
    assert checked >= 5
    # ESMM's Figure 1 prints glyphs without a text mapping (control characters) and shopping words
    esmm = parse_structure(CORPUS / "pdfs" / "esmm-2018.pdf")
    assert not _CONTROL.search(esmm.pages[0])
    assert "Figure 1" in esmm.pages[0]
