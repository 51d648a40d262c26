"""Heading rules on synthetic PDFs: wrapped capitals headings, coined lower-case names, stray roman
labels from math fonts, title-block lines read after the first section, the Libertine "Th" glyph."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pymupdf

from paperstudy.parsing.headings import detect_headings
from paperstudy.parsing.layout import Line, PageLayout, StyledSpan
from paperstudy.parsing.structure import parse_structure
from paperstudy.parsing.text import restore_th_ligature

from .conftest import _paragraph, _write


def _build(doc: pymupdf.Document) -> None:
    page = doc.new_page(width=612, height=792)
    _write(page, 150, 70, "Learning Things From Graphs", size=18, bold=True)
    _write(page, 80, 100, "Ada Lovelace", size=12)
    _write(page, 430, 100, "Alan Turing", size=12)
    _write(page, 54, 140, "ABSTRACT", size=11, bold=True)
    y = _paragraph(page, 54, 156, 50, 4)
    _write(page, 54, y + 14, "1 INTRODUCTION", size=11, bold=True)
    y = _paragraph(page, 54, y + 32, 50, 8)
    _write(page, 54, y + 14, "2 node2vec EMBEDDINGS", size=11, bold=True)
    y = _paragraph(page, 54, y + 32, 50, 6)
    _write(page, 318, 140, "3 EXPERIMENTS ON LARGE GRAPHS", size=11, bold=True)
    _write(page, 318, 153, "AND ON", size=11, bold=True)
    y = _paragraph(page, 318, 172, 50, 10)
    _write(page, 318, y + 14, "4 CONCLUSION", size=11, bold=True)
    _paragraph(page, 318, y + 32, 50, 6)


def test_heading_rules_on_synthetic_two_column_page(make_pdf: Callable[..., Path]) -> None:
    paper = parse_structure(make_pdf(_build))
    assert [(s.number, s.heading) for s in paper.sections] == [
        ("1", "INTRODUCTION"),
        ("2", "node2vec EMBEDDINGS"),
        ("3", "EXPERIMENTS ON LARGE GRAPHS AND ON"),
        ("4", "CONCLUSION"),
    ]
    assert all(s.level == 1 for s in paper.sections)


def test_th_ligature_is_restored_only_for_th_words() -> None:
    assert restore_th_ligature("Te proof of Teorem 3.1") == "The proof of Theorem 3.1"
    assert restore_th_ligature("Te NFM Model. Tese are") == "The NFM Model. These are"
    assert restore_th_ligature("Ten trees. Tree search. Training") == "Ten trees. Tree search. Training"
    assert restore_th_ligature("no capital here") == "no capital here"
    # a name joined by a hyphen is printed as it is; a word broken at a line's end is still restored
    assert restore_th_ligature("Tat-Seng Chua") == "Tat-Seng Chua"
    assert restore_th_ligature("Tere-") == "There-"


def _line(
    text: str, y: float, size: float, bold: bool = False, italic: bool = False, gap: bool = False
) -> Line:
    line = Line(text, 54, y, 54 + 5 * len(text), y + size, [StyledSpan(text, size, bold, italic)], int(y))
    line.size, line.bold, line.italic, line.label_gap = size, bold, italic, gap
    return line


def test_roman_label_out_of_sequence_is_not_a_heading() -> None:
    body = "Plain running text of the section that goes on for a while and ends here."
    lines = [
        _line("I. INTRODUCTION", 100, 10, bold=True),
        _line(body, 120, 9),
        _line("II. METHOD", 140, 10, bold=True),
        _line(body, 160, 9),
        # a summation sign set in a math font reaches the text layer as "X", apart from its operands
        _line("X wik wkj", 180, 9, italic=True, gap=True),
        _line(body, 200, 9),
        _line("III. RESULTS", 220, 10, bold=True),
        _line(body, 240, 9),
    ]
    page = PageLayout(2, 612, 792, lines)
    found = detect_headings([page], 9.0, 18.0)
    assert [(h.number, h.text) for h in found] == [
        ("I", "INTRODUCTION"),
        ("II", "METHOD"),
        ("III", "RESULTS"),
    ]
