"""The labelled corpus parsed end to end (``parse_pdf`` from the PDF), once per test session."""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path
from typing import Any

from paperstudy.models import ParsedPaper
from paperstudy.parsing import parse_pdf
from tests.corpus import CORPUS

TRUTH_DIR = CORPUS / "truth"


def labelled() -> list[str]:
    return sorted(p.stem for p in TRUTH_DIR.glob("*.json")) if TRUTH_DIR.is_dir() else []


@cache
def truth(slug: str) -> dict[str, Any]:
    data: dict[str, Any] = json.loads((TRUTH_DIR / f"{slug}.json").read_text(encoding="utf-8"))
    return data


@cache
def parsed(slug: str) -> ParsedPaper:
    return parse_pdf(CORPUS / str(truth(slug).get("pdf", f"pdfs/{slug}.pdf")))


def pdf_path(slug: str) -> Path:
    return CORPUS / str(truth(slug).get("pdf", f"pdfs/{slug}.pdf"))
