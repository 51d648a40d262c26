"""`paperstudy study` and `paperstudy add` against a loopback arXiv: search → download → ingest → notes."""

from __future__ import annotations

import importlib.util
import json
from http.server import BaseHTTPRequestHandler
from pathlib import Path
from urllib.parse import parse_qs, urlparse

import pytest
from typer.testing import CliRunner

from paperstudy.cli import app
from tests.corpus import CORPUS
from tests.sources.loopback import atom_feed, send, serve

PAPERS = {
    "1708.05123": ("Deep & Cross Network for Ad Click Predictions", "dcn-2017.pdf"),
    "1804.07931": ("Entire Space Multi-Task Model for Post-Click Conversion Rate", "esmm-2018.pdf"),
    "1606.07792": ("Wide & Deep Learning for Recommender Systems", "wide-deep-2016.pdf"),
}
STUDIED = ["1708.05123", "1804.07931"]

pytestmark = pytest.mark.corpus


@pytest.fixture
def arxiv_server() -> object:
    if not (CORPUS / "pdfs").is_dir():
        pytest.skip(f"corpus PDFs not found at {CORPUS / 'pdfs'}")
    if importlib.util.find_spec("paperstudy.parsing.structure") is None:
        pytest.skip("the PDF parser (paperstudy.parsing.structure) is not in this checkout yet")

    def api(handler: BaseHTTPRequestHandler) -> None:
        args = parse_qs(urlparse(handler.path).query)
        ids = args.get("id_list", [""])[0].split(",") if args.get("id_list", [""])[0] else STUDIED
        entries = [
            {"id": i, "title": PAPERS[i][0].replace("&", "&amp;"), "pdf": f"{base[0]}/pdf/{i}"}
            for i in ids
            if i in PAPERS
        ]
        send(handler, 200, atom_feed(entries), "application/atom+xml")

    def pdf(name: str) -> object:
        return lambda h: send(h, 200, (CORPUS / "pdfs" / name).read_bytes(), "application/pdf")

    routes = {"/api/query": api, **{f"/pdf/{i}": pdf(f) for i, (_, f) in PAPERS.items()}}
    base: list[str] = []
    with serve(routes) as server:  # type: ignore[arg-type]
        base.append(server.url)
        yield server


@pytest.mark.timeout(120)
def test_study_then_add(arxiv_server: object, tmp_path: Path) -> None:
    server = arxiv_server
    notes = tmp_path / "notes"
    env = {
        "PAPERSTUDY_NOTES": str(notes),
        "PAPERSTUDY_ARXIV_URL": f"{server.url}/api/query",  # type: ignore[attr-defined]
        "XDG_CONFIG_HOME": str(tmp_path / "config"),
    }
    runner = CliRunner()
    result = runner.invoke(app, ["study", "ctr-prediction", "--max", "2", "--json"], env=env)
    assert result.exit_code == 0, result.output
    rows = json.loads(result.stdout)
    assert [r["status"] for r in rows] == ["added", "added"], rows
    written = sorted(notes.glob("ctr-prediction/*.md"))
    assert len(written) == 2
    assert all(p.read_text(encoding="utf-8").strip() for p in written)
    assert not list(notes.rglob("*.part")) and not list(notes.rglob(".*.tmp"))

    # Again: the search comes from the cache and both papers are recognised, nothing is downloaded.
    before = len(server.requests)  # type: ignore[attr-defined]
    again = runner.invoke(app, ["study", "ctr-prediction", "--max", "2", "--json"], env=env)
    assert again.exit_code == 0, again.output
    assert [r["status"] for r in json.loads(again.stdout)] == ["skipped", "skipped"]
    assert len(server.requests) == before  # type: ignore[attr-defined]

    added = runner.invoke(app, ["add", "1606.07792", "--domain", "recommender-systems"], env=env)
    assert added.exit_code == 0, added.output
    assert len(list(notes.glob("recommender-systems/*.md"))) == 1
