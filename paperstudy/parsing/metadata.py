"""Pure front-matter extraction: title, authors, abstract, arXiv id, DOI and year from layout lines."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from itertools import pairwise

from paperstudy.parsing.layout import Line, PageLayout
from paperstudy.parsing.text import compose_accents, fold, join_lines, normalize_ligatures

ARXIV_ID = re.compile(r"arXiv:\s*(\d{4}\.\d{4,5}|[a-z-]+(?:\.[A-Z]{2})?/\d{7})(?:v\d+)?", re.IGNORECASE)
DOI = re.compile(r"\b(10\.\d{4,9}/[^\s\"<>,;]+)")
_YEAR = re.compile(r"\b(19[89]\d|20[0-4]\d)\b")
# "c⃝2013" is how LaTeX's \copyright often reaches the text layer (c + combining enclosing circle).
_COPYRIGHT_YEAR = re.compile(
    r"(?:©|\(c\)|c\u20dd|copyright)\s*(?:\w+\s+){0,2}(19[89]\d|20[0-4]\d)", re.IGNORECASE
)
# Venue with a two-digit year, as conference footers print it: "CIKM’13", "RecSys ’16", "KDD '19".
_VENUE_YY = re.compile(r"\b[A-Z][A-Za-z]{2,}\s?['’]\s?(\d\d)\b(?![’'\d])")
# A journal or proceedings line with the year in parentheses, "Journal of ... Research 14 (2013) 1-39",
# or after the venue's acronym, as conference templates print it: "... Processing Systems (NIPS 2017)",
# "Published as a conference paper at ICLR 2017". An arXiv copy revised later is stamped a later year.
_VENUE_LINE_YEAR = re.compile(
    r"(?i:journal|proceedings|transactions|conference|workshop|symposium)[^\n]{0,80}?"
    r"(?:\((19[89]\d|20[0-4]\d)\)|(?:\(|\b(?i:at)\s+)[A-Z][A-Za-z]{2,}\s?(19[89]\d|20[0-4]\d)\b)"
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
# A capital of any script starts a name word ("Łukasz", "Ólafur"); \w covers the letters after it.
_NAME_WORD = re.compile(r"^(?=[^\W\d_])[\w.'’\-]*$")
_ABSTRACT_START = re.compile(r"^abstract\s*[—–:.\-]?\s*", re.IGNORECASE)
_ABSTRACT_STOP = re.compile(
    r"^(keywords|key words|index terms|ccs concepts|categories and subject descriptors|general terms|"
    r"acm reference format|author summary|additional key words)\b",
    re.IGNORECASE,
)


def title_lines(page: PageLayout, body_size: float) -> tuple[list[int], float]:
    """Indices of the title's lines on page 1 (the largest text in the upper half), top to bottom, and its
    font size. The lines are followed by position, not reading order: a centred second line may be read
    into another column ("... with Two-side" / "Relevance for ..."). A subtitle in a smaller bold size
    belongs to the title when the title line ends with a colon or the subtitle starts with a dash."""
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
    # keep the first vertically contiguous run of title-sized lines
    run = [chosen[0]]
    for i in sorted(chosen[1:], key=lambda j: page.lines[j].y0):
        gap = page.lines[i].y0 - page.lines[run[-1]].y1
        if 0 <= gap < size * 1.2 or (i == run[-1] + 1 and gap < size * 1.2):
            run.append(i)
        elif page.lines[i].y0 > page.lines[run[-1]].y1:
            break
    subtitle = _subtitle_line(page, run[-1], size, body_size)
    return run + ([subtitle] if subtitle is not None else []), size


def _subtitle_line(page: PageLayout, last: int, size: float, body_size: float) -> int | None:
    title_line = page.lines[last]
    below = [
        (i, ln)
        for i, ln in enumerate(page.lines)
        if 0 <= ln.y0 - title_line.y1 < size and ln.size < size - 0.5
    ]
    if not below:
        return None
    i, line = min(below, key=lambda item: item[1].y0)
    continues = title_line.text.rstrip().endswith(":") or line.text.lstrip()[:1] in "–—-"
    if continues and line.bold and line.size >= max(body_size + 1, size * 0.65):
        return i
    return None


def title_text(page: PageLayout, indices: list[int]) -> str:
    """The title as printed, without the footnote marks that point to its acknowledgement ("…∗")."""
    return join_lines([page.lines[i].text for i in indices]).rstrip("∗*†‡§¶ ")


def find_authors(page: PageLayout, title: Sequence[int], stop: int) -> list[str]:
    """Author names from the lines between the title (its line indices) and the abstract, in the style
    of the first one."""
    region = _author_region(page, title, stop)
    if not region:
        return []
    style = None
    authors: list[str] = []
    for line in region[:80]:
        if _ABSTRACT_STOP.match(line.text) or _running_prose(line.text):
            break  # the author block has ended: an unlabelled abstract, keywords, CCS concepts
        if _AFFILIATION.search(line.text):
            continue
        names = _names_in(_spaced_apart(line))
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


def _author_region(page: PageLayout, title: Sequence[int], stop: int) -> list[Line]:
    """The lines printed below the title and above the abstract (or the first heading), in rows left
    to right. By position, not reading order: authors set in a grid or across two columns are read
    around the title ("Xiangnan He" before it) or after the abstract (a right-hand column)."""
    lines = page.lines
    if not title:
        return [ln for ln in lines[:stop] if ln.text.strip() and not _ABSTRACT_START.match(ln.text)]
    top = max(lines[i].y1 for i in title)
    bottom = lines[stop].y0 if stop < len(lines) else page.height
    region = [
        ln
        for i, ln in enumerate(lines)
        if i not in title and ln.y0 >= top - 1 and ln.y1 <= bottom + 1 and ln.text.strip()
    ]
    region = [ln for ln in region if not _ABSTRACT_START.match(ln.text)]
    return sorted(region, key=lambda ln: (round(ln.y0 / 4), ln.x0))


def _running_prose(text: str) -> bool:
    """A line of sentences (eight words or more, mostly lower-case): never part of an author block."""
    words = text.split()
    return len(words) >= 8 and sum(1 for w in words if w[:1].islower()) >= 0.5 * len(words)


def _spaced_apart(line: Line) -> str:
    """The line's text, with the wide gap ``_names_in`` splits names at ("   ") where its spans stand a type
    size apart or more: a row of names set with wide spaces between them and no comma ("Jacob Devlin
    Ming-Wei Chang …")."""
    spans = [s for s in line.spans if s.text.strip()]
    wide = [span.x0 - prev.x1 >= line.size for prev, span in pairwise(spans)]
    if not any(wide):
        return line.text
    text = spans[0].text.strip()
    for apart, span in zip(wide, spans[1:], strict=True):
        text += ("   " if apart else " ") + span.text.strip()
    return compose_accents(normalize_ligatures(text))


def _names_in(text: str) -> list[str]:
    text = re.sub(r"[\d∗*†‡§¶#,]+(?=\s|$|,)", ",", text)
    text = re.sub(r"[∗*†‡§¶]", "", text)
    parts = re.split(r",|;|\band\b|&|\s{3,}", text)
    names = []
    for part in parts:
        words = part.split()
        if not all(_NAME_WORD.match(w) and w[0].isupper() for w in words):
            continue
        if 2 <= len(words) <= 4:
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
        following: list[Line] = []
        for nxt in lines[i + 1 : stop]:
            if _ABSTRACT_STOP.match(nxt.text):
                break
            following.append(nxt)
        text = join_lines([line.text[match.end() :], *(ln.text for ln in _in_abstract_size(following))])
        if len(text) > 50:
            return text[:5000]
    return ""


def _in_abstract_size(lines: list[Line]) -> list[Line]:
    """The lines printed in the abstract's font size (that of its first lines): a copyright or permission
    footnote (smaller) and author blocks (larger) read in between are not the abstract."""
    sizes = sorted(ln.size for ln in lines[:3] if ln.size > 0)
    if not sizes:
        return lines
    size = sizes[len(sizes) // 2]
    return [ln for ln in lines if ln.size <= 0 or abs(ln.size - size) <= 0.12 * size]


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


_PDF_DATE = re.compile(r"^(?:D:)?((?:19[89]|20[0-4])\d)")


def year_from_pdf_date(value: str | None) -> int | None:
    """The year of a PDF date string (``D:20170512093000+02'00'`` → 2017), the file's creation date:
    the last resort, as a copy made later would give a later year."""
    match = _PDF_DATE.match((value or "").strip())
    return int(match.group(1)) if match else None


def find_year(stamp: str | None, texts: list[str]) -> int | None:
    """The publication year printed on page 1: copyright line, venue footer, journal line or date line,
    in that order of trust; else the arXiv stamp's year (which is the version's, not the paper's)."""
    for pattern in (_COPYRIGHT_YEAR, _VENUE_YY, _VENUE_LINE_YEAR, _DATE_LINE):
        for text in texts:
            match = pattern.search(text)
            if match:
                year = int(next(g for g in match.groups() if g))
                return year + 2000 if year < 100 and pattern is _VENUE_YY else year
    if stamp:
        years = _YEAR.findall(stamp)
        if years:
            return int(years[-1])
    return None


_CITED_YEAR = re.compile(r"(?<![\d.\-/])((?:19|20)\d\d)[a-z]?(?!\d)")


def newer_cited_year(year: int | None, references: str, created: int | None) -> int | None:
    """A paper cannot cite work newer than itself: when at least two references are from a year after
    ``year`` (a conference template's "© 2018" left in a 2020 preprint), that newest cited year, or the
    file's creation year ``created`` when it is later still; else ``year``. A cited year after the file
    was created is a page range or a typo and is ignored. Without ``year``, the newest cited year is the
    best lower bound there is."""
    counts: dict[int, int] = {}
    for match in _CITED_YEAR.finditer(references):
        cited = int(match.group(1))
        if created is None or cited <= created:
            counts[cited] = counts.get(cited, 0) + 1
    newest = max((y for y, n in counts.items() if n >= 2), default=None)
    if year is None:  # no year printed, stamped or dated: the paper is at least as new as what it cites
        return newest
    if newest is None or newest <= year:
        return year
    return max(newest, created or newest)


# --- the paper's own model -------------------------------------------------------------------------
# A coined name printed before the title's colon: "DeepFM: ...", "node2vec: ...", "T-CVAE: ...".
_TITLE_NAME = re.compile(r"^\s*([A-Za-z][\w\-]{1,24}(?:\+\+)?)\s*:\s+\S")
_PARENTHESISED = re.compile(r"\(([A-Za-z][A-Za-z0-9\-]{1,14})\)")
# The authors putting something forward: "we propose", "this paper presents", "the proposed", "called".
_PROPOSAL_VERB = re.compile(
    r"\b(?:propos|present|introduc|develop|design|devis|call|nam|dub|term)(?:e|es|ed|ing|s)?\b", re.I
)
_AUTHORS = re.compile(r"\b(?:we|this paper|this work|our|the proposed)\b", re.IGNORECASE)
# Between the verb and the definition: the definition is a tool of the proposal, not the proposal.
_MEANS = re.compile(r"\b(?:using|use|uses|with|via|by|based on|through|of|from|to)\b", re.IGNORECASE)
# "a series of X (S)", "two types of X (S)": the "of" names what X is, not a tool X is made with.
_QUANTIFIER = re.compile(r"\b(?:series|family|families|class|classes|kind|kinds|type|types) of\b", re.I)
# What a long form ends with when it names a quantity or a task, not a model ("click-through rate (CTR)").
_NOT_MODEL_HEADS = frozenset(
    "rate rates ratio prediction predictions curve error score scores loss problem problems task tasks "
    "data dataset datasets assumption value values metric metrics".split()
)
# A name right after the verb: "we present DeepWalk, ...", "we present Wide & Deep learning", or an
# appositive "we propose a new simple network architecture, the Transformer, ...".
_NAME_AFTER_VERB = re.compile(
    r"^\s+((?:[A-Z][\w\-]*)(?:\s*&\s*[A-Z][\w\-]*|\s+[A-Z][\w\-]*){0,3})(?=[\s,.;:(—–-])"
)
_APPOSITIVE = re.compile(r",\s+the\s+([A-Z][\w\-]+)\s*[,(]")
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-Z])")


