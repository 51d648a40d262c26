"""Fixtures for the app tests: vaults (empty, fake-parsed, ingested from the shared corpus) and AppTest."""

from __future__ import annotations

import re
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pymupdf
import pytest
from streamlit.testing.v1 import AppTest

from paperstudy.pipeline import ingest_files
from paperstudy.settings import Settings
from tests.corpus import CORPUS
from tests.fakes import FakeParser

REPO = Path(__file__).resolve().parents[2]
APP = REPO / "app" / "streamlit_app.py"

CORPUS_PAPERS = ("deepfm-2017", "dcn-2017")

MakeApp = Callable[[Path], AppTest]


def write_pdf(path: Path, pages: int = 2) -> Path:
    """A small real PDF (so pages can be rendered) with some text on each page."""
    fitz: Any = pymupdf  # untyped library
    document = fitz.open()
    for number in range(1, pages + 1):
        page = document.new_page()
        page.insert_text((72, 72), f"Page {number}: DeepThing learns feature interactions.", fontsize=12)
    document.save(path)
    document.close()
    return path


@pytest.fixture
def make_app(monkeypatch: pytest.MonkeyPatch) -> MakeApp:
    """An AppTest of the real entry point, on the vault given (read through PAPERSTUDY_NOTES)."""

    def make(vault: Path) -> AppTest:
        monkeypatch.setenv("PAPERSTUDY_NOTES", str(vault))
        return AppTest.from_file(str(APP), default_timeout=60)

    return make


@pytest.fixture
def empty_vault(tmp_path: Path) -> Path:
    return tmp_path / "empty-vault"


@pytest.fixture(scope="session")
def _fake_vault(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("fake")
    vault = root / "vault"
    pdfs = [write_pdf(root / "deepthing.pdf"), write_pdf(root / "otherthing_noarxiv.pdf", pages=3)]
    outcomes = ingest_files(pdfs, "ctr-prediction", Settings(notes=vault), parser=FakeParser())
    assert all(o.status == "ok" for o in outcomes), outcomes
    return vault


@pytest.fixture
def fake_vault(_fake_vault: Path, tmp_path: Path) -> Path:
    """Two fake-parsed papers in ctr-prediction (a fresh copy per test: tests may write)."""
    return Path(shutil.copytree(_fake_vault, tmp_path / "vault"))


@pytest.fixture(scope="session")
def _corpus_vault(tmp_path_factory: pytest.TempPathFactory) -> Path:
    pdfs = [CORPUS / "pdfs" / f"{name}.pdf" for name in CORPUS_PAPERS]
    missing = [p for p in pdfs if not p.is_file()]
    if missing:
        pytest.skip(f"shared corpus not found ({missing[0]}): app tests on real papers need ../shared/corpus")
    vault = tmp_path_factory.mktemp("corpus") / "vault"
    outcomes = ingest_files(pdfs, "ctr-prediction", Settings(notes=vault))
    assert all(o.status == "ok" for o in outcomes), outcomes
    return vault


@pytest.fixture
def corpus_vault(_corpus_vault: Path, tmp_path: Path) -> Path:
    """DeepFM and DCN parsed by the real parser into ctr-prediction (a fresh copy per test)."""
    return Path(shutil.copytree(_corpus_vault, tmp_path / "vault"))


def no_exceptions(at: AppTest) -> None:
    """The page rendered without an uncaught exception (the entry point turns one into a generic message
    and logs it; a test must never see either)."""
    assert not at.exception, [e.value for e in at.exception]
    unexpected = [e.value for e in at.error if "Something unexpected went wrong" in e.value]
    assert not unexpected, "a page raised an unexpected exception: see the captured log"


def plain(markdown: str) -> str:
    """Markdown produced by ``components.md`` with its backslash escapes removed."""
    return re.sub(r"\\(.)", r"\1", markdown)
