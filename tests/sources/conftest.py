from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.corpus import CORPUS
from tests.sources.loopback import FakeClock


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture
def fixtures() -> Path:
    path = CORPUS / "fixtures"
    if not path.is_dir():
        pytest.skip(f"shared corpus fixtures not found at {path}")
    return path


@pytest.fixture
def arxiv_2016(fixtures: Path) -> bytes:
    return (fixtures / "arxiv" / "arxivpy-2016_search_query-au_del_maestro.xml").read_bytes()


@pytest.fixture
def arxiv_2026(fixtures: Path) -> dict[str, object]:
    return dict(
        json.loads((fixtures / "arxiv" / "arxivpy-2026_recorded_id_list-1605.08386.json").read_text())
    )


@pytest.fixture
def scholar_page(fixtures: Path) -> bytes:
    return (fixtures / "scholar" / "results-2020-10hits.html").read_bytes()


@pytest.fixture
def captcha_page(fixtures: Path) -> bytes:
    return (fixtures / "scholar" / "captcha-2020.html").read_bytes()
