"""Ingest with one parse worker and with two leaves the same library (corpus PDFs, the default model)."""

from __future__ import annotations

from pathlib import Path

import pytest

from paperstudy.pipeline import ingest_files
from paperstudy.settings import Settings
from tests.corpus import CORPUS
from tests.ingest_snapshot import library_snapshot

PDFS = ["afm-2017.pdf", "alexnet-2012.pdf", "bert-2018.pdf", "dcn-2017.pdf"]

pytestmark = [
    pytest.mark.corpus,
    pytest.mark.slow,
    pytest.mark.skipif(
        not all((CORPUS / "pdfs" / name).is_file() for name in PDFS),
        reason="shared corpus (../shared/corpus) not available",
    ),
]


def test_one_and_two_workers_store_the_same_notes_and_passages(tmp_path: Path) -> None:
    pdfs = [CORPUS / "pdfs" / name for name in PDFS]
    snapshots = []
    for workers in (1, 2):
        vault = tmp_path / f"vault-{workers}"
        outcomes = ingest_files(pdfs, "corpus", Settings(notes=vault, embedding_model=None), workers=workers)
        assert [o.status for o in outcomes] == ["ok"] * len(pdfs), outcomes
        assert [o.path for o in outcomes] == [str(p) for p in pdfs]
        snapshots.append(library_snapshot(vault))
    one, two = snapshots
    assert len(one["ids"]) == len(PDFS) and len(one["passages"]) > 100
    assert one == two
