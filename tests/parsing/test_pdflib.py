"""PyMuPDF's layout model stays out of the main pass and loads when the table-cell view needs it."""

from __future__ import annotations

import importlib.util
import subprocess
import sys

import pytest

_PROBE = """
import sys
import paperstudy.parsing.layout
import pymupdf
print(sys.modules.get("pymupdf.layout") is None, pymupdf._get_layout is None)
from paperstudy.parsing.pdflib import with_layout_model
with_layout_model()
print(callable(pymupdf._get_layout))
"""


@pytest.mark.skipif(importlib.util.find_spec("pymupdf.layout") is None, reason="pymupdf-layout not installed")
def test_layout_model_loads_only_for_the_cell_view() -> None:
    done = subprocess.run(
        [sys.executable, "-c", _PROBE], capture_output=True, text=True, check=True, timeout=120
    )
    assert done.stdout.split() == ["True", "True", "True"]
    assert "Consider using" not in done.stdout + done.stderr  # PyMuPDF's advice never reaches our output
