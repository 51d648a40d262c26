"""Footnotes are kept apart from body text: out of page text, sections and entities, in ``footnotes``."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pymupdf
import pytest

from paperstudy.parsing import parse_pdf
from paperstudy.parsing.structure import parse_structure
from tests.corpus import CORPUS

BODY = "We train the network with stochastic gradient descent and report the average over five runs."


def _note(writer: pymupdf.TextWriter, y: float, mark: str, *lines: str) -> float:
    """A note at ``y``: its mark raised and smaller (6 pt) before the note's 8 pt text."""
    font = pymupdf.Font("helv")
    writer.append((54, y - 3), mark, font=font, fontsize=6)
    writer.append((58, y), lines[0], font=font, fontsize=8)
    for line in lines[1:]:
        y += 10
        writer.append((54, y), line, font=font, fontsize=8)
    return y + 10


def _page_of_body(doc: pymupdf.Document, lines: int) -> tuple[pymupdf.Page, float]:
    """A page opening with a heading and ``lines`` lines of body text; returns the page and the next y."""
    page = doc.new_page(width=612, height=792)
    page.insert_text((54, 60), "1 Introduction", fontsize=12, fontname="hebo")
    y = 84.0
    for _ in range(lines):
        page.insert_text((54, y), BODY, fontsize=10, fontname="helv")
        y += 12
    return page, y


def _page_with_notes(doc: pymupdf.Document) -> None:
    page, y = _page_of_body(doc, 20)
    writer = pymupdf.TextWriter(page.rect)
    # A table's note in small print, with body text after it: not a footnote.
    _note(writer, y + 6, "*", "Significant at p < 0.05 over the best baseline.")
    y += 30
    writer.write_text(page)
    for _ in range(10):
        page.insert_text((54, y), BODY, fontsize=10, fontname="helv")
        y += 12
    writer = pymupdf.TextWriter(page.rect)
    code = "We release the code on GitHub: https://github.com/example/code"
    y = _note(writer, 712, "1", code, "and the data.")
    _note(writer, y, "2", "The learning rate was tuned on the validation set.")
    writer.write_text(page)


def test_notes_at_the_foot_of_the_page_leave_the_body_text(make_pdf: Callable[..., Path]) -> None:
    paper = parse_structure(make_pdf(_page_with_notes))
    text = paper.pages[0]
    assert "GitHub" not in text and "learning rate was tuned" not in text
    assert "GitHub" not in paper.sections[0].text
    assert [(n.mark, n.text, n.page) for n in paper.footnotes] == [
        ("1", "We release the code on GitHub: https://github.com/example/code and the data.", 1),
        ("2", "The learning rate was tuned on the validation set.", 1),
    ]
    assert text.count("stochastic gradient descent") == 30
    # small print that body text follows stays where it is printed
    assert "Significant at p < 0.05" in text


@pytest.mark.corpus
@pytest.mark.skipif(not CORPUS.exists(), reason="shared corpus (../shared/corpus) not available")
def test_footnotes_name_no_dataset_or_metric_on_corpus_papers() -> None:
    """PNN's note "We release the repeatable experiment code on GitHub" listed GitHub as a dataset, FNN's
    note on why RMSE is not reported listed RMSE as a metric."""
    pnn = parse_pdf(CORPUS / "pdfs" / "pnn-2016.pdf")
    assert any("GitHub" in n.text and n.page == 4 for n in pnn.footnotes)
    assert "GitHub" not in [d.name for d in pnn.datasets]
    assert {"Criteo", "iPinYou"} <= {d.name for d in pnn.datasets}
    fnn = parse_pdf(CORPUS / "pdfs" / "fnn-2016.pdf")
    assert any("root mean square error (RMSE)" in n.text for n in fnn.footnotes)
    assert "RMSE" not in [m.name for m in fnn.metrics] and "AUC" in [m.name for m in fnn.metrics]


def _note_at_body_size(writer: pymupdf.TextWriter, y: float, mark: str, text: str) -> None:
    """A note printed at the body's 10 pt, only its mark raised and smaller."""
    font = pymupdf.Font("helv")
    writer.append((54, y - 3), mark, font=font, fontsize=6)
    writer.append((58, y), text, font=font, fontsize=10)


def _page_with_body_size_notes(doc: pymupdf.Document) -> None:
    page, y = _page_of_body(doc, 40)
    writer = pymupdf.TextWriter(page.rect)
    # a raised number opening a line of the paragraph, at line spacing: no note
    _note_at_body_size(writer, y, "2", "Runs of the model use the same seeds as the baselines do.")
    y += 12
    writer.write_text(page)
    page.insert_text((54, y), BODY, fontsize=10, fontname="helv")
    writer = pymupdf.TextWriter(page.rect)
    _note_at_body_size(writer, 740, "3", "Available at http://example.org/data")
    _note_at_body_size(writer, 752, "4", "Released with the code on GitHub.")
    writer.write_text(page)


def test_notes_at_the_body_size_set_apart_at_the_column_foot_leave_the_body_text(
    make_pdf: Callable[..., Path],
) -> None:
    paper = parse_structure(make_pdf(_page_with_body_size_notes))
    text = paper.pages[0]
    assert [(n.mark, n.text) for n in paper.footnotes] == [
        ("3", "Available at http://example.org/data"),
        ("4", "Released with the code on GitHub."),
    ]
    assert "example.org" not in text and "GitHub" not in text
    assert "Runs of the model use the same seeds" in text
    assert text.count("stochastic gradient descent") == 41


@pytest.mark.corpus
@pytest.mark.skipif(not CORPUS.exists(), reason="shared corpus (../shared/corpus) not available")
def test_notes_printed_at_the_body_size_are_footnotes_on_corpus_papers() -> None:
    """FFM and LINE print their notes at the body's size. FFM's note on LIBFM's runs named the validation
    and test splits "AvazuVa" and "AvazuTe", which were listed as datasets."""
    ffm = parse_pdf(CORPUS / "pdfs" / "ffm-2016.pdf")
    assert any("AvazuVa" in n.text and n.page == 6 for n in ffm.footnotes)
    names = {d.name for d in ffm.datasets}
    assert not names & {"AvazuVa", "AvazuTe"} and {"Criteo", "Avazu"} <= names
    line = parse_structure(CORPUS / "pdfs" / "line-2015.pdf")
    assert [n.text for n in line.footnotes if n.page == 5] == [
        "Available at http://socialnetworks.mpi-sws.org/ data-imc2007.html",
        "Available at http://arnetminer.org/citation",
    ]
    assert "arnetminer" not in line.pages[4]
