from __future__ import annotations

from pathlib import Path

import pytest

from paperstudy.settings import Settings
from tests.index.helpers import build_library


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    return Settings(notes=tmp_path / "vault", parse_timeout=30, embedding_model="hash")


@pytest.fixture
def library_settings(tmp_path: Path) -> Settings:
    """A vault holding the three helper papers: fmnet and negsamp in recsys, graphs in gnn."""
    return build_library(tmp_path)
