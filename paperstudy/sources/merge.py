"""De-duplicate hits across sources and keep the richest metadata of each paper. Pure functions."""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence

from rapidfuzz import fuzz

from paperstudy.ids import ascii_fold
from paperstudy.models import SearchHit

TITLE_THRESHOLD = 92.0
"""rapidfuzz ratio (0–100) above which two normalised titles are the same paper."""
_NON_WORD = re.compile(r"[^a-z0-9]+")
_ELLIPSIS = ("…", "...")


def normalise_title(title: str) -> str:
    """Lower-case ASCII words only: ``"xDeepFM: Combining…"`` → ``"xdeepfm combining"``."""
    return " ".join(_NON_WORD.sub(" ", ascii_fold(title).casefold()).split())


def same_title(a: str, b: str) -> bool:
    na, nb = normalise_title(a), normalise_title(b)
    if not na or not nb:
        return False
    if fuzz.ratio(na, nb) >= TITLE_THRESHOLD:
        return True
    # Scholar cuts long titles with an ellipsis: compare the shown part against the full one.
    truncated = any(t.strip().endswith(_ELLIPSIS) or t.strip().startswith(_ELLIPSIS) for t in (a, b))
    return truncated and min(len(na), len(nb)) >= 25 and fuzz.partial_ratio(na, nb) >= 95


def _years_compatible(a: SearchHit, b: SearchHit) -> bool:
    # A preprint and its conference version are often a year apart; more than that is another paper.
    return a.year is None or b.year is None or abs(a.year - b.year) <= 2


def find_match(hit: SearchHit, pool: Sequence[SearchHit]) -> int | None:
    """Index in ``pool`` of the same paper: by arXiv id, then DOI, then fuzzy title."""
    if hit.arxiv_id:
        for index, other in enumerate(pool):
            if other.arxiv_id == hit.arxiv_id:
                return index
    if hit.doi:
        for index, other in enumerate(pool):
            if other.doi and other.doi.lower() == hit.doi.lower():
                return index
    for index, other in enumerate(pool):
        ids_differ = hit.arxiv_id and other.arxiv_id and hit.arxiv_id != other.arxiv_id
        if not ids_differ and _years_compatible(hit, other) and same_title(hit.title, other.title):
            return index
    return None


def combine(a: SearchHit, b: SearchHit) -> SearchHit:
    """One hit from two views of the same paper, keeping the richer value of each field."""
    return SearchHit(
        title=_better_title(a.title, b.title),
        authors=a.authors if len(a.authors) >= len(b.authors) else b.authors,
        year=a.year if a.year is not None else b.year,
        arxiv_id=a.arxiv_id or b.arxiv_id,
        doi=a.doi or b.doi,
        pdf_url=_better_pdf(a.pdf_url, b.pdf_url),
        sources=list(dict.fromkeys([*a.sources, *b.sources])),
        citations=max((c for c in (a.citations, b.citations) if c is not None), default=None),
        venue=_better_venue(a.venue, b.venue),
        abstract=a.abstract if len(a.abstract) >= len(b.abstract) else b.abstract,
        url=a.url or b.url,
    )


def _better_title(a: str, b: str) -> str:
    def truncated(t: str) -> bool:
        return t.strip().endswith(_ELLIPSIS) or t.strip().startswith(_ELLIPSIS)

    if truncated(a) and not truncated(b):
        return b
    return a


def _better_pdf(a: str | None, b: str | None) -> str | None:
    # arXiv PDFs are stable and free; a publisher's "PDF" link is often a paywall page.
    for url in (a, b):
        if url and "arxiv.org" in url:
            return url
    return a or b


def _better_venue(a: str | None, b: str | None) -> str | None:
    # "arXiv cs.IR" says less than the conference a Scholar hit names.
    for venue in (a, b):
        if venue and not venue.startswith("arXiv"):
            return venue
    return a or b


def merge(groups: Iterable[Sequence[SearchHit]]) -> list[SearchHit]:
    """All hits of all groups, each paper once, in first-seen order."""
    merged: list[SearchHit] = []
    for group in groups:
        for hit in group:
            index = find_match(hit, merged)
            if index is None:
                merged.append(hit)
            else:
                merged[index] = combine(merged[index], hit)
    return merged


def enrich(hits: Sequence[SearchHit], candidates: Sequence[SearchHit]) -> list[SearchHit]:
    """``hits`` with metadata (a PDF, an arXiv id) from matching ``candidates``; no hit is added."""
    result = []
    for hit in hits:
        index = find_match(hit, candidates)
        result.append(hit if index is None else combine(hit, candidates[index]))
    return result
