"""`paperstudy ingest` options of the scale work: --workers, @list.txt arguments, --engine and --address."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from paperstudy.cli import app
from paperstudy.errors import ConfigError
from paperstudy.pipeline import expand_path_lists
from paperstudy.settings import Settings
from tests.test_cli_ingest import write_paper

runner = CliRunner()


def test_a_list_file_names_paths_relative_to_itself_skipping_blanks_and_comments(tmp_path: Path) -> None:
    (tmp_path / "lists").mkdir()
    listing = tmp_path / "lists" / "batch.txt"
    listing.write_text("# this week's papers\n\n  a.pdf  \nsub/b.pdf\n/abs/c.pdf\n   # indented comment\n")
    assert expand_path_lists([tmp_path / "x.pdf", f"@{listing}"]) == [
        tmp_path / "x.pdf",
        tmp_path / "lists" / "a.pdf",
        tmp_path / "lists" / "sub" / "b.pdf",
        Path("/abs/c.pdf"),
    ]
    with pytest.raises(ConfigError, match=r"list file .*nothere\.txt does not exist"):
        expand_path_lists([f"@{tmp_path / 'nothere.txt'}"])


def test_ingest_reads_a_list_file_with_two_workers(tmp_path: Path) -> None:
    pdfs = [write_paper(tmp_path / f"paper{i}.pdf", title=f"Paper Number {i}: A Study") for i in range(3)]
    listing = tmp_path / "papers.txt"
    listing.write_text("# two of them\npaper0.pdf\n\npaper1.pdf\n")
    vault = tmp_path / "vault"
    args = ["ingest", f"@{listing}", str(pdfs[2]), "--domain", "nlp", "--notes", str(vault)]
    result = runner.invoke(app, [*args, "--workers", "2", "--json"])
    assert result.exit_code == 0, result.output
    rows = json.loads(result.stdout)
    assert [Path(r["path"]).name for r in rows] == ["paper0.pdf", "paper1.pdf", "paper2.pdf"]
    assert [r["outcome"] for r in rows] == ["added"] * 3


def test_bad_ingest_options_are_one_clear_line(tmp_path: Path) -> None:
    vault = ["--domain", "nlp", "--notes", str(tmp_path / "vault")]
    missing = runner.invoke(app, ["ingest", f"@{tmp_path / 'none.txt'}", *vault])
    assert missing.exit_code != 0 and "none.txt does not exist" in missing.output
    engine = runner.invoke(app, ["ingest", "x.pdf", *vault, "--engine", "spark"])
    assert engine.exit_code != 0 and "unknown --engine 'spark': use local or ray" in engine.output
    address = runner.invoke(app, ["ingest", "x.pdf", *vault, "--address", "10.0.0.1:6379"])
    assert address.exit_code != 0 and "use it with --engine ray" in address.output
    zero = runner.invoke(app, ["ingest", "x.pdf", *vault, "--workers", "0"])
    assert zero.exit_code != 0


def test_the_workers_setting_is_read_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PAPERSTUDY_WORKERS", "3")
    assert Settings().workers == 3


def test_the_ray_engine_without_ray_names_the_extra(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "ray", None)  # as if the cluster extra were not installed
    pdf = write_paper(tmp_path / "deepthing.pdf")
    result = runner.invoke(
        app, ["ingest", str(pdf), "--domain", "nlp", "--notes", str(tmp_path / "v"), "--engine", "ray"]
    )
    assert result.exit_code != 0
    assert "the Ray engine needs the `cluster` extra: pip install 'paperstudy[cluster]'" in result.output


def test_an_unreachable_cluster_address_fails_fast_with_its_address() -> None:
    import socket

    from paperstudy.engines.ray_engine import check_reachable

    with socket.socket() as listening:
        listening.bind(("127.0.0.1", 0))
        listening.listen()
        port = listening.getsockname()[1]
        check_reachable(f"127.0.0.1:{port}")  # answers: left to Ray
        check_reachable(f"ray://127.0.0.1:{port}")
    with pytest.raises(ConfigError, match=rf"could not reach the Ray cluster at 127\.0\.0\.1:{port}"):
        check_reachable(f"127.0.0.1:{port}")
    check_reachable("auto")  # not host:port: Ray resolves it
