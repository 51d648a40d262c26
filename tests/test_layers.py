"""The import contract: ``lint-imports`` holds the layers of pyproject.toml, and fails on a wrong arrow;
the app (not a package, so outside import-linter's reach) imports only the front door."""

from __future__ import annotations

import ast
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
ALLOWED_FOR_UIS = ("paperstudy.service", "paperstudy.models", "paperstudy.errors", "paperstudy.settings")


def lint_imports(root: Path) -> subprocess.CompletedProcess[str]:
    executable = Path(sys.executable).with_name("lint-imports")
    command = [str(executable)] if executable.is_file() else [sys.executable, "-m", "importlinter.cli"]
    env = {**os.environ, "PYTHONPATH": str(root)}
    return subprocess.run(
        [*command, "--no-cache"], cwd=root, env=env, capture_output=True, text=True, timeout=240, check=False
    )


@pytest.fixture
def copy(tmp_path: Path) -> Path:
    """A copy of the package and its pyproject.toml, to break on purpose."""
    root = tmp_path / "repo"
    shutil.copytree(REPO / "paperstudy", root / "paperstudy", ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy2(REPO / "pyproject.toml", root / "pyproject.toml")
    return root


@pytest.mark.timeout(300)
def test_the_layers_hold_and_a_wrong_import_breaks_them(copy: Path) -> None:
    kept = lint_imports(copy)
    assert kept.returncode == 0, kept.stdout + kept.stderr
    assert "0 broken" in kept.stdout

    # The parser reaching up into the store: the kind of arrow the contract exists to stop.
    text = copy / "paperstudy" / "parsing" / "text.py"
    text.write_text(text.read_text(encoding="utf-8") + "\nfrom paperstudy.store import Library  # noqa\n")
    broken = lint_imports(copy)
    assert broken.returncode != 0
    assert "BROKEN" in broken.stdout
    assert "paperstudy.parsing.text -> paperstudy.store" in broken.stdout


def _paperstudy_imports(path: Path) -> list[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    names: list[str] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.append(node.module)
        elif isinstance(node, ast.Import):
            names.extend(alias.name for alias in node.names)
    return [n for n in names if n == "paperstudy" or n.startswith("paperstudy.")]


def test_the_app_imports_only_the_front_door() -> None:
    files = sorted((REPO / "app").rglob("*.py"))
    assert len(files) >= 8  # the entry point, the components and the six pages
    wrong = {
        f"{path.relative_to(REPO)}: {name}"
        for path in files
        for name in _paperstudy_imports(path)
        if not any(name == allowed or name.startswith(allowed + ".") for allowed in ALLOWED_FOR_UIS)
    }
    assert wrong == set()


def test_the_scan_would_see_a_wrong_import(tmp_path: Path) -> None:
    page = tmp_path / "page.py"
    page.write_text("from paperstudy.store import Library\nimport paperstudy.quiz.cards\n")
    assert _paperstudy_imports(page) == ["paperstudy.store", "paperstudy.quiz.cards"]