def _coined(token: str) -> bool:
    """A model name rather than a word: a capital or digit after its first letter ("DeepFM", "node2vec",
    "LINE", "T-CVAE")."""
    return len(token) >= 2 and any(c.isupper() or c.isdigit() for c in token[1:])


def _short_form(token: str) -> str:
    """An acronym without its plural "s" ("GATs" → "GAT", "FFMs" → "FFM")."""
    return token[:-1] if len(token) > 2 and token.endswith("s") and token[:-1].isupper() else token


def _long_form(words: list[str], short: str) -> str | None:
    """The words before "(SHORT)" that spell it (Schwartz & Hearst 2003): each letter of the short form,
    right to left, found in the preceding words, its first letter starting a word."""
    letters = [c.lower() for c in short if c.isalnum()]
    if len(letters) < 2 or not any(c.isalpha() for c in letters):
        return None
    window = " ".join(words[-min(len(letters) + 5, 2 * len(letters)) :])
    text = window.lower()
    s, t = len(letters) - 1, len(text) - 1
    while s >= 0:
        c = letters[s]
        while t >= 0 and (text[t] != c or (s == 0 and t > 0 and text[t - 1].isalnum())):
            t -= 1
        if t < 0:
            return None
        s -= 1
        t -= 1
    return window[t + 1 :].strip() or None


