# ruff: noqa: E501
"""`paperstudy import` and `export bibtex`: Zotero/Better BibTeX/CSL-JSON files and folders of PDFs the tests
write, arXiv matching over a loopback server (the real HTTP code runs), round trips, and the linked vault."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import numpy as np
import pymupdf
import pytest
from typer.testing import CliRunner

from paperstudy.cli import app
from paperstudy.importing import import_path
from paperstudy.models import ImportOutcome
from paperstudy.notes import split_front_matter
from paperstudy.pipeline import ingest_files
from paperstudy.settings import Settings
from paperstudy.sources.finder import Finder
from paperstudy.store import Library, Vault
from tests.fakes import FakeParser
from tests.sources.loopback import FakeClock, atom_feed, send, serve
from tests.test_cli_ingest import write_paper

runner = CliRunner()
WIKILINK = re.compile(r"\[\[([^\]|#]+)(?:\|[^\]]*)?\]\]")


@pytest.fixture(autouse=True)
def _hash_encoder(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PAPERSTUDY_EMBEDDING_MODEL", "hash")  # never load the real model here


def small_pdf(path: Path, text: str) -> Path:
    """A one-page PDF whose bytes differ by ``text`` (the fake parser takes its title from the name)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    doc = pymupdf.open()
    doc.new_page().insert_text((72, 72), text, fontsize=12)
    doc.save(path)
    doc.close()
    return path


def zotero_library(root: Path) -> Path:
    """A Zotero-style export (relative storage paths, a snapshot beside the PDF) and Better BibTeX-style
    entries (absolute paths, several attachments, a missing file), plus one malformed entry."""
    small_pdf(root / "lib" / "storage" / "AB12" / "fm_noarxiv.pdf", "Factorization machines")
    (root / "lib" / "storage" / "AB12" / "snap.html").write_text("<html>snapshot</html>")
    elsewhere = small_pdf(root / "elsewhere" / "deepthing_noarxiv.pdf", "DeepThing")
    bib = root / "lib" / "My Library.bib"
    bib.write_text(
        f"""@inproceedings{{rendle2010fm,
  title = {{{{FM}}: Factorization Machines}},
  author = {{Rendle, Steffen}},
  booktitle = {{ICDM}},
  year = {{2010}},
  file = {{Full Text PDF:storage/AB12/fm_noarxiv.pdf:application/pdf;Snapshot:storage/AB12/snap.html:text/html}},
}}

@article{{lovelace2017deepthing,
  title = {{DeepThing: Learning Feature Interactions}},
  author = {{Ada Lovelace and Alan Turing}},
  journal = {{Journal of Things}},
  date = {{2017-03-01}},
  file = {{Preprint:{root}/elsewhere/gone.pdf:application/pdf;Published:{elsewhere}:application/pdf}},
}}

@article{{broken2018,
  title = {{Never {{closed,
  year = 2018
}}

@inproceedings{{wang2017cross,
  title = {{Deep \\& Cross Network for Ad Click Predictions}},
  author = {{Wang, Ruoxi and Fu, Bin}},
  booktitle = {{ADKDD}},
  year = {{2017}},
  eprint = {{1708.05123}},
  archivePrefix = {{arXiv}},
  file = {{storage/ZZ99/missing.pdf}},
}}

@misc{{ghost2019,
  title = {{A Paper That Is Nowhere Online}},
  author = {{Nobody, Anne}},
  year = {{2019}},
}}
""",
        encoding="utf-8",
    )
    return bib


