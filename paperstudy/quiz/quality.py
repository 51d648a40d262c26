"""Pure filters that keep a deck worth studying.

- ``is_garbled``: a sentence that is a reference, a caption, a formula, a table row or broken extraction;
- ``answer_in_question``: a question that gives its own answer away;
- ``dedupe``: exact and near-duplicate items (same question, or the same fact asked twice).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable

from rapidfuzz import fuzz

from paperstudy.models import QuizItem

NEAR_DUPLICATE = 90.0
"""rapidfuzz ``token_sort_ratio`` (0–100) of two normalised question+answer texts above which they are one."""

_REFERENCE = re.compile(
    r"\b(In Proceedings|Proceedings of|Proc\.|arXiv preprint|arXiv:\d|preprint arXiv|Journal of|"
    r"Transactions on|vol\.|pp\.|doi:|ISBN|Conference on|Workshop on|et al\.,? \(?(19|20)\d\d)",
    re.IGNORECASE,
)
_CAPTION = re.compile(
    r"^\s*(Figure|Fig\.|Table|Algorithm|Listing|Eq\.|Equation)\s*[\dIVX]+[.:]?", re.IGNORECASE
)
_MATH = re.compile(r"[=∑∏∫√∈∀∃≤≥≈∝→←⊙⊗⊕∥∂∇×·^_{}\\|]")
_URL = re.compile(r"https?://|www\.|\S+@\S+\.\w+")
_BROKEN_HYPHEN = re.compile(r"\w- \w")
_SINGLE_CHARS = re.compile(r"(?:\b\w\b\s+){5,}")
_WORD = re.compile(r"[A-Za-z][A-Za-z'-]+")
_MANY_CITATIONS = re.compile(r"(\[[\d,\s–-]+\].*){4,}")


def is_garbled(sentence: str) -> bool:
    """True for text no question should be built from: references, captions, formulas, tables, debris."""
    text = " ".join(sentence.split())
    if not text:
        return True
    words = text.split()
    if not 6 <= len(words) <= 60:
        return True
    if not (text[0].isupper() or text[0].isdigit()) or text[-1] not in ".!?":
        return True
    if _CAPTION.match(text) or _REFERENCE.search(text) or _URL.search(text):
        return True
    if _BROKEN_HYPHEN.search(text) or _SINGLE_CHARS.search(text) or _MANY_CITATIONS.search(text):
        return True
    if len(_MATH.findall(text)) >= 2:
        return True
    letters = sum(ch.isalpha() for ch in text)
    digits = sum(ch.isdigit() for ch in text)
    if letters < 0.6 * len(text) or digits > 0.2 * len(text):
        return True
    real_words = _WORD.findall(text)
    if len(real_words) < 0.6 * len(words):
        return True
    # Odd characters from broken fonts (private-use glyphs, replacement characters, control characters).
    return any(unicodedata.category(ch) in {"Co", "Cc", "Cs"} or ch == "\ufffd" for ch in text)


def normalise(text: str) -> str:
    """Case-folded words and numbers only, for comparing texts."""
    text = unicodedata.normalize("NFKC", text).casefold()
    text = re.sub(r"(\d)\s+%", r"\1%", text)
    return " ".join(re.findall(r"[\w%.]+", text)).strip(". ")


def _contains(haystack: str, needle: str) -> bool:
    if not needle:
        return False
    return re.search(rf"(?<![\w.]){re.escape(needle)}(?![\w%]|\.\d)", haystack) is not None


def answer_in_question(item: QuizItem) -> bool:
    """True when the question's text (choices aside) already contains the answer or one of its parts."""
    question = normalise(item.question)
    parts = item.accept or [item.answer]
    for part in parts:
        norm = normalise(part)
        if len(norm) >= 2 and _contains(question, norm):
            return True
    return False


def _key(item: QuizItem) -> str:
    return normalise(f"{item.question} {item.answer}")


def dedupe(items: Iterable[QuizItem]) -> list[QuizItem]:
    """Drop exact (same id or same question) and near-duplicate items, keeping the first of each group.

    Near duplicates are looked for among items about the same paper: templated questions about two papers
    ("Which datasets did DCN …" / "… did DeepFM …") read alike but ask different things.
    """
    kept: list[QuizItem] = []
    keys: dict[str | None, list[str]] = {}
    seen_ids: set[str] = set()
    seen_questions: set[str] = set()
    for item in items:
        question = normalise(item.question)
        if item.id in seen_ids or question in seen_questions:
            continue
        key = _key(item)
        same_paper = keys.setdefault(item.source.paper_id, [])
        if any(fuzz.token_sort_ratio(key, other) >= NEAR_DUPLICATE for other in same_paper):
            continue
        kept.append(item)
        same_paper.append(key)
        seen_ids.add(item.id)
        seen_questions.add(question)
    return kept


def problems(item: QuizItem) -> list[str]:
    """Why an item must not be shown (empty when it is fine)."""
    found: list[str] = []
    if not item.answer.strip() or not item.question.strip():
        found.append("empty question or answer")
    if answer_in_question(item):
        found.append("answer in question")
    if item.source.text and item.kind != "drill" and is_garbled(item.source.text):
        found.append("garbled source sentence")
    if item.choices and (item.answer not in item.choices or len(set(item.choices)) != len(item.choices)):
        found.append("bad choices")
    return found


def clean_deck(items: Iterable[QuizItem]) -> list[QuizItem]:
    """Items without problems, duplicates removed (order kept)."""
    return dedupe(item for item in items if not problems(item))
