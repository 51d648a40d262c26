"""pyproject's explicit package list and package data cover what the installed package needs at run time
(a wheel built from them carries every subpackage and the shipped static model)."""

from __future__ import annotations

import fnmatch
import tomllib
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "paperstudy"


def _setuptools() -> Any:
    return tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["setuptools"]


def test_every_subpackage_is_listed() -> None:
    listed = set(_setuptools()["packages"])
    found = {".".join(init.parent.relative_to(ROOT).parts) for init in PACKAGE.rglob("__init__.py")}
    assert "paperstudy.store" in found
    assert found - listed == set()


def test_every_data_file_is_shipped() -> None:
    patterns = _setuptools()["package-data"]["paperstudy"]
    files = [p.relative_to(PACKAGE).as_posix() for p in (PACKAGE / "data").rglob("*") if p.is_file()]
    assert "data/static-minilm/embeddings.npy" in files
    assert "data/static-minilm/tokenizer.json" in files
    assert [f for f in files if not any(fnmatch.fnmatch(f, pattern) for pattern in patterns)] == []