def arxiv_routes(pdf: bytes, base: list[str]) -> dict[str, Any]:
    def api(handler: Any) -> None:
        if "id_list=1708.05123" in handler.path:
            entries = [{"id": "1708.05123", "title": "Deep &amp; Cross Network for Ad Click Predictions",
                        "pdf": f"{base[0]}/pdf/1708.05123"}]  # fmt: skip
        elif "Wide" in handler.path:  # a title search: the paper, and one that only looks like it
            entries = [
                {"id": "1111.00001", "title": "Wide Networks for Deep Sets", "pdf": f"{base[0]}/pdf/none"},
                {"id": "1606.07792", "title": "Wide &amp; Deep Learning for Recommender Systems",
                 "pdf": f"{base[0]}/pdf/1606.07792"},
            ]  # fmt: skip
        elif "Nowhere" in handler.path:  # a title search whose only hit is another paper
            entries = [{"id": "1111.00002", "title": "A Paper That Is Somewhere Else Entirely",
                        "pdf": f"{base[0]}/pdf/none"}]  # fmt: skip
        else:
            entries = []
        send(handler, 200, atom_feed(entries), "application/atom+xml")

    return {
        "/api/query": api,
        "/pdf/1708.05123": lambda h: send(h, 200, pdf, "application/pdf"),
        "/pdf/1606.07792": lambda h: send(h, 200, pdf.replace(b"%%EOF", b"% wide\n%%EOF"), "application/pdf"),
    }


def by_key(rows: list[ImportOutcome]) -> dict[str, ImportOutcome]:
    return {row.key: row for row in rows}


def test_zotero_import_reports_each_entry_round_trips_and_links_the_vault(tmp_path: Path) -> None:
    bib = zotero_library(tmp_path)
    vault = tmp_path / "vault"
    pdf = small_pdf(tmp_path / "served.pdf", "Deep and cross").read_bytes()
    base: list[str] = []
    with serve(arxiv_routes(pdf, base)) as server:
        base.append(server.url)
        settings = Settings(notes=vault, arxiv_url=f"{server.url}/api/query", http_timeout=3, cache_days=0)

        def run(source: Path) -> dict[str, ImportOutcome]:
            with Finder(settings, clock=FakeClock()) as finder:
                return by_key(import_path(source, "ctr", settings, parser=FakeParser(), finder=finder))

        rows = run(bib)
        assert {k: (r.status, r.outcome) for k, r in rows.items()} == {
            "broken2018": ("failed", "failed"),
            "rendle2010fm": ("ok", "added"),
            "lovelace2017deepthing": ("ok", "added"),
            "wang2017cross": ("ok", "added"),
            "ghost2019": ("failed", "failed"),
        }
        assert rows["broken2018"].error is not None and "broken2018 (line 17)" in rows["broken2018"].error
        snapshot = bib.parent / "storage" / "AB12" / "snap.html"
        assert rows["rendle2010fm"].notes == [f"not a PDF, not copied: {snapshot}"]
        assert rows["lovelace2017deepthing"].notes == [f"file not found: {tmp_path}/elsewhere/gone.pdf"]
        assert rows["wang2017cross"].notes == [f"file not found: {bib.parent}/storage/ZZ99/missing.pdf"]
        assert rows["ghost2019"].error == "no PDF attached and not found on arXiv"
        assert not list(vault.rglob("*.html")), "a non-PDF attachment is never copied"
        assert any(p.startswith("/pdf/1708.05123") for p in server.paths())

        with Library(Vault(vault)) as library:
            fm = library.record(rows["rendle2010fm"].paper_id or "")
            dcn = library.record(rows["wang2017cross"].paper_id or "")
            count = len(library.paper_ids())
        # The entry's metadata wins over the parser's guess ("Fm Noarxiv: A Study", 2017, two authors).
        assert (fm.id, fm.title, fm.authors, fm.year, fm.venue, fm.citekey, fm.metadata_from) == (
            "fm-2010", "FM: Factorization Machines", ["Steffen Rendle"], 2010, "ICDM", "rendle2010fm", "bibtex"
        )  # fmt: skip
        assert (dcn.arxiv_id, dcn.title, dcn.citekey) == (
            "1708.05123", "Deep & Cross Network for Ad Click Predictions", "wang2017cross"
        )  # fmt: skip
        front, _ = split_front_matter((vault / "ctr" / "fm-2010.md").read_text(), Path("fm-2010.md"))
        assert front["citekey"] == "rendle2010fm" and front["aliases"] == ["FM: Factorization Machines", "FM"]
        assert "ctr" in front["tags"] and all(" " not in tag for tag in front["tags"])

        # The vault read as text: the baseline FM links to its note, and every wikilink resolves.
        deepthing = (vault / "ctr" / f"{rows['lovelace2017deepthing'].paper_id}.md").read_text()
        assert "[[fm-2010|FM]] · baseline" in deepthing
        notes = {p.stem for p in vault.glob("*/*.md")}
        links = {m for p in vault.glob("*/*.md") for m in WIKILINK.findall(p.read_text())}
        assert links and links <= notes

        # Round trip: export, import the export, import the original again: nothing is added.
        exported = tmp_path / "refs.bib"
        result = runner.invoke(app, ["export", "bibtex", "ctr", "-o", str(exported), "--notes", str(vault)])
        assert result.exit_code == 0, result.output
        text = exported.read_text()
        assert "@inproceedings{rendle2010fm," in text and "booktitle = {ICDM}" in text  # type and venue kept
        assert {"rendle2010fm", "lovelace2017deepthing", "wang2017cross"} <= set(
            re.findall(r"@\w+\{([^,]+),", text)
        )
        again = run(exported)
        assert {r.outcome for r in again.values()} == {"skipped"} and len(again) == 3
        original = run(bib)
        assert {k: r.outcome for k, r in original.items() if r.outcome != "failed"} == {
            "rendle2010fm": "skipped", "lovelace2017deepthing": "skipped", "wang2017cross": "skipped",
        }  # fmt: skip
    with Library(Vault(vault)) as library:
        assert len(library.paper_ids()) == count == 3


