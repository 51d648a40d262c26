import json
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from paperstudy.cli import app
from paperstudy.pipeline import ingest_files
from paperstudy.settings import Settings
from tests.fakes import FakeParser

runner = CliRunner()


@pytest.fixture
def vault(tmp_path: Path) -> Path:
    """A vault holding one paper in two domains, ingested through the fake parser."""
    pdf = tmp_path / "deepthing.pdf"
    pdf.write_bytes(b"%PDF-1.4\nfake")
    settings = Settings(notes=tmp_path / "vault")
    ingest_files([pdf], "ctr-prediction", settings, parser=FakeParser())
    ingest_files([pdf], "recommender-systems", settings, parser=FakeParser())
    return settings.notes


def test_show_json_keeps_the_contract(vault: Path) -> None:
    result = runner.invoke(app, ["show", "deepthing-2017", "--notes", str(vault), "--json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    for key in (
        "id",
        "title",
        "authors",
        "year",
        "arxiv_id",
        "domain",
        "sections",
        "datasets",
        "metrics",
        "facets",
    ):
        assert key in data
    assert data["id"] == "deepthing-2017" and data["domain"] == "ctr-prediction"
    assert data["sections"][1] == {
        "level": 1,
        "number": "2",
        "heading": "Experiments",
        "page_start": 2,
        "page_end": 2,
        "facet": "results",
    }
    assert data["datasets"] == ["Criteo"]
    assert data["metrics"] == [{"name": "AUC", "values": ["0.8007"]}]
    assert set(data["facets"]) == {"data", "features", "architecture", "results"}
    assert data["facets"]["data"] == {
        "summary": "We use the Criteo dataset with 45 million examples.",
        "pages": [2],
    }


def test_show_renders_the_note(vault: Path) -> None:
    result = runner.invoke(app, ["show", "deepthing-2017", "--notes", str(vault)], env={"COLUMNS": "200"})
    assert result.exit_code == 0
    assert "Deepthing: A Study" in result.stdout and "Criteo" in result.stdout and "My notes" in result.stdout


def test_list_all_and_by_domain(vault: Path) -> None:
    result = runner.invoke(app, ["list", "recommender-systems", "--notes", str(vault), "--json"])
    assert result.exit_code == 0
    [paper] = json.loads(result.stdout)
    assert paper["id"] == "deepthing-2017" and paper["domains"] == ["ctr-prediction", "recommender-systems"]
    table = runner.invoke(app, ["list", "--notes", str(vault)], env={"COLUMNS": "200"})
    assert "deepthing-2017" in table.stdout


def test_unknown_ids_and_domains_give_one_clear_line(vault: Path) -> None:
    result = runner.invoke(app, ["show", "nope-1999", "--notes", str(vault)])
    assert result.exit_code == 1
    assert "no paper 'nope-1999' in the library" in result.output
    assert "Traceback" not in result.output
    result = runner.invoke(app, ["list", "astrology", "--notes", str(vault)])
    assert result.exit_code == 1 and "ctr-prediction" in result.output
    result = runner.invoke(app, ["ingest", "x.pdf", "--domain", "Not A Domain!", "--notes", str(vault)])
    assert result.exit_code == 1 and "is not a valid id" in result.output


def test_empty_library_explains_what_to_do(tmp_path: Path) -> None:
    result = runner.invoke(app, ["list", "--notes", str(tmp_path / "new")])
    assert result.exit_code == 0 and "paperstudy ingest" in result.stdout


def test_remove_keeps_the_note_in_trash(vault: Path) -> None:
    result = runner.invoke(app, ["remove", "deepthing-2017", "--notes", str(vault)], env={"COLUMNS": "300"})
    assert result.exit_code == 0 and "trash" in result.stdout
    assert list((vault / ".paperstudy" / "trash").glob("deepthing-2017.*.md"))
    gone = runner.invoke(app, ["show", "deepthing-2017", "--notes", str(vault)])
    assert gone.exit_code == 1 and "no paper 'deepthing-2017' in the library" in gone.output


def test_help_starts_without_heavy_imports() -> None:
    code = (
        "import sys; from typer.testing import CliRunner; from paperstudy.cli import app; "
        "r = CliRunner().invoke(app, ['--help']); assert r.exit_code == 0, r.output; "
        "mods = ('pymupdf', 'fitz', 'torch', 'sentence_transformers', 'streamlit'); "
        "print([m for m in mods if m in sys.modules])"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"
