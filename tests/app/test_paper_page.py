"""Paper page: the structured note, figures, cited pages rendered from the PDF, and the notes editor."""

from __future__ import annotations

from pathlib import Path

from paperstudy.notes import MY_NOTES_HEADING
from paperstudy.store import Vault
from tests.app.conftest import MakeApp, no_exceptions, plain


def test_empty_library_welcome(make_app: MakeApp, empty_vault: Path) -> None:
    at = make_app(empty_vault)
    at.run()
    at.switch_page("app_pages/paper.py").run()
    no_exceptions(at)
    assert "Your library is empty." in at.info[0].value


def test_note_facets_and_cited_page(make_app: MakeApp, fake_vault: Path) -> None:
    at = make_app(fake_vault)
    at.session_state["paper"] = "deepthing-2017"
    at.run()
    at.switch_page("app_pages/paper.py").run()
    no_exceptions(at)
    assert not at.error, [e.value for e in at.error]
    assert plain(at.header[0].value) == "Deepthing: A Study"
    text = plain("\n".join(m.value for m in at.markdown))
    assert "Ada Lovelace, Alan Turing · 2017" in text
    assert "https://arxiv.org/abs/1703.04247" in text
    assert "Criteo" in text and "AUC" in text
    # The PDF viewer starts on the first cited page; a citation button opens another page.
    assert at.selectbox(key="pdf_page").value == 2
    assert len(at.image) == 1
    cite = next(b for b in at.button if b.label == "p. 2")
    at.selectbox(key="pdf_page").set_value(1).run()
    assert at.selectbox(key="pdf_page").value == 1
    cite.click().run()
    no_exceptions(at)
    assert at.selectbox(key="pdf_page").value == 2
    assert at.get("download_button")


def test_notes_editor_saves_only_my_notes(make_app: MakeApp, fake_vault: Path) -> None:
    note_path = Vault(fake_vault).note_path("ctr-prediction", "deepthing-2017")
    before = note_path.read_text()
    at = make_app(fake_vault)
    at.session_state["paper"] = "deepthing-2017"
    at.run()
    at.switch_page("app_pages/paper.py").run()
    editor = at.text_area(key="my_notes_deepthing-2017")
    assert editor.value == ""
    editor.input("FM and DNN share the embedding.\n\n- ask about **cold start**").run()
    # Typed text survives reruns (e.g. another widget changing) before it is saved.
    at.selectbox(key="pdf_page").set_value(1).run()
    assert (at.text_area(key="my_notes_deepthing-2017").value or "").startswith("FM and DNN")
    next(b for b in at.button if b.label == "Save my notes").click().run()
    no_exceptions(at)
    assert not at.error, [e.value for e in at.error]
    after = note_path.read_text()
    head, mine = after.split(MY_NOTES_HEADING)
    assert head == before.split(MY_NOTES_HEADING)[0]  # nothing else in the note changed
    assert "FM and DNN share the embedding.\n\n- ask about **cold start**" in mine
    assert not list(note_path.parent.glob(".*.tmp"))  # written atomically, no temp file left


def test_concurrent_edit_is_refused_not_overwritten(make_app: MakeApp, fake_vault: Path) -> None:
    note_path = Vault(fake_vault).note_path("ctr-prediction", "deepthing-2017")
    at = make_app(fake_vault)
    at.session_state["paper"] = "deepthing-2017"
    at.run()
    at.switch_page("app_pages/paper.py").run()
    note_path.write_text(note_path.read_text() + "\nWritten in another tab.\n")
    at.text_area(key="my_notes_deepthing-2017").input("mine").run()
    next(b for b in at.button if b.label == "Save my notes").click().run()
    no_exceptions(at)
    assert "changed elsewhere" in at.error[0].value
    assert "Written in another tab." in note_path.read_text()
    assert at.text_area(key="my_notes_deepthing-2017").value == "mine"  # nothing typed is lost


def test_real_paper_shows_architecture_figure(make_app: MakeApp, corpus_vault: Path) -> None:
    at = make_app(corpus_vault)
    at.session_state["paper"] = "deepfm-2017"
    at.run()
    at.switch_page("app_pages/paper.py").run()
    no_exceptions(at)
    assert not at.error, [e.value for e in at.error]
    assert "DeepFM" in at.header[0].value
    assert any("architecture of DeepFM" in plain(c.value) for c in at.caption)
    assert len(at.image) == 2 + 2  # the architecture figure, the cited page and two table regions
    outline = plain("\n".join(m.value for m in at.markdown))
    assert "DeepFM" in outline and "Experiment Setup" in outline
    tables = [e for e in at.expander if plain(e.label).startswith("Table")]
    assert tables and tables[0].image  # the table's region is shown as a picture
    at.toggle(key="cells_deepfm-2017").set_value(True).run()
    no_exceptions(at)
    assert not at.error, [e.value for e in at.error]
    assert any(len(t.dataframe) for t in tables) or any(len(e.dataframe) for e in at.expander)
    cards = [e for e in at.expander if e.label != "Abstract" and not plain(e.label).startswith("Table")]
    assert cards and any("Answer:" in m.value for m in cards[0].markdown)