def test_csl_json_import_downloads_from_arxiv_and_export_reads_back(tmp_path: Path) -> None:
    items = [
        {"id": "wang2017cross", "type": "paper-conference", "title": "Deep & Cross Network for Ad Click Predictions",
         "author": [{"family": "Wang", "given": "Ruoxi"}], "issued": {"date-parts": [[2017]]},
         "URL": "https://arxiv.org/abs/1708.05123v1"},
        {"id": "cheng2016wide", "type": "paper-conference", "title": "Wide & Deep Learning for Recommender Systems",
         "author": [{"family": "Cheng", "given": "Heng-Tze"}], "issued": {"date-parts": [[2016]]},
         "DOI": "10.1145/2988450.2988454"},
    ]  # fmt: skip
    source = tmp_path / "export.json"
    source.write_text(json.dumps(items))
    vault = tmp_path / "vault"
    pdf = small_pdf(tmp_path / "served.pdf", "Deep and cross").read_bytes()
    base: list[str] = []
    with serve(arxiv_routes(pdf, base)) as server:
        base.append(server.url)
        settings = Settings(notes=vault, arxiv_url=f"{server.url}/api/query", http_timeout=3, cache_days=0)
        with Finder(settings, clock=FakeClock()) as finder:
            rows = by_key(import_path(source, "ctr", settings, parser=FakeParser(), finder=finder))
        assert "/pdf/none" not in server.paths()  # the look-alike title was not taken
    assert (rows["wang2017cross"].outcome, rows["wang2017cross"].paper_id) == ("added", "cross-2017")
    assert (rows["cheng2016wide"].outcome, rows["cheng2016wide"].paper_id) == ("added", "wide-2016")
    with Library(Vault(vault)) as library:
        wide = library.record("wide-2016")
    assert (wide.arxiv_id, wide.doi, wide.metadata_from) == (
        "1606.07792",
        "10.1145/2988450.2988454",
        "csl-json",
    )
    result = runner.invoke(app, ["export", "csl-json", "ctr", "--notes", str(vault)])
    assert result.exit_code == 0, result.output
    item = {i["citation-key"]: i for i in json.loads(result.stdout)}["wang2017cross"]
    assert item["citation-key"] == "wang2017cross" and item["author"] == [
        {"family": "Wang", "given": "Ruoxi"}
    ]
    assert item["number"] == "arXiv:1708.05123" and Path(item["file"]).is_file()


