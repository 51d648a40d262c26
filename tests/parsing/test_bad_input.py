from pathlib import Path

import pymupdf
import pytest

from paperstudy.errors import PdfError
from paperstudy.parsing.structure import parse_structure


def _simple(doc: pymupdf.Document) -> None:
    page = doc.new_page()
    page.insert_text((72, 72), "Hello world, this is a small test paper with some text. " * 2)


def test_empty_file(tmp_path: Path):
    path = tmp_path / "empty.pdf"
    path.write_bytes(b"")
    with pytest.raises(PdfError, match=r"empty\.pdf: .*empty"):
        parse_structure(path)


def test_not_a_pdf(tmp_path: Path):
    path = tmp_path / "page.pdf"
    path.write_text("<html><body>Not a pdf</body></html>")
    with pytest.raises(PdfError, match="not a PDF"):
        parse_structure(path)


def test_corrupt(tmp_path: Path):
    path = tmp_path / "corrupt.pdf"
    path.write_bytes(b"%PDF-1.7\n" + b"\x00garbage" * 200 + b"\n%%EOF\n")
    with pytest.raises(PdfError, match=r"corrupt\.pdf"):
        parse_structure(path)


def test_truncated(make_pdf, tmp_path: Path):
    good = make_pdf(_simple)
    data = good.read_bytes()
    path = tmp_path / "truncated.pdf"
    path.write_bytes(data[: len(data) // 2])
    with pytest.raises(PdfError, match="truncated"):
        parse_structure(path)


def test_encrypted(make_pdf):
    path = make_pdf(_simple, "locked.pdf", encryption=pymupdf.PDF_ENCRYPT_AES_256, user_pw="u", owner_pw="o")
    with pytest.raises(PdfError, match="password"):
        parse_structure(path)


def test_zero_pages(tmp_path: Path):
    body = b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
    body += b"2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\n"
    xref = len(body)
    body += b"xref\n0 3\n0000000000 65535 f \n0000000009 00000 n \n0000000052 00000 n \n"
    body += f"trailer<</Size 3/Root 1 0 R>>\nstartxref\n{xref}\n%%EOF\n".encode()
    path = tmp_path / "zero.pdf"
    path.write_bytes(body)
    with pytest.raises(PdfError, match=r"zero\.pdf"):
        parse_structure(path)


def test_image_only(make_pdf):
    def build(doc: pymupdf.Document) -> None:
        page = doc.new_page()
        pix = pymupdf.Pixmap(pymupdf.csRGB, pymupdf.IRect(0, 0, 50, 50), False)
        pix.clear_with(200)
        page.insert_image(pymupdf.Rect(72, 72, 300, 300), pixmap=pix)

    path = make_pdf(build, "scan.pdf")
    with pytest.raises(PdfError, match="no text layer"):
        parse_structure(path)


def test_error_message_is_one_line(tmp_path: Path):
    path = tmp_path / "empty.pdf"
    path.write_bytes(b"")
    with pytest.raises(PdfError) as info:
        parse_structure(path)
    assert "\n" not in str(info.value)


@pytest.mark.parametrize("enabled", [True, False])
def test_reading_leaves_the_garbage_collector_as_it_was(make_pdf, tmp_path: Path, enabled: bool):
    # The parser pauses the cyclic collector while it works; it must restore it, also on failure.
    import gc

    from paperstudy.parsing import parse_pdf

    good = make_pdf(_simple)
    bad = tmp_path / "empty.pdf"
    bad.write_bytes(b"")
    was = gc.isenabled()
    try:
        gc.enable() if enabled else gc.disable()
        for parse in (parse_structure, parse_pdf):
            parse(good)
            assert gc.isenabled() is enabled
            with pytest.raises(PdfError):
                parse(bad)
            assert gc.isenabled() is enabled
    finally:
        gc.enable() if was else gc.disable()
