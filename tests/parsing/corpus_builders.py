"""Build ``ParsedPaper`` objects from the labelled corpus without the structure parser.

Page texts come straight from PyMuPDF; sections are cut at the truth headings, located in the text by a
tolerant pattern (number, optional period, words split over lines, ligatures). This lets the pure facet
and entity stages be developed and tested on real text independently of ``structure.py``.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from typing import Any

from paperstudy.models import PageSpan, ParsedPaper, Section
from tests.corpus import CORPUS

TRUTH = CORPUS / "truth"
PDFS = CORPUS / "pdfs"

_LIG = {"ffi": "(?:ffi|ﬃ)", "ffl": "(?:ffl|ﬄ)", "ff": "(?:ff|ﬀ)", "fi": "(?:fi|ﬁ)", "fl": "(?:fl|ﬂ)"}
_LIG_RE = re.compile("|".join(_LIG))


@dataclass
class Truth:
    slug: str
    sections: list[dict[str, Any]]
    datasets: list[str]
    metrics: list[str]
    raw: dict[str, Any] = field(default_factory=dict)


def truth_slugs() -> list[str]:
    return sorted(p.stem for p in TRUTH.glob("*.json")) if TRUTH.is_dir() else []


def load_truth(slug: str) -> Truth:
    raw = json.loads((TRUTH / f"{slug}.json").read_text(encoding="utf-8"))
    return Truth(slug, raw["sections"], raw["datasets"], raw["metrics"], raw)


def _word_pattern(word: str) -> str:
    out, pos = [], 0
    for m in _LIG_RE.finditer(word):
        out.append(re.escape(word[pos : m.start()]))
        out.append(_LIG[m.group()])
        pos = m.end()
    out.append(re.escape(word[pos:]))
    return "".join(out)


def _heading_patterns(number: str | None, heading: str) -> list[re.Pattern[str]]:
    words = heading.replace("Th", "T").split() if "Th" in heading else heading.split()
    full = [w for w in heading.split()]
    pats: list[re.Pattern[str]] = []
    num = rf"{re.escape(number)}\.?\s*" if number else ""
    for ws in (full, words, full[:2]):
        if not ws:
            continue
        body = r"\s+".join(_word_pattern(w) for w in ws)
        pats.append(re.compile(rf"(?im)^[ \t]*{num}{body}"))
    return pats


def build_paper(slug: str) -> ParsedPaper:
    """A ParsedPaper with page texts and truth-headed sections (facets left at their default)."""
    import pymupdf

    truth = load_truth(slug)
    with pymupdf.open(PDFS / f"{slug}.pdf") as doc:
        pages = [page.get_text() for page in doc]
    starts, offset = [], 0
    for text in pages:
        starts.append(offset)
        offset += len(text)
    full = "".join(pages)

    found: list[tuple[dict[str, Any], int, int]] = []
    cursor = 0
    for sec in truth.sections:
        for pat in _heading_patterns(sec["number"], sec["heading"]):
            m = pat.search(full, cursor)
            if m:
                end = full.find("\n", m.end())
                found.append((sec, m.start(), end + 1 if end >= 0 else m.end()))
                cursor = m.end()
                break

    def page_of(pos: int) -> int:
        page = 1
        for i, s in enumerate(starts):
            if s <= pos:
                page = i + 1
        return page

    sections: list[Section] = []
    for i, (sec, head_start, body_start) in enumerate(found):
        body_end = found[i + 1][1] if i + 1 < len(found) else len(full)
        spans: list[PageSpan] = []
        pos = body_start
        while pos < body_end:
            page = page_of(pos)
            page_end = starts[page] if page < len(starts) else len(full)
            stop = min(body_end, page_end)
            spans.append(PageSpan(page=page, start=pos - starts[page - 1], end=stop - starts[page - 1]))
            pos = stop
        text = "\n".join(pages[s.page - 1][s.start : s.end] for s in spans)
        sections.append(
            Section(
                level=sec["level"],
                number=sec["number"],
                heading=sec["heading"],
                page_start=page_of(head_start),
                page_end=spans[-1].page if spans else page_of(head_start),
                spans=spans,
                text=text,
            )
        )
    first = found[0][1] if found else len(full)
    m = re.search(r"(?i)\babstract\b[\s.:—-]*", full[:first])
    abstract = full[m.end() : first].strip() if m else ""
    return ParsedPaper(
        title=str(truth.raw.get("title", slug)),
        abstract=abstract,
        page_count=len(pages),
        pages=pages,
        sections=sections,
    )
