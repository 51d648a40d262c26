"""Pure front-matter extraction: title, authors, abstract, arXiv id, DOI and year from layout lines."""

from __future__ import annotations

import re

from paperstudy.parsing.layout import Line, PageLayout
from paperstudy.parsing.text import fold, join_lines

ARXIV_ID = re.compile(r"arXiv:\s*(\d{4}\.\d{4,5}|[a-z-]+(?:\.[A-Z]{2})?/\d{7})(?:v\d+)?", re.IGNORECASE)
DOI = re.compile(r"\b(10\.\d{4,9}/[^\s\"<>,;]+)")
_YEAR = re.compile(r"\b(19[89]\d|20[0-4]\d)\b")
# "c⃝2013" is how LaTeX's \copyright often reaches the text layer (c + combining enclosing circle).
_COPYRIGHT_YEAR = re.compile(
    r"(?:©|\(c\)|c\u20dd|copyright)\s*(?:\w+\s+){0,2}(19[89]\d|20[0-4]\d)", re.IGNORECASE
)
# Venue with a two-digit year, as conference footers print it: "CIKM’13", "RecSys ’16", "KDD '19".
_VENUE_YY = re.compile(r"\b[A-Z][A-Za-z]{2,}\s?['’]\s?(\d\d)\b(?![’'\d])")
# A journal or proceedings line with the year in parentheses: "Journal of ... Research 14 (2013) 1-39".
_VENUE_LINE_YEAR = re.compile(
    r"(?:journal|proceedings|transactions|conference|workshop|symposium)[^\n]{0,80}?\((19[89]\d|20[0-4]\d)\)",
    re.IGNORECASE,
)
# A date line of its own, as preprints print it under the title: "May 12, 2025".
_DATE_LINE = re.compile(
    r"^\s*(?:January|February|March|April|May|June|July|August|September|October|November|December)"
    r"\s+\d{1,2},\s+(19[89]\d|20[0-4]\d)\s*$",
    re.MULTILINE,
)
_AFFILIATION = re.compile(
    r"universit|institut|college|school|department|dept\.|laborator|\blab\b|research|\binc\b|corporation|"
    r"company|academy|centre|center|group|google|microsoft|facebook|alibaba|huawei|amazon|\bltd\b|@|http",
    re.IGNORECASE,
)
_NAME_WORD = re.compile(r"^[A-Z][\w.'’\-]*$")
_ABSTRACT_START = re.compile(r"^abstract\s*[—–:.\-]?\s*", re.IGNORECASE)
_ABSTRACT_STOP = re.compile(
    r"^(keywords|key words|index terms|ccs concepts|categories and subject descriptors|general terms|"
    r"acm reference format|author summary|additional key words)\b",
    re.IGNORECASE,
)


def title_lines(page: PageLayout, body_size: float) -> tuple[list[int], float]:
    """Indices of the title's lines on page 1 (the largest text in the upper half) and its font size."""
    top = [
        (i, ln)
        for i, ln in enumerate(page.lines)
        if ln.y0 < page.height * 0.5 and sum(c.isalpha() for c in ln.text) >= 3
    ]
    if not top:
        return [], body_size
    size = max(ln.size for _, ln in top)
    chosen = [i for i, ln in top if ln.size >= size - 0.5]
    if not chosen:
        return [], size
    # keep the first contiguous run of title-sized lines
    run = [chosen[0]]
    for i in chosen[1:]:
        if i == run[-1] + 1 and page.lines[i].y0 - page.lines[run[-1]].y1 < size * 1.2:
            run.append(i)
        else:
            break
    return run, size


def title_text(page: PageLayout, indices: list[int]) -> str:
    return join_lines([page.lines[i].text for i in indices])


def find_authors(page: PageLayout, after: int, stop: int) -> list[str]:
    """Author names from the lines between the title and the abstract, in the style of the first one."""
    region = [ln for ln in page.lines[after:stop] if ln.text.strip()]
    region = [ln for ln in region if not _ABSTRACT_START.match(ln.text)]
    if not region:
        return []
    style = None
    authors: list[str] = []
    for line in region[:40]:
        if _AFFILIATION.search(line.text):
            continue
        names = _names_in(line.text)
        if not names:
            continue
        key = (round(line.size), line.bold)
        if style is None:
            style = key
        elif key != style:
            continue
        for name in names:
            if name not in authors:
                authors.append(name)
    return authors


def _names_in(text: str) -> list[str]:
    text = re.sub(r"[\d∗*†‡§¶#,]+(?=\s|$|,)", ",", text)
    text = re.sub(r"[∗*†‡§¶]", "", text)
    parts = re.split(r",|;|\band\b|&|\s{3,}", text)
    names = []
    for part in parts:
        words = part.split()
        if 2 <= len(words) <= 4 and all(_NAME_WORD.match(w) for w in words):
            names.append(" ".join(words))
    return names


def find_abstract(lines: list[Line], stop: int) -> str:
    """The abstract: text after an "Abstract" label up to the first heading or keywords block."""
    for i, line in enumerate(lines[:stop]):
        match = _ABSTRACT_START.match(line.text)
        if not match:
            continue
        if fold(line.text) != "abstract" and not re.match(r"^abstract\s*[—–:.\-]", line.text, re.I):
            continue
        collected = [line.text[match.end() :]]
        for nxt in lines[i + 1 : stop]:
            if _ABSTRACT_STOP.match(nxt.text):
                break
            collected.append(nxt.text)
        text = join_lines(collected)
        if len(text) > 50:
            return text[:5000]
    return ""


def find_arxiv_id(stamp: str | None, texts: list[str]) -> str | None:
    for text in ([stamp] if stamp else []) + texts:
        match = ARXIV_ID.search(text)
        if match:
            return match.group(1)
    return None


def find_doi(texts: list[str]) -> str | None:
    for text in texts:
        match = DOI.search(text)
        if match:
            return match.group(1).rstrip(".)]")
    return None


def find_year(stamp: str | None, texts: list[str]) -> int | None:
    """The publication year printed on page 1: copyright line, venue footer, journal line or date line,
    in that order of trust; else the arXiv stamp's year (which is the version's, not the paper's)."""
    for pattern in (_COPYRIGHT_YEAR, _VENUE_YY, _VENUE_LINE_YEAR, _DATE_LINE):
        for text in texts:
            match = pattern.search(text)
            if match:
                year = int(match.group(1))
                return year + 2000 if year < 100 and pattern is _VENUE_YY else year
    if stamp:
        years = _YEAR.findall(stamp)
        if years:
            return int(years[-1])
    return None
