"""Shared fixtures for parsing tests: small PDFs generated with PyMuPDF, and the shared corpus."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pymupdf
import pytest

LOREM = (
    "Deep models learn feature interactions from raw data and we describe the training procedure in "
    "detail so that the results can be reproduced by other researchers working on this problem."
)


def _write(page: pymupdf.Page, x: float, y: float, text: str, size: float = 10, bold: bool = False) -> None:
    page.insert_text((x, y), text, fontsize=size, fontname="hebo" if bold else "helv")


def _paragraph(
    page: pymupdf.Page, x: float, y: float, width_chars: int, lines: int, text: str = LOREM
) -> float:
    words = (text + " ") * 4
    for _ in range(lines):
        chunk = words[:width_chars]
        words = words[width_chars:]
        _write(page, x, y, chunk)
        y += 12
    return y


@pytest.fixture
def make_pdf(tmp_path: Path) -> Callable[..., Path]:
    def make(builder: Callable[[pymupdf.Document], None], name: str = "paper.pdf", **save: object) -> Path:
        doc = pymupdf.open()
        builder(doc)
        path = tmp_path / name
        doc.save(path, **save)
        doc.close()
        return path

    return make


def build_two_column(doc: pymupdf.Document) -> None:
    """Two pages, two columns, numbered headings, running header, page numbers, caption, ligature."""
    for number in (1, 2):
        page = doc.new_page(width=612, height=792)
        _write(page, 200, 40, "Proceedings of the Test Conference 2020")
        _write(page, 300, 770, str(number))
        if number == 1:
            _write(page, 120, 90, "A Study of Testing Parsers", size=18, bold=True)
            _write(page, 230, 115, "Ada Lovelace, Alan Turing", size=12)
            _write(page, 54, 150, "Abstract", size=12, bold=True)
            y = _paragraph(page, 54, 168, 50, 4)
            _write(page, 54, y + 14, "1 Introduction", size=12, bold=True)
            y = _paragraph(page, 54, y + 32, 50, 10)
            _write(page, 54, y, "the classifier was trained on a repre-")
            _write(page, 54, y + 12, "sentative corpus of documents.")
            _write(page, 318, 150, "2 Related Work", size=12, bold=True)
            y = _paragraph(page, 318, 168, 50, 8)
            _write(page, 318, y + 14, "2.1 Deep Models", size=11, bold=True)
            _paragraph(page, 318, y + 32, 50, 8)
        else:
            _write(page, 54, 80, "3 Experiments", size=12, bold=True)
            y = _paragraph(page, 54, 98, 50, 6)
            page.draw_rect(pymupdf.Rect(60, y + 10, 290, y + 110), color=(0, 0, 0))
            _write(page, 54, y + 124, "Figure 1: The architecture of the model.", size=9)
            y = _paragraph(page, 54, y + 146, 50, 5)
            _write(page, 318, 80, "3.1 Datasets", size=11, bold=True)
            _paragraph(page, 318, 98, 50, 8)
            _write(page, 318, 220, "References", size=12, bold=True)
            _write(page, 318, 238, "[1] A. Author. A paper about things. 2019.")


@pytest.fixture
def two_column_pdf(make_pdf: Callable[..., Path]) -> Path:
    return make_pdf(build_two_column)
