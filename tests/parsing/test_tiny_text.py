"""Text set at a size that rounds to 0 (a degenerate text matrix, as on a real 2001 WWW paper) must not
make the body size 0: every ratio to the body size (caption regions, headings) would divide by zero."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pymupdf
import pytest

from paperstudy.parsing import parse_pdf
from paperstudy.parsing.layout import read_layout

BODY = "Some body text of the paper that is long enough to count as a line of prose {}"


def _squash(doc: pymupdf.Document, page: pymupdf.Page) -> None:
    """Scale every text matrix of the page to 1/10000 of its height: MuPDF reports size 0.1."""
    for xref in page.get_contents():
        stream = doc.xref_stream(xref)
        doc.update_stream(xref, stream.replace(b"1 0 0 1 ", b"1 0 0 0.0001 "))


def _tiny_body(doc: pymupdf.Document) -> None:
    page = doc.new_page()
    for i in range(30):
        page.insert_text((50, 50 + 20 * i), BODY.format(i), fontsize=10)
    _squash(doc, page)
    page = doc.new_page()  # a normal page with a caption, so caption regions get searched
    for i in range(10):
        page.insert_text((50, 50 + 14 * i), BODY.format(i), fontsize=9)
    page.draw_rect(pymupdf.Rect(60, 220, 300, 400), color=(0, 0, 0))
    page.insert_text((50, 420), "Figure 1: A caption under a drawn figure.", fontsize=9)


def _only_tiny(doc: pymupdf.Document) -> None:
    page = doc.new_page()
    for i in range(30):
        page.insert_text((50, 50 + 20 * i), BODY.format(i), fontsize=10)
    page.insert_text((50, 700), "Figure 1: A caption of the figure.", fontsize=10)
    _squash(doc, page)


@pytest.mark.parametrize("builder", [_tiny_body, _only_tiny], ids=["tiny-body", "only-tiny"])
def test_tiny_text_never_gives_a_zero_body_size(
    make_pdf: Callable[..., Path], builder: Callable[[pymupdf.Document], None]
) -> None:
    path = make_pdf(builder)
    first = pymupdf.open(path)[0].get_text("dict")
    sizes = {round(s["size"], 2) for b in first["blocks"] for ln in b["lines"] for s in ln["spans"]}
    assert sizes == {0.1}  # the synthetic file really has text that rounds to size 0
    layout = read_layout(path)
    assert layout.body_size > 0
    if builder is _tiny_body:
        assert layout.body_size == 9.0
    paper = parse_pdf(path)
    assert "Some body text" in paper.pages[0]