def test_an_early_note_gains_the_link_to_a_later_paper_and_keeps_my_notes(tmp_path: Path) -> None:
    vault = tmp_path / "vault"
    settings = Settings(notes=vault)
    first = small_pdf(tmp_path / "deepthing_noarxiv.pdf", "DeepThing")
    [outcome] = ingest_files([first], "ctr", settings, parser=FakeParser())
    note_path = vault / "ctr" / f"{outcome.paper_id}.md"
    text = note_path.read_text()
    assert "[[fm-2010" not in text
    note_path.write_text(text + "\nMy own thought about [[fm-2010]].\n")
    small_pdf(tmp_path / "fm_noarxiv.pdf", "FM")
    bib = tmp_path / "fm.bib"
    bib.write_text("@inproceedings{rendle2010fm, title={{FM}: Factorization Machines}, year={2010},"
                   " author={Rendle, Steffen}, file={fm_noarxiv.pdf}}\n")  # fmt: skip
    [row] = import_path(bib, "ctr", settings, parser=FakeParser())
    assert row.outcome == "added"
    updated = note_path.read_text()
    assert "- [[fm-2010|FM]] · baseline" in updated
    assert updated.endswith("My own thought about [[fm-2010]].\n")
    fm_note = (vault / "ctr" / "fm-2010.md").read_text()
    assert f"[[{outcome.paper_id}" in fm_note  # similar papers link both ways


def test_cli_import_of_a_folder_tree_with_the_real_parser(tmp_path: Path) -> None:
    tree = tmp_path / "papers"
    (tree / "2017" / "ctr").mkdir(parents=True)
    (tree / "misc").mkdir()
    write_paper(tree / "2017" / "ctr" / "deepthing.pdf")
    write_paper(tree / "misc" / "Other.PDF", title="OtherThing: Ranking Everything Twice")
    (tree / "misc" / "saved-page.pdf").write_text("<!doctype html><html>login</html>")
    (tree / "misc" / "readme.txt").write_text("not a paper")
    args = ["import", str(tree), "--notes", str(tmp_path / "vault"), "--json"]
    result = runner.invoke(app, args)
    assert result.exit_code == 1, result.output  # one file failed; the rest imported
    rows = {r["key"]: r for r in json.loads(result.stdout)}
    assert set(rows) == {"2017/ctr/deepthing.pdf", "misc/Other.PDF", "misc/saved-page.pdf"}
    assert set(rows["misc/Other.PDF"]) >= {"key", "path", "paper_id", "status", "outcome", "error"}
    assert (
        rows["2017/ctr/deepthing.pdf"]["outcome"] == "added" and rows["misc/Other.PDF"]["outcome"] == "added"
    )
    assert (
        rows["misc/saved-page.pdf"]["status"] == "failed"
        and "saved-page.pdf" in rows["misc/saved-page.pdf"]["error"]
    )
    assert (tmp_path / "vault" / "unsorted").is_dir()  # the default domain, as for `add`
    again = json.loads(runner.invoke(app, args).stdout)
    assert sorted(r["outcome"] for r in again) == ["failed", "skipped", "skipped"]


def test_import_of_nothing_is_one_clear_line(tmp_path: Path) -> None:
    result = runner.invoke(app, ["import", str(tmp_path / "nope.bib"), "--notes", str(tmp_path / "v")])
    assert result.exit_code == 1
    assert "nope.bib does not exist" in result.stderr


def test_completion_of_paper_ids_and_domains(tmp_path: Path) -> None:
    vault = tmp_path / "vault"
    ingest_files([small_pdf(tmp_path / "deepthing_noarxiv.pdf", "x")], "ctr-prediction", Settings(notes=vault),
                 parser=FakeParser())  # fmt: skip
    env = {"PAPERSTUDY_NOTES": str(vault), "_PAPERSTUDY_COMPLETE": "complete_zsh"}
    shown = runner.invoke(app, ["show", "--help"], env={"PAPERSTUDY_NOTES": str(vault)})
    assert shown.exit_code == 0
    papers = runner.invoke(
        app, [], env={**env, "_TYPER_COMPLETE_ARGS": "paperstudy show deep"}, prog_name="paperstudy"
    )
    assert "deepthing-2017" in papers.stdout
    other = runner.invoke(
        app, [], env={**env, "_TYPER_COMPLETE_ARGS": "paperstudy show zz"}, prog_name="paperstudy"
    )
    assert "deepthing-2017" not in other.stdout
    domains = runner.invoke(
        app, [], env={**env, "_TYPER_COMPLETE_ARGS": "paperstudy brief ctr"}, prog_name="paperstudy"
    )
    assert "ctr-prediction" in domains.stdout
    option = runner.invoke(
        app,
        [],
        env={**env, "_TYPER_COMPLETE_ARGS": "paperstudy ingest a.pdf --domain c"},
        prog_name="paperstudy",
    )
    assert "ctr-prediction" in option.stdout
    helped = runner.invoke(app, ["--help"])
    assert "--install-completion" in helped.stdout and "--show-completion" in helped.stdout


