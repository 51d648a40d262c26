"""Golden: a corpus PDF through `paperstudy ingest` to `show --json`, the real parser end to end."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from paperstudy.cli import app
from tests.corpus import CORPUS

runner = CliRunner()
PDF = CORPUS / "pdfs" / "deepfm-2017.pdf"


@pytest.mark.skipif(not PDF.exists(), reason="shared corpus (../shared/corpus) not available")
def test_show_json_names_the_model_its_results_and_headline(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PAPERSTUDY_EMBEDDING_MODEL", "hash")  # the parser is under test, not the encoder
    vault = tmp_path / "vault"
    ingested = runner.invoke(
        app, ["ingest", str(PDF), "--domain", "ctr-prediction", "--notes", str(vault), "--json"]
    )
    assert ingested.exit_code == 0, ingested.output
    [row] = json.loads(ingested.stdout)
    shown = json.loads(runner.invoke(app, ["show", row["paper_id"], "--notes", str(vault), "--json"]).stdout)
    assert row["paper_id"] == "deepfm-2017"
    assert shown["model"] == "DeepFM"
    assert "DeepFM" not in shown["baselines"] and {"FNN", "PNN", "LR"} <= set(shown["baselines"])
    results = {(r["metric"], r["dataset"]): r for r in shown["results"]}
    criteo = results[("AUC", "Criteo")]
    assert criteo == {
        "metric": "AUC",
        "dataset": "Criteo",
        "model": "DeepFM",
        "value": 0.8007,
        "best_baseline": "PNN",
        "baseline_value": 0.7987,
        "page": 5,
        "table": "Table 2",
        "printed": "0.8007",
    }
    auc = next(m for m in shown["metrics"] if m["name"] == "AUC")
    assert auc["values"][0] in {"0.8715", "0.8007"}  # the own model's table values come first
    assert not any(v.startswith("+") for v in auc["values"])
    assert shown["headline"]["page"] >= 1 and "DeepFM" in shown["headline"]["text"]
    assert {"Criteo", "Company∗"} <= set(shown["datasets"])
