"""Pure heading detection: which layout lines are level-1/2 section headings, with number and level.

Rules, in order: a heading is a stand-alone line (not a run-in paragraph lead), short, aligned with its
column (left or centred), and typographically prominent (bold, larger than the body, italic when numbered,
or set in capitals). Its level comes from its number ("3" → 1, "3.1" → 2, "3.1.1" → dropped); letter and
roman labels and unnumbered headings take the level of numbered headings printed in the same style.
Documents without numbered headings rank their heading styles by size. Back-matter names (References,
Acknowledgments, Appendix) are level 1; front matter (Abstract, Keywords, CCS Concepts, ...) is not a section.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

from paperstudy.parsing.layout import Line, OutlineEntry, PageLayout
from paperstudy.parsing.text import fold

_NUMBER = re.compile(
    r"^(?P<num>\d{1,2}(?:\.\d{1,2}){0,3}|[IVX]{1,5}|[A-H](?:\.\d{1,2}){0,2})(?P<dot>\.)?"
    r"\s+(?P<rest>\S.*)$"
)
_CAPTION = re.compile(r"^(fig\.?|figure|table|algorithm|listing)\s*[0-9IVX]+", re.I)
REFERENCE_NAMES = frozenset(
    {"references", "bibliography", "references and notes", "literature cited", "reference"}
)
BACK_MATTER = REFERENCE_NAMES | frozenset(
    {
        "acknowledgments",
        "acknowledgements",
        "acknowledgment",
        "acknowledgement",
        "appendix",
        "appendices",
        "supplementary material",
        "supplementary materials",
    }
)
FRONT_MATTER = frozenset(
    {
        "abstract",
        "keywords",
        "key words",
        "index terms",
        "ccs concepts",
        "categories and subject descriptors",
        "general terms",
        "acm reference format",
        "author summary",
        "additional key words and phrases",
    }
)

StyleKey = tuple[float, bool, bool, bool]


@dataclass(slots=True)
class Heading:
    page: int
    """Page number (from 1)."""
    first: int
    """Index of the heading's first line in ``PageLayout.lines``."""
    last: int
    """Index of its last line (headings can wrap)."""
    number: str | None
    text: str
    level: int
    style: StyleKey

    @property
    def is_references(self) -> bool:
        return self.number is None and fold(self.text) in REFERENCE_NAMES


@dataclass(slots=True)
class _Candidate:
    page: int
    first: int
    last: int
    number: str | None
    kind: str  # "arabic", "letter", "roman", "none"
    depth: int
    text: str
    style: StyleKey
    top: float = 0.0
    """y of the first line's top edge."""


def is_back_matter(text: str) -> bool:
    key = fold(text)
    return key in BACK_MATTER or key.startswith(("appendix ", "appendices "))


def _caps(text: str) -> bool:
    letters = [c for c in text if c.isalpha()]
    return len(letters) >= 3 and all(c.isupper() for c in letters)


def style_of(line: Line, text: str) -> StyleKey:
    return (round(line.size * 2) / 2, line.bold, line.italic and not line.bold, _caps(text))


def _column_edges(page: PageLayout) -> dict[int, tuple[float, float]]:
    edges: dict[int, tuple[float, float]] = {}
    mid = page.width / 2
    for col in (0, 1, 2):
        long_lines = [ln for ln in page.lines if ln.column == col and len(ln.text) >= 30]
        # A column's text stays on its side of the gutter; wide table rows or figure labels whose centre
        # falls in a column but that cross the middle would set a false margin.
        if col == 1:
            long_lines = [ln for ln in long_lines if ln.x1 <= mid + 10]
        elif col == 2:
            long_lines = [ln for ln in long_lines if ln.x0 >= mid - 10]
        if len(long_lines) < 2:
            continue
        lefts = Counter(round(ln.x0 / 3) for ln in long_lines)
        rights = Counter(round(ln.x1 / 3) for ln in long_lines)
        left = min((k for k, n in lefts.items() if n >= 3), default=lefts.most_common(1)[0][0])
        right = max((k for k, n in rights.items() if n >= 3), default=rights.most_common(1)[0][0])
        edges[col] = (left * 3.0, right * 3.0)
    return edges