def test_a_new_pdf_for_an_imported_entry_updates_the_same_paper(tmp_path: Path) -> None:
    vault = tmp_path / "vault"
    settings = Settings(notes=vault)
    pdf = small_pdf(tmp_path / "fm_noarxiv.pdf", "first version")
    bib = tmp_path / "fm.bib"
    bib.write_text(
        "@article{rendle2010fm, title={FM: Factorization Machines}, year={2010}, file={fm_noarxiv.pdf}}"
    )
    assert [r.outcome for r in import_path(bib, "ctr", settings, parser=FakeParser())] == ["added"]
    small_pdf(pdf, "second version, other bytes")
    [row] = import_path(bib, "ctr", settings, parser=FakeParser())
    assert (row.outcome, row.paper_id) == ("updated", "fm-2010")
    with Library(Vault(vault)) as library:
        assert library.paper_ids() == {"fm-2010"} and library.record("fm-2010").citekey == "rendle2010fm"


def test_a_related_note_with_broken_front_matter_is_left_alone(tmp_path: Path) -> None:
    vault = tmp_path / "vault"
    settings = Settings(notes=vault)
    [first] = ingest_files(
        [small_pdf(tmp_path / "deepthing_noarxiv.pdf", "a")], "ctr", settings, parser=FakeParser()
    )
    note_path = vault / "ctr" / f"{first.paper_id}.md"
    broken = note_path.read_text().replace("title:", "title: [unclosed", 1)
    note_path.write_text(broken)
    [second] = ingest_files(
        [small_pdf(tmp_path / "other_noarxiv.pdf", "b")], "ctr", settings, parser=FakeParser()
    )
    assert second.status == "ok"
    assert note_path.read_text() == broken  # never rewritten from a guess
    assert f"[[{first.paper_id}" in (vault / "ctr" / f"{second.paper_id}.md").read_text()


def test_an_import_refreshes_the_vector_cache_as_an_ingest_does(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from paperstudy.index import vectors

    monkeypatch.setattr(vectors, "CACHE_MIN_ROWS", 1)  # a cache even for this tiny library
    vault = tmp_path / "vault"
    settings = Settings(notes=vault)
    [first] = ingest_files([small_pdf(tmp_path / "deepthing_noarxiv.pdf", "x")], "ctr", settings,
                           parser=FakeParser())  # fmt: skip
    cache = Vault(vault).cache_dir
    before = {p.name: p.stat().st_mtime_ns for p in cache.glob("vectors-*")}
    assert sorted(Path(n).suffix for n in before) == [".json", ".npy", ".npy"]
    small_pdf(tmp_path / "fm_noarxiv.pdf", "FM")
    bib = tmp_path / "fm.bib"
    bib.write_text("@inproceedings{rendle2010fm, title={{FM}: Factorization Machines}, year={2010},"
                   " author={Rendle, Steffen}, file={fm_noarxiv.pdf}}\n")  # fmt: skip
    [row] = import_path(bib, "ctr", settings, parser=FakeParser())
    assert row.outcome == "added"
    after = {p.name: p.stat().st_mtime_ns for p in cache.glob("vectors-*")}
    assert after.keys() == before.keys() and after != before  # the import rewrote it
    [meta] = cache.glob("vectors-*.json")
    [ids] = [p for p in cache.glob("vectors-*.npy") if p.name.endswith(".ids.npy")]
    with Library(Vault(vault)) as library:
        rows = library.db.execute("SELECT count(*) FROM passages").fetchone()[0]
        papers = {r[0] for r in library.db.execute("SELECT DISTINCT paper_id FROM passages")}
    assert papers == {first.paper_id, row.paper_id}
    assert json.loads(meta.read_text())["stamp"][0] == rows == len(np.load(ids))  # every passage cached
