"""paperstudy.service: the library-side functions the pages call (pure or on a small fake vault)."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from paperstudy.domains import load_domains
from paperstudy.errors import NoteFormatError, NotesConflict, PdfError
from paperstudy.notes import MY_NOTES_HEADING, MY_NOTES_HINT
from paperstudy.service.domains import domain_rows, filter_papers, paper_rows
from paperstudy.service.library import LibraryHandle
from paperstudy.service.papers import (
    paper_view,
    read_my_notes,
    render_page_png,
    render_region_png,
    save_my_notes,
)
from paperstudy.store import Library, Vault

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "app"))
from components import highlight_segments, md

PNG = b"\x89PNG\r\n\x1a\n"


def test_save_my_notes_rewrites_only_that_section(fake_vault: Path) -> None:
    with Library(Vault(fake_vault)) as library:
        path = library.note_file("deepthing-2017")
        before = path.read_text()
        save_my_notes(library, "deepthing-2017", "first thought\r\n\nsecond", expected="")
        after = path.read_text()
        assert after.split(MY_NOTES_HEADING)[0] == before.split(MY_NOTES_HEADING)[0]
        assert after.endswith(f"{MY_NOTES_HEADING}\n\n{MY_NOTES_HINT}\n\nfirst thought\n\nsecond\n")
        assert read_my_notes(library, "deepthing-2017") == "first thought\n\nsecond"
        save_my_notes(library, "deepthing-2017", "", expected="first thought\n\nsecond")
        assert read_my_notes(library, "deepthing-2017") == ""
        with pytest.raises(NotesConflict, match="changed elsewhere"):
            save_my_notes(library, "deepthing-2017", "x", expected="something else")


def test_save_my_notes_refuses_a_broken_note(fake_vault: Path) -> None:
    with Library(Vault(fake_vault)) as library:
        path = library.note_file("deepthing-2017")
        broken = path.read_text().replace("---\n", "", 1)
        path.write_text(broken)
        with pytest.raises(NoteFormatError):
            save_my_notes(library, "deepthing-2017", "mine")
        assert path.read_text() == broken


def test_save_my_notes_adds_the_heading_when_missing(fake_vault: Path) -> None:
    with Library(Vault(fake_vault)) as library:
        path = library.note_file("deepthing-2017")
        path.write_text(path.read_text().split(MY_NOTES_HEADING)[0])
        save_my_notes(library, "deepthing-2017", "new notes")
        assert read_my_notes(library, "deepthing-2017") == "new notes"


def test_domain_rows_and_paper_filters(fake_vault: Path) -> None:
    with Library(Vault(fake_vault)) as library:
        save_my_notes(library, "otherthing-2017", "written")
        rows = domain_rows(library, load_domains(), {"ctr-prediction": 3})
        ctr = rows[0]
        assert (ctr.id, ctr.papers, ctr.notes, ctr.due) == ("ctr-prediction", 2, 1, 3)
        assert all(r.papers == 0 and r.due == 0 for r in rows[1:])
        papers = paper_rows(library, "ctr-prediction")
    assert {p.source for p in papers} == {"arXiv", "PDF"}
    assert len(filter_papers(papers, sources=["PDF"])) == 1
    assert len(filter_papers(papers, years=(2018, 2020))) == 0
    assert len(filter_papers(papers, facet="results")) == 2
    assert len(filter_papers(papers, facet="architecture")) == 0


def test_render_pages_and_regions(fake_vault: Path) -> None:
    with Library(Vault(fake_vault)) as library:
        view = paper_view(library, "deepthing-2017")
    assert view.has_pdf and view.links[0] == ("arXiv", "https://arxiv.org/abs/1703.04247")
    assert render_page_png(view.pdf_path, 2).startswith(PNG)
    assert render_region_png(view.pdf_path, 1, (60, 50, 400, 90)).startswith(PNG)
    with pytest.raises(PdfError, match="has no page 9"):
        render_page_png(view.pdf_path, 9)
    with pytest.raises(PdfError, match="outside the page"):
        render_region_png(view.pdf_path, 1, (5000, 5000, 6000, 6000))


def test_library_handle_gives_each_thread_its_own_connection(fake_vault: Path, empty_vault: Path) -> None:
    import threading

    handle = LibraryHandle(fake_vault)
    mine = handle.library()
    assert handle.library() is mine
    seen = []
    thread = threading.Thread(target=lambda: seen.append(handle.library()))
    thread.start()
    thread.join()
    assert seen[0] is not mine
    assert mine.db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert LibraryHandle(empty_vault).is_empty()


def test_highlight_segments() -> None:
    text = "One sentence. The match is here. Another one."
    assert highlight_segments(text, ["The match is here."]) == [
        ("One sentence. ", False),
        ("The match is here.", True),
        (" Another one.", False),
    ]
    assert highlight_segments(text, ["not in it"]) == [(text, False)]


def test_paper_text_is_escaped_for_markdown() -> None:
    escaped = md("<script>alert(1)</script> **bold** [link](javascript:x) $x$ :smile:")
    assert "<script>" not in escaped and "**" not in escaped and "](" not in escaped
    assert escaped.count("\\$") == 2 and "\\:smile\\:" in escaped