@dataclass(frozen=True, slots=True)
class _Definition:
    short: str
    long: str
    proposed: bool
    """Put forward by the authors: a proposal verb right before the long form, nothing used in between."""
    sentence: int


def _definitions(text: str) -> list[_Definition]:
    """Every "long form (SHORT)" definition in ``text`` whose long form names a model."""
    found: list[_Definition] = []
    for number, sentence in enumerate(_SENTENCE_END.split(text)):
        for match in _PARENTHESISED.finditer(sentence):
            short = _short_form(match.group(1))
            if sum(c.isupper() for c in short) < 2:
                continue
            before = sentence[: match.start()]
            long = _long_form(before.split(), short)
            if not long or fold(long).split()[-1:] == [] or fold(long).split()[-1] in _NOT_MODEL_HEADS:
                continue
            head = before[: len(before.rstrip()) - len(long)]
            verbs = list(_PROPOSAL_VERB.finditer(head))
            proposed = bool(verbs) and bool(_AUTHORS.search(sentence))
            if proposed and _MEANS.search(_QUANTIFIER.sub(" ", _outside_name(head[verbs[-1].end() :]))):
                proposed = False
            found.append(_Definition(short, long, proposed, number))
    return found


_NAME_JOINERS = frozenset({"with", "for", "of", "and", "on", "&", "in"})


