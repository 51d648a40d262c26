"""Domains page: the welcome on an empty library, the catalog with counts, a domain's papers."""

from __future__ import annotations

from pathlib import Path

from tests.app.conftest import MakeApp, no_exceptions, plain


def test_empty_library_explains_and_offers_both_ways_in(make_app: MakeApp, empty_vault: Path) -> None:
    at = make_app(empty_vault).run()
    no_exceptions(at)
    assert at.title[0].value == "Domains"
    [welcome] = at.info
    assert "Your library is empty." in welcome.value
    assert welcome.value.count(". ") + welcome.value.endswith(".") == 2  # two sentences
    labels = [b.label for b in at.button]
    assert "Search for papers" in labels and "Add PDFs from disk" in labels

    at.button(key="welcome_upload").click().run()
    no_exceptions(at)
    assert at.title[0].value == "Search"
    assert at.get("file_uploader")  # the upload form is there


def test_domains_with_counts_and_papers(make_app: MakeApp, fake_vault: Path) -> None:
    at = make_app(fake_vault).run()
    no_exceptions(at)
    table = at.dataframe[0].value
    ctr = table[table["id"] == "ctr-prediction"].iloc[0]
    assert ctr["papers"] == 2 and ctr["with my notes"] == 0
    assert "anomaly-detection" in set(table["id"])  # catalog domains are listed even without papers
    assert at.selectbox(key="domain").value == "ctr-prediction"
    papers = at.dataframe[1].value
    assert set(papers["id"]) == {"deepthing-2017", "otherthing-2017"}
    # Filter by source: only the paper without an arXiv id is a plain PDF.
    at.multiselect(key="sources_ctr-prediction").set_value(["PDF"]).run()
    no_exceptions(at)
    assert len(at.dataframe[1].value) == 1
    at.multiselect(key="sources_ctr-prediction").set_value([]).run()
    at.selectbox(key="facet_ctr-prediction").set_value("results").run()
    assert len(at.dataframe[1].value) == 2

    # Open a paper: the Paper page shows it.
    next(b for b in at.button if b.label == "Open").click().run()
    no_exceptions(at)
    assert at.title[0].value == "Paper"


def test_domains_on_real_papers(make_app: MakeApp, corpus_vault: Path) -> None:
    at = make_app(corpus_vault).run()
    no_exceptions(at)
    table = at.dataframe[0].value
    assert table[table["id"] == "ctr-prediction"].iloc[0]["papers"] == 2
    titles = " ".join(at.dataframe[1].value["title"])
    assert "DeepFM" in titles and "Cross Network" in titles
    assert "Domain brief" in [s.value for s in at.subheader]
    brief = plain("\n".join(m.value for m in at.markdown))
    assert "Criteo" in brief and "AUC" in brief and "deepfm-2017 p." in brief
    # DCN prints "Criteo Display Ads", DeepFM "Criteo": one dataset, counted once for both papers.
    assert "**Criteo (also Criteo Display Ads)** (2 papers)" in brief


def test_unreadable_library_is_one_clear_message_on_every_page(make_app: MakeApp, fake_vault: Path) -> None:
    (fake_vault / ".paperstudy" / "library.db").write_bytes(b"this is not a database" * 100)
    for name in ("-wal", "-shm"):
        (fake_vault / ".paperstudy" / f"library.db{name}").unlink(missing_ok=True)
    at = make_app(fake_vault).run()
    for page in ("domains", "paper", "search", "ask", "quiz", "progress"):
        at.switch_page(f"app_pages/{page}.py").run()
        no_exceptions(at)
        assert at.error, page
        assert "cannot be read" in plain(at.error[0].value), (page, at.error[0].value)
        assert "paperstudy reindex" in plain(at.error[0].value)
