"""PyMuPDF, imported without its optional layout model until a caller needs it.

PyMuPDF 2 imports ``pymupdf.layout`` on import when it is installed, which builds an ONNX layout network:
about 2 s and 50 MB in every process (each ingest worker, the CLI, the app). The main parsing pass reads
the page layout itself from ``get_text("dict")``; only ``find_tables`` (the app's table-cell view) uses the
model, and it loads it on first use with ``with_layout_model``.
"""

from __future__ import annotations

import contextlib
import importlib
import sys

if "pymupdf" not in sys.modules:
    # A None entry makes ``import pymupdf.layout`` raise ImportError, which PyMuPDF treats as "not installed".
    sys.modules["pymupdf.layout"] = None  # type: ignore[assignment]

import pymupdf

pymupdf.no_recommend_layout()  # type: ignore[no-untyped-call]  # the message would go to stdout, where --json rows are printed


def with_layout_model() -> None:
    """Load PyMuPDF's layout model (once per process) if it is installed and not loaded yet."""
    if "pymupdf.layout" in sys.modules and sys.modules["pymupdf.layout"] is None:
        del sys.modules["pymupdf.layout"]
    with contextlib.suppress(ImportError):  # not installed: find_tables uses its own table detection
        importlib.import_module("pymupdf.layout")


__all__ = ["pymupdf", "with_layout_model"]
