"""`ingest --engine ray` on a local Ray: the same library as the local engine, JSON-only stdout.

One Ray session for the module (starting Ray takes seconds); two or three small PDFs per test.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from paperstudy.cli import app
from paperstudy.engines.ray_engine import LOCAL_RAY, ray_ingest
from paperstudy.pipeline import ingest_files
from paperstudy.settings import Settings
from tests.corpus import CORPUS
from tests.ingest_snapshot import library_snapshot
from tests.test_cli_ingest import write_paper

CORPUS_PDFS = ["afm-2017.pdf", "dcn-2017.pdf"]

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def ray_session() -> Iterator[Any]:
    ray = pytest.importorskip("ray", reason="the cluster extra (ray) is not installed")
    pytest.importorskip("ray.data")
    ray.init(**LOCAL_RAY)
    yield ray
    ray.shutdown()


@pytest.mark.corpus
@pytest.mark.skipif(
    not all((CORPUS / "pdfs" / name).is_file() for name in CORPUS_PDFS),
    reason="shared corpus (../shared/corpus) not available",
)
def test_ray_and_local_ingest_store_the_same_library(ray_session: Any, tmp_path: Path) -> None:
    paths = [CORPUS / "pdfs" / name for name in CORPUS_PDFS] + [tmp_path / "missing.pdf"]
    local = ingest_files(paths, "corpus", Settings(notes=tmp_path / "local", embedding_model=None), workers=2)
    seen: list[str] = []
    run = ray_ingest(
        paths,
        "corpus",
        Settings(notes=tmp_path / "ray", embedding_model=None),
        on_result=lambda o: seen.append(o.path or ""),
    )
    assert [o.model_dump() for o in run.outcomes] == [o.model_dump() for o in local]
    assert seen == [str(p) for p in paths]  # per file, in input order
    assert [o.status for o in run.outcomes] == ["ok", "ok", "failed"]
    assert "missing.pdf: no such file" in (run.outcomes[2].error or "")
    assert [(s.name, s.papers) for s in run.stages] == [("parse", 3), ("embed", 2), ("write", 3)]
    one, two = library_snapshot(tmp_path / "local"), library_snapshot(tmp_path / "ray")
    assert len(one["ids"]) == 2 and len(one["passages"]) > 50
    assert one == two


def test_ray_json_keeps_stdout_to_the_rows_and_the_stage_table_to_stderr(
    ray_session: Any, tmp_path: Path
) -> None:
    pdfs = [write_paper(tmp_path / f"paper{i}.pdf", title=f"Paper Number {i}: A Study") for i in range(2)]
    listing = tmp_path / "list.txt"
    listing.write_text("paper0.pdf\npaper1.pdf\n")
    vault = tmp_path / "vault"
    args = ["ingest", f"@{listing}", "--domain", "nlp", "--notes", str(vault), "--engine", "ray", "--json"]
    result = CliRunner().invoke(app, args, env={"COLUMNS": "120"})
    assert result.exit_code == 0, result.output
    rows = json.loads(result.stdout)  # nothing but the JSON rows
    assert [Path(r["path"]).name for r in rows] == [p.name for p in pdfs]
    assert [r["outcome"] for r in rows] == ["added", "added"]
    assert "Ray stages" in result.stderr and "parse" in result.stderr and "embed" in result.stderr
    again = CliRunner().invoke(app, [*args, "--skip-known"])
    assert [r["outcome"] for r in json.loads(again.stdout)] == ["skipped", "skipped"]