def _aligned(line: Line, edges: dict[int, tuple[float, float]], page: PageLayout) -> bool:
    edge = edges.get(line.column) or edges.get(0)
    if edge is None:
        return True
    left, right = edge
    if line.column == 0 and page.two_column and 1 in edges and 2 in edges:
        left, right = edges[1][0], edges[2][1]
    if -6 <= line.x0 - left <= 45:
        return True
    return abs((line.x0 + line.x1) / 2 - (left + right) / 2) <= 25


def _split_number(text: str, line: Line, appendix: bool) -> tuple[str | None, str, str, int]:
    """Split "3.1 Setup" → ("3.1", "arabic", "Setup", 2); letters and romans need a dot or a gap."""
    match = _NUMBER.match(text)
    if not match:
        return None, "none", text, 0
    num, dot, rest = match.group("num"), match.group("dot"), match.group("rest")
    if num[0].isdigit():
        return num, "arabic", rest, num.count(".") + 1
    roman = num[0] in "IVX"
    explicit = bool(dot) or line.label_gap or "." in num
    if not explicit and not (appendix and not roman):
        return None, "none", text, 0
    if roman:
        return num, "roman", rest, 1
    return num, "letter", rest, num.count(".") + 1


def _line_pitch(pages: list[PageLayout], body_size: float) -> float:
    """Median baseline-to-baseline distance of body text."""
    deltas: list[float] = []
    for page in pages[:12]:
        for a, b in zip(page.lines, page.lines[1:], strict=False):
            if a.block == b.block and abs(a.size - body_size) < 0.6 and abs(b.size - body_size) < 0.6:
                delta = b.y1 - a.y1
                if 0.8 * body_size < delta < 2.5 * body_size:
                    deltas.append(delta)
    deltas.sort()
    return deltas[len(deltas) // 2] if deltas else body_size * 1.2


def _spaced_after(lines: list[Line], last: int, pitch: float) -> bool:
    """A heading at body size is followed by extra space; a bold paragraph lead-in is not."""
    if last + 1 >= len(lines):
        return True
    nxt = lines[last + 1]
    if nxt.column != lines[last].column:
        return True
    delta = nxt.y1 - lines[last].y1
    return delta > 1.15 * pitch or delta < 0


def _same_style_wrapped(style: StyleKey, nxt: Line) -> bool:
    """``nxt`` is set like a heading of ``style``: same size, weight and slant; a capitals heading goes on
    in capitals, however short the wrapped part ("... FOR CTR" / "PREDICTION", "... AND" / "UP")."""
    other = style_of(nxt, nxt.text)
    if other[:3] != style[:3]:
        return False
    letters = [c for c in nxt.text if c.isalpha()]
    if style[3]:
        return bool(letters) and all(c.isupper() for c in letters)
    return not other[3] or len(letters) <= 8


def _continues(nxt: Line) -> bool:
    text = nxt.text
    return not nxt.runin and 1 <= len(text) <= 160 and text[-1] not in ".,;:" and not _CAPTION.match(text)


def _prominent(line: Line, body: float, numbered: bool, text: str) -> bool:
    if line.size >= body + 0.8 or line.bold:
        return True
    if numbered and (line.italic or line.smallcaps):
        return True
    return is_back_matter(text) and _caps(text)


_NUMERIC_TOKEN = re.compile(r"[-+±]?\d[\d.,%]*")


# A lower-case first word that is a coined name ("node2vec", "xDeepFM", "word2vec"): it carries a digit or
# a capital after its first letters and has four characters or more (a variable such as "h0" is no name).
# Ordinary lower-case words never start a numbered heading.
_NAME_TOKEN = re.compile(r"^\d{1,2}(?:\.\d{1,2}){0,3}\.?\s+(?=\S{4})[a-z]+[A-Z0-9]\S*")


def _is_candidate_line(line: Line, text: str, numbered: bool = False) -> bool:
    if line.runin or not (2 <= len(text) <= 160) or len(text.split()) > 20:
        return False
    if _CAPTION.match(text) or text[-1] in ".,;:-" or not any(map(str.isalpha, text)):
        return False
    if text[0] in "•◦▪‣*·–-—→(":  # bullets and dashes start list items
        return False
    if sum(1 for m in map(_NUMERIC_TOKEN.fullmatch, text.split()) if m) >= 2:
        return False  # a table row, not a heading
    first_alpha = next(c for c in text if c.isalpha())
    return first_alpha.isupper() or (numbered and _NAME_TOKEN.match(text) is not None)


def _surely_plain(line: Line, body_size: float) -> bool:
    """A line ``_prominent`` must reject whatever its number: body size, plain style, and lower-case
    letters after its first token (a number is one token, so the rest can't be all capitals).
    Checked first because most lines are body text."""
    if line.size >= body_size + 0.8 or line.bold or line.italic or line.smallcaps:
        return False
    parts = line.text.split(None, 1)
    return len(parts) == 2 and parts[1] != parts[1].upper()


def detect_headings(
    pages: list[PageLayout], body_size: float, title_size: float, outline: Sequence[OutlineEntry] = ()
) -> list[Heading]:
    """Find level-1/2 headings over the whole document, in reading order.

    A PDF outline (bookmarks), when it can be placed on the pages, decides which lines are headings and
    their levels; headings found from the layout are the fallback, and add back matter the outline omits.
    """
    detected = _detect_from_layout(pages, body_size, title_size)
    if outline:
        placed = headings_from_outline(pages, outline, detected)
        if placed is not None:
            return placed
    return detected


def _detect_from_layout(pages: list[PageLayout], body_size: float, title_size: float) -> list[Heading]:
    candidates: list[_Candidate] = []
    appendix = False
    pitch = _line_pitch(pages, body_size)
    for page in pages:
        edges = _column_edges(page)
        lines = page.lines
        i = 0
        while i < len(lines):
            line = lines[i]
            if page.number == 1 and line.size >= title_size - 0.5 and title_size > body_size * 1.25:
                i += 1
                continue
            if _surely_plain(line, body_size):
                i += 1
                continue
            number, kind, rest, depth = _split_number(line.text, line, appendix)
            if not (
                _is_candidate_line(line, line.text, number is not None)
                and _prominent(line, body_size, number is not None, rest)
                and _aligned(line, edges, page)
            ):
                i += 1
                continue
            style = style_of(line, rest)
            text, last = rest, i
            while last + 1 < len(lines) and last - i < 3:
                nxt = lines[last + 1]
                gap = nxt.y0 - lines[last].y1
                if (
                    nxt.column == line.column
                    and -0.3 * max(line.size, 1) <= gap <= 0.8 * max(line.size, 1)
                    and _same_style_wrapped(style, nxt)
                    and nxt.smallcaps == line.smallcaps
                    and _continues(nxt)
                    and _split_number(nxt.text, nxt, appendix)[0] is None
                    and len(text.split()) + len(nxt.text.split()) <= 24
                    and fold(text) not in BACK_MATTER | FRONT_MATTER
                ):
                    text = f"{text} {nxt.text}"
                    last += 1
                    continue
                break
            if number is None and line.size < body_size + 0.8 and not _spaced_after(lines, last, pitch):
                i = last + 1
                continue
            candidates.append(_Candidate(page.number, i, last, number, kind, depth, text, style, line.y0))
            if number is None and fold(text) in REFERENCE_NAMES:
                appendix = True
            i = last + 1
    return _assign_levels(candidates, body_size)


_ROMAN_DIGITS = {"I": 1, "V": 5, "X": 10}


def _roman_value(numeral: str) -> int:
    values = [_ROMAN_DIGITS[c] for c in numeral]
    return sum(-v if v < nxt else v for v, nxt in zip(values, [*values[1:], 0], strict=True))


def _in_sequence(candidates: list[_Candidate]) -> list[_Candidate]:
    """Drop arabic-numbered lines that break the section numbering (table rows, list items, affiliations)."""
    kept: list[_Candidate] = []
    top, sub = 0, 0
    roman = 0
    for c in candidates:
        if c.kind == "roman" and c.number is not None:
            value = _roman_value(c.number)
            if not roman < value <= roman + 2:
                continue  # "X" of a summation sign set in a math font, a stray "V" label
            roman = value
            kept.append(c)
            continue
        if c.kind != "arabic" or c.number is None:
            kept.append(c)
            continue
        parts = [int(p) for p in c.number.split(".")]
        if c.depth == 1:
            if not top < parts[0] <= top + 2:
                continue
            top, sub = parts[0], 0
        elif c.depth == 2:
            if parts[0] == top and sub < parts[1] <= sub + 2:
                sub = parts[1]
            elif parts[0] == top + 1 and parts[1] <= 2:
                top, sub = parts[0], parts[1]
            else:
                continue
        elif parts[0] != top:
            continue
        kept.append(c)
    return kept


def _below_title_block(candidates: list[_Candidate]) -> list[_Candidate]:
    """Drop unnumbered page-1 lines printed above the "Abstract" label: the title block (author names,
    affiliations) is never a section, even where reading order puts a right-column author after it."""
    label = next((c for c in candidates if c.page == 1 and fold(c.text) == "abstract"), None)
    if label is None:
        return candidates
    return [c for c in candidates if not (c.page == 1 and c.kind == "none" and c.top < label.top - 1)]


def _assign_levels(candidates: list[_Candidate], body_size: float) -> list[Heading]:
    candidates = _below_title_block(_in_sequence(candidates))
    numbered = [c for c in candidates if c.kind != "none"]
    arabic_top = sum(1 for c in numbered if c.kind == "arabic" and c.depth == 1)
    roman_top = sum(1 for c in numbered if c.kind == "roman")
    primary = "roman" if roman_top > arabic_top else "arabic"
    votes: dict[StyleKey, Counter[int]] = {}
    for c in numbered:
        if c.kind == "arabic" or (c.kind == "letter" and c.depth > 1) or (c.kind == primary == "roman"):
            vote = c.depth if c.kind != "roman" else 1
            votes.setdefault(c.style, Counter())[vote] += 1
    style_level = {style: counter.most_common(1)[0][0] for style, counter in votes.items()}
    numbered_mode = len(numbered) >= 3
    if not numbered_mode:
        style_level = _rank_styles(candidates, body_size)

    first_main = next((i for i, c in enumerate(candidates) if c.kind != "none"), len(candidates))
    front = [i for i, c in enumerate(candidates[:first_main]) if fold(c.text) in FRONT_MATTER]
    if front:
        candidates = candidates[front[-1] + 1 :]
    headings: list[Heading] = []
    started = False
    for c in candidates:
        key = fold(c.text)
        level: int | None
        if c.kind == "arabic" or (c.kind == "letter" and c.depth > 1):
            level = c.depth
        elif c.kind == "roman":
            level = 1 if primary == "roman" else style_level.get(c.style, 2)
        elif c.kind == "letter":
            level = style_level.get(c.style, 2 if primary == "roman" else 1)
        elif is_back_matter(c.text):
            level = 1
        else:
            level = style_level.get(c.style)
        if level is None or level > 2:
            continue
        if not started:
            if key in FRONT_MATTER or (c.kind == "none" and numbered_mode) or key in BACK_MATTER:
                continue
            started = True
        if key in FRONT_MATTER:
            continue
        headings.append(Heading(c.page, c.first, c.last, c.number, c.text, level, c.style))
    return headings


def _rank_styles(candidates: list[_Candidate], body_size: float) -> dict[StyleKey, int]:
    """Without numbers: the largest recurring heading style is level 1, the next one level 2."""
    counts: Counter[StyleKey] = Counter(
        c.style for c in candidates if fold(c.text) not in FRONT_MATTER | BACK_MATTER
    )
    styles = sorted(
        (s for s, n in counts.items() if s[0] >= body_size + 0.8 or (s[1] and s[0] > body_size)),
        key=lambda s: (-s[0], not s[1]),
    )
    ranked: dict[StyleKey, int] = {}
    level = 1
    for style in styles:
        if level == 1 and counts[style] < 2:
            continue
        ranked[style] = level
        level += 1
        if level > 2:
            break
    return ranked


def _outline_levels(outline: Sequence[OutlineEntry]) -> list[int]:
    """Outline depths as section levels: the top depth is 1, unless a single first entry holds every other
    one (a bookmark for the paper's title), which is then level 0 and skipped."""
    if not outline:
        return []
    top = min(e.level for e in outline)
    shift = top - 1
    at_top = [i for i, e in enumerate(outline) if e.level == top]
    if at_top == [0] and len(outline) > 2:
        shift = top
    return [e.level - shift for e in outline]


def _folded_rest(line: Line, cache: dict[int, str]) -> str:
    """``fold`` of a line's text without its section number, computed once per line."""
    key = id(line)
    folded = cache.get(key)
    if folded is None:
        number = _NUMBER.match(line.text)
        folded = cache[key] = fold(number.group("rest") if number else line.text)
    return folded


def _match_at(
    lines: list[Line], i: int, key: str, cache: dict[int, str]
) -> tuple[int, str, str | None] | None:
    """The printed heading starting at line ``i`` whose text (without its number) reads as ``key``:
    (last line index, printed text, printed number)."""
    if len(lines[i].text) > len(key) + 16:
        return None  # longer than the heading and its number: a line of body text
    alone = _folded_rest(lines[i], cache)
    if not alone or not key.startswith(alone):
        return None  # a heading's first line begins its text: anything else is checked no further
    text = ""
    for last in range(i, min(i + 3, len(lines))):
        text = f"{text} {lines[last].text}".strip() if text else lines[last].text
        if len(text) > 240:
            return None
        found = _NUMBER.match(text)
        rest = found.group("rest") if found else text
        folded = fold(rest)
        if folded == key:
            return last, rest, found.group("num") if found else None
        if len(folded) >= len(key) + 3:
            return None
    return None


def _place(
    pages: list[PageLayout], page_number: int, key: str, cursor: tuple[int, int], cache: dict[int, str]
) -> tuple[int, int, int, str, str | None] | None:
    """Find the outline entry's lines on its page (or the next one), after ``cursor`` (page, line)."""
    for number in (page_number, page_number + 1, page_number - 1):
        if not 1 <= number <= len(pages) or (number, 10**9) < cursor:
            continue
        lines = pages[number - 1].lines
        start = cursor[1] + 1 if number == cursor[0] else 0
        for i in range(start, len(lines)):
            hit = _match_at(lines, i, key, cache)
            if hit is not None:
                return number, i, hit[0], hit[1], hit[2]
    return None


def headings_from_outline(
    pages: list[PageLayout], outline: Sequence[OutlineEntry], detected: list[Heading]
) -> list[Heading] | None:
    """Headings placed from the PDF outline: its entries at levels 1–2 (front matter such as "Abstract"
    left out), found as printed lines on the pages they point to, with the outline's levels. ``None`` when
    fewer than half of them (or fewer than three) can be placed, so the layout's headings stand.
    Unnumbered headings found in the layout that the outline leaves out are kept."""
    levels = _outline_levels(outline)
    wanted = [(e, lv) for e, lv in zip(outline, levels, strict=True) if 1 <= lv <= 2 and e.page >= 1]
    placed: list[Heading] = []
    cursor = (0, -1)
    cache: dict[int, str] = {}
    for entry, level in wanted:
        found = _NUMBER.match(entry.title)
        number = found.group("num") if found else None
        key = fold(found.group("rest") if found else entry.title)
        if not key or key in FRONT_MATTER:
            continue
        where = _place(pages, entry.page, key, cursor, cache)
        if where is None:
            continue
        page_number, first, last, text, printed_number = where
        line = pages[page_number - 1].lines[first]
        placed.append(
            Heading(page_number, first, last, number or printed_number, text, level, style_of(line, text))
        )
        cursor = (page_number, last)
    if len(placed) < max(3, len(wanted) / 2):
        return None
    taken = {(h.page, h.first) for h in placed}
    taken_lines = {(h.page, i) for h in placed for i in range(h.first, h.last + 1)}
    keys = {fold(h.text) for h in placed}
    # Unnumbered headings found in the layout stay: starred sections (References, Acknowledgments, a
    # "Summary" paragraph heading) are mostly left out of outlines. A numbered one the outline does not
    # list is not a section (outlines list every numbered section).
    extra = [
        h
        for h in detected
        if h.number is None
        and (h.page, h.first) not in taken
        and (h.page, h.first) not in taken_lines
        and fold(h.text) not in keys
    ]
    return sorted(placed + extra, key=lambda h: (h.page, h.first))
