"""The find commands end to end through the CLI, over a loopback server (the real HTTP code runs)."""

from __future__ import annotations

import json
import time
from pathlib import Path

import pytest
from typer.testing import CliRunner

from paperstudy.cli import app
from tests.corpus import CORPUS
from tests.sources.loopback import free_port, send, serve

runner = CliRunner()
KEYS = {"title", "authors", "year", "arxiv_id", "doi", "pdf_url", "sources", "citations"}


def fixture(*parts: str) -> bytes:
    path = CORPUS.joinpath("fixtures", *parts)
    if not path.is_file():
        pytest.skip(f"corpus fixture not found at {path}")
    return path.read_bytes()


def env(tmp_path: Path, arxiv_url: str, scholar_url: str = "http://127.0.0.1:9") -> dict[str, str]:
    return {
        "PAPERSTUDY_NOTES": str(tmp_path / "notes"),
        "PAPERSTUDY_ARXIV_URL": arxiv_url,
        "PAPERSTUDY_SCHOLAR_URL": scholar_url,
        "PAPERSTUDY_HTTP_TIMEOUT": "3",
        "XDG_CONFIG_HOME": str(tmp_path / "config"),
    }


def test_search_json_and_cache(tmp_path: Path) -> None:
    feed = fixture("arxiv", "arxivpy-2016_search_query-au_del_maestro.xml")
    with serve({"/api/query": lambda h: send(h, 200, feed, "application/atom+xml")}) as server:
        args = ["search", "au:del_maestro", "--max", "5", "--json"]
        result = runner.invoke(app, args, env=env(tmp_path, f"{server.url}/api/query"))
        assert result.exit_code == 0, result.output
        hits = json.loads(result.stdout)
        assert len(hits) == 5 and set(hits[0]) == KEYS
        assert hits[0]["arxiv_id"] == "1201.4869" and hits[0]["sources"] == ["arxiv"]
        again = runner.invoke(app, args, env=env(tmp_path, f"{server.url}/api/query"))
        assert json.loads(again.stdout) == hits
        assert len(server.requests) == 1  # the repeat came from the cache: arXiv saw one request
        query = server.requests[0][0]
        assert "max_results=5" in query


def test_search_table_with_scholar_captcha(tmp_path: Path) -> None:
    feed = fixture("arxiv", "arxivpy-2016_search_query-au_del_maestro.xml")
    captcha = fixture("scholar", "captcha-2020.html")
    routes = {
        "/api/query": lambda h: send(h, 200, feed, "application/atom+xml"),
        "/scholar": lambda h: send(h, 200, captcha, "text/html"),
    }
    with serve(routes) as server:
        result = runner.invoke(
            app,
            ["search", "helium nanopores", "--source", "all", "--since", "2006", "--max", "3"],
            env=env(tmp_path, f"{server.url}/api/query", server.url),
        )
    assert result.exit_code == 0, result.output
    assert "Google Scholar refused the request (blocked/CAPTCHA); showing arXiv results only" in result.stderr
    assert "1201.4869" in result.stdout and "Luttinger" in result.stdout


def test_search_by_domain_sends_its_query(tmp_path: Path) -> None:
    feed = fixture("arxiv", "arxivpy-2016_search_query-au_del_maestro_AND_ti_checkerboard.xml")
    with serve({"/api/query": lambda h: send(h, 200, feed, "application/atom+xml")}) as server:
        result = runner.invoke(
            app, ["search", "--domain", "recommender-systems", "--max", "30", "--json"],
            env=env(tmp_path, f"{server.url}/api/query"),
        )  # fmt: skip
        assert result.exit_code == 0, result.output
        assert "cat%3Acs.IR" in server.requests[0][0] and "max_results=30" in server.requests[0][0]


@pytest.mark.timeout(30)
def test_no_network_is_one_clear_line_quickly(tmp_path: Path) -> None:
    started = time.monotonic()
    result = runner.invoke(
        app, ["search", "two-tower retrieval", "--source", "all"],
        env=env(tmp_path, f"http://127.0.0.1:{free_port()}/api/query", f"http://127.0.0.1:{free_port()}"),
    )  # fmt: skip
    assert result.exit_code == 1
    # One message (rich wraps it at the test console's 80 columns, hence the join).
    message = " ".join(result.stderr.split())
    assert message.startswith("error: cannot reach arXiv") and message.count("error:") == 1, message
    assert "Traceback" not in result.output
    assert time.monotonic() - started < 15


def test_bad_arguments_are_clear(tmp_path: Path) -> None:
    result = runner.invoke(app, ["search", "x", "--source", "bing"], env=env(tmp_path, "http://127.0.0.1:9"))
    assert result.exit_code == 1 and "unknown --source 'bing'" in result.stderr
    result = runner.invoke(app, ["study", "knitting"], env=env(tmp_path, "http://127.0.0.1:9"))
    assert result.exit_code == 1 and "unknown domain 'knitting'" in result.stderr
    result = runner.invoke(app, ["add", "not an id"], env=env(tmp_path, "http://127.0.0.1:9"))
    assert result.exit_code == 1 and "is not an arXiv id" in result.stderr


def test_resolve_identifier() -> None:
    from paperstudy.service.adding import resolve_identifier

    assert resolve_identifier("1703.04247") == ("1703.04247", None)
    assert resolve_identifier("arXiv:1703.04247v2") == ("1703.04247", None)
    assert resolve_identifier("https://arxiv.org/abs/1703.04247v1") == ("1703.04247", None)
    assert resolve_identifier("https://arxiv.org/pdf/cond-mat/0603029v1.pdf") == ("cond-mat/0603029", None)
    assert resolve_identifier("10.48550/arXiv.1703.04247") == ("1703.04247", None)
    assert resolve_identifier("10.1145/2988450.2988454") == (None, "https://doi.org/10.1145/2988450.2988454")
    assert resolve_identifier("https://example.org/paper.pdf") == (None, "https://example.org/paper.pdf")