def _outside_name(gap: str) -> str:
    """``gap`` without the capitalised words that end it: the start of the model's printed name, which
    the acronym's letters may not all cover ("propose Improved Solution with Power Function (PRel-MF)")."""
    words = gap.split()
    end = len(words)
    while end > 0 and (words[end - 1][:1].isupper() or (words[end - 1] in _NAME_JOINERS and end > 1)):
        end -= 1
    while end < len(words) and words[end] in _NAME_JOINERS:
        end += 1
    return " ".join(words[:end])


def _squashed(text: str) -> str:
    return fold(text).replace(" ", "")


def _named_after_verb(abstract: str) -> str | None:
    """A name the authors give right after their proposal verb ("We present GraphSAGE, a ...")."""
    for sentence in _SENTENCE_END.split(abstract):
        if not _AUTHORS.search(sentence):
            continue
        for verb in _PROPOSAL_VERB.finditer(sentence):
            tail = sentence[verb.end() :]
            named = _NAME_AFTER_VERB.match(tail)
            if named:
                name = named.group(1).strip()
                if _coined(name.split()[0]) or "&" in name:
                    return name
            appositive = _APPOSITIVE.match(tail[tail.find(",") :]) if "," in tail[:80] else None
            if appositive:
                return appositive.group(1)
    return None


def find_model(title: str, abstract: str, introduction: str = "") -> str | None:
    """The name the paper gives its own model, preferring an acronym. In order: the coined name before
    the title's colon ("DeepFM: ..."); an acronym the authors define as what they propose ("we propose
    ... Deep Interest Evolution Network (DIEN)", the last sentence's when they refine it, the first of a
    sentence that names two); an acronym defined in the abstract whose long form is the title's
    ("field-aware factorization machines (FFMs)"); a name right after the proposal verb ("We present
    GraphSAGE, ..."). When the abstract names none, the same definitions in the introduction, where many
    papers first spell their model out ("we propose a series of Deep Structured Semantic Models (DSSM)").
    ``None`` when none of these is printed (surveys, analyses, papers that leave their model unnamed)."""
    head = _TITLE_NAME.match(title)
    if head and _coined(head.group(1)):
        return head.group(1)
    return (
        _defined_model(title, abstract)
        or _named_after_verb(abstract)
        or _defined_model(title, introduction, proposed_only=True)
    )


def _defined_model(title: str, text: str, *, proposed_only: bool = False) -> str | None:
    definitions = _definitions(text)
    proposed = [d for d in definitions if d.proposed]
    if proposed:
        last_sentence = proposed[-1].sentence
        return next(d.short for d in proposed if d.sentence == last_sentence)
    if proposed_only:
        return None  # the introduction also spells out the task, its quantities and cited models
    squashed_title = _squashed(title)
    in_title = [d for d in definitions if _squashed(d.long) in squashed_title]
    if in_title:
        return max(in_title, key=lambda d: len(d.long)).short
    return None
