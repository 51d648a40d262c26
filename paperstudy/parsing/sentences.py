"""Pure sentence and paragraph splitting for PDF body text.

PDF text arrives as hard-wrapped lines with hyphenated line breaks, run-in headings on their own short
lines and table cells one per line. The splitter works on character offsets of the original text so
callers can map every sentence back to its page; ``clean`` turns a span into readable text.
"""

from __future__ import annotations

import re
import statistics
from dataclasses import dataclass

from paperstudy.parsing.text import LIGATURES, normalize_ligatures

# Words whose trailing period never ends a sentence ("et al. (2016)", "Fig. 3", "e.g. the").
_ABBREVIATIONS_WORDS = (
    "al e.g i.e eg ie fig figs eq eqs sec secs tab cf vs resp approx ref refs no nos dr mr mrs ms "
    "prof st jr sr inc ltd co corp vol pp p ch chap def thm lemma prop alg appx ca"
)
_ABBREVIATIONS = frozenset(_ABBREVIATIONS_WORDS.split())
# "etc." is deliberately absent: it ends sentences as often as not, and a capital follows only then.

# A sentence ends before a capital, a digit, a bullet or a bracketed item letter ("(a) Architecture").
_BOUNDARY = re.compile(r"[.!?][\"'”’)\]]*(?=\s+(?:[\"'“‘(\[]?[A-Z0-9•]|\([a-z]\)\s))")
_WORD_BEFORE = re.compile(r"([A-Za-z][A-Za-z.]*)$")
_HYPHEN_BREAK = re.compile(r"(?<=[a-z])-\n(?=[a-z])")
# Bullets that open a line (looked for on the stripped line, so its first character).
_BULLETS = "•◦▪●∙·"
# Whitespace other than a plain space: every character ``str.isspace`` (and ``\s``) accepts, spelled out so
# that one character class finds it (``test_sentences`` checks every one).
_ODD_SPACES = "\t\n\x0b\x0c\r\x1c\x1d\x1e\x1f\x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000"
# Anything ``clean`` would change besides the ends, but for runs of plain spaces (looked for apart): a
# ligature, a soft hyphen or a whitespace character other than a plain space.
_NEEDS_CLEANING = re.compile("[" + "".join(LIGATURES) + "\u21b5" + _ODD_SPACES + "]")


@dataclass(frozen=True)
class Span:
    """A half-open character range of the text it was split from."""

    start: int
    end: int


def clean(text: str) -> str:
    """Readable one-line text: ligatures expanded, line-break hyphens joined, whitespace collapsed."""
    if "  " not in text and _NEEDS_CLEANING.search(text) is None:  # already clean: skip the rewriting
        return text.strip()
    text = _HYPHEN_BREAK.sub("", normalize_ligatures(text))
    return " ".join(text.split())  # runs of whitespace to one space, ends stripped


def _lines(text: str) -> list[tuple[int, int]]:
    """(start, end) of each line without its newline (none for the empty rest after a final newline)."""
    out: list[tuple[int, int]] = []
    start = 0
    for line in text.split("\n"):
        end = start + len(line)
        out.append((start, end))
        start = end + 1
    if out[-1][0] == len(text):
        out.pop()
    return out


def _typical_width(text: str, lines: list[tuple[int, int]]) -> float:
    widths = [e - s for s, e in lines if e - s > 20]
    return statistics.median(widths) if widths else 60.0


def _hard_breaks(text: str) -> list[int]:
    """Offsets where a sentence cannot continue: blank lines, blocks of short lines (table cells,
    headings, formulas) and lone short title-like lines after a finished sentence (run-in headings)."""
    lines = _lines(text)
    if not lines:
        return []
    width = _typical_width(text, lines)
    short = [(e - s) < 0.35 * width for s, e in lines]
    # Each line stripped once: its own test and the next line's look at the previous one both use it.
    bodies = [text[s:e].strip() for s, e in lines]
    last = len(lines) - 1
    breaks: list[int] = []
    for i, (s, e) in enumerate(lines):
        body = bodies[i]
        if not body:
            breaks.append(s)
            continue
        if body[0] in _BULLETS:
            breaks.append(s)
        if short[i] and ((i > 0 and short[i - 1]) or (i < last and short[i + 1])):
            after = lines[i + 1][0] if i < last else len(text)
            continues = i < last and body[-1].isalpha() and text[after : after + 1].islower()
            if not continues:
                breaks.extend((s, e))
                continue
        title_like = (
            (e - s) < 0.55 * width
            and len(body.split()) <= 6
            and body[0].isupper()
            and not body.endswith((".", ",", ";", ":"))
        )
        # The previous line stripped on both sides ends as it does stripped on the right only.
        if title_like and (bodies[i - 1] if i else ".").endswith((".", ":", "?", "!")):
            breaks.extend((s, e))
    return breaks


def _is_abbreviation(text: str, dot: int) -> bool:
    m = _WORD_BEFORE.search(text, max(0, dot - 12), dot)
    if not m:
        return False
    word = m.group(1).lower().rstrip(".")
    if word in _ABBREVIATIONS:
        return True
    # A lone capital is an initial ("J. Smith"), unless it is a figure label like "Table A".
    return len(word) == 1 and m.group(1).isupper()


def split_sentences(text: str) -> list[Span]:
    """Sentence spans of ``text`` (stripped of surrounding whitespace), in order."""
    cuts = set(_hard_breaks(text))
    for m in _BOUNDARY.finditer(text):
        if text[m.start()] == "." and _is_abbreviation(text, m.start()):
            continue
        if text[m.start()] == "!" and re.match(r"\s+\w*\d", text[m.end() :]):
            continue  # "Yahoo! R3": an exclamation mark inside a name
        cuts.add(m.end())
    spans: list[Span] = []
    start = 0
    for cut in [*sorted(cuts), len(text)]:
        if cut <= start:
            continue
        s, e = start, cut
        while s < e and text[s].isspace():
            s += 1
        while e > s and text[e - 1].isspace():
            e -= 1
        if e > s:
            spans.append(Span(s, e))
        start = cut
    return spans


def split_paragraphs(text: str) -> list[Span]:
    """Paragraph spans: broken at blank lines, around heading-like short lines, and after a short line
    that ends a sentence (the last line of a paragraph rarely fills the column)."""
    lines = _lines(text)
    if not lines:
        return []
    width = _typical_width(text, lines)
    hard = set(_hard_breaks(text))
    spans: list[Span] = []
    start: int | None = None
    for s, e in lines:
        body = text[s:e].strip()
        if s in hard and start is not None:
            spans.append(Span(start, s))
            start = None
        if not body:
            continue
        if start is None:
            start = s
        if e in hard or ((e - s) < 0.8 * width and body.endswith((".", "!", "?", ":"))):
            spans.append(Span(start, e))
            start = None
    if start is not None:
        spans.append(Span(start, lines[-1][1]))
    return [Span(sp.start, sp.end) for sp in spans if text[sp.start : sp.end].strip()]


def sentences(text: str) -> list[str]:
    """The cleaned sentences of ``text``."""
    return [clean(text[sp.start : sp.end]) for sp in split_sentences(text)]
