"""Pure scoring of a parse against labelled truth: heading matching and entity recall (bench, tests)."""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from rapidfuzz import fuzz

from paperstudy.parsing.text import fold

_LEADING_NUMBER = re.compile(r"^\s*(?:\d{1,2}(?:\.\d{1,2})*\.?|[IVXLC]{1,6}\.|[A-Z]\.(?:\d{1,2}\.?)*)\s+")
_NUMBERS = re.compile(r"\d+(?:\.\d+)?")


def normalize_heading(text: str) -> str:
    """Casefolded, ligatures expanded, leading number ("3.1", "IV.", "A.") removed, punctuation collapsed."""
    return fold(_LEADING_NUMBER.sub("", text.strip()))


@dataclass(frozen=True, slots=True)
class HeadingScore:
    true_positives: int
    predicted: int
    expected: int
    number_correct: int

    @property
    def precision(self) -> float:
        return self.true_positives / self.predicted if self.predicted else 0.0

    @property
    def recall(self) -> float:
        return self.true_positives / self.expected if self.expected else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    @property
    def number_accuracy(self) -> float:
        return self.number_correct / self.true_positives if self.true_positives else 0.0

    def __add__(self, other: HeadingScore) -> HeadingScore:
        return HeadingScore(
            self.true_positives + other.true_positives,
            self.predicted + other.predicted,
            self.expected + other.expected,
            self.number_correct + other.number_correct,
        )


Heading = tuple[str, int | None, str | None]
"""(heading text, level or None to ignore levels, number or None)."""


def match_headings(predicted: Sequence[Heading], expected: Sequence[Heading]) -> list[tuple[int, int]]:
    """Pairs (predicted index, expected index) matched one-to-one in order of appearance.

    Two headings match when their normalised texts are equal and their levels are equal (a level of
    None on either side matches any level).
    """
    used: set[int] = set()
    pairs: list[tuple[int, int]] = []
    expected_keys = [(normalize_heading(t), lvl) for t, lvl, _ in expected]
    for i, (text, level, _) in enumerate(predicted):
        key = normalize_heading(text)
        for j, (exp_key, exp_level) in enumerate(expected_keys):
            if j in used or exp_key != key:
                continue
            if level is not None and exp_level is not None and level != exp_level:
                continue
            used.add(j)
            pairs.append((i, j))
            break
    return pairs


def _norm_number(number: str | None) -> str:
    return (number or "").strip().rstrip(".")


def score_headings(predicted: Sequence[Heading], expected: Sequence[Heading]) -> HeadingScore:
    pairs = match_headings(predicted, expected)
    numbers = sum(1 for i, j in pairs if _norm_number(predicted[i][2]) == _norm_number(expected[j][2]))
    return HeadingScore(len(pairs), len(predicted), len(expected), numbers)


def name_core(name: str) -> str:
    """The part of a truth name before any "(" or ":", normalised."""
    return fold(re.split(r"[(:]", name, maxsplit=1)[0])


def names_match(extracted: str, truth: str) -> bool:
    """Equal cores, one inside the other as whole words, or (same numbers in both) fuzz.ratio ≥ 85."""
    a, b = name_core(extracted), name_core(truth)
    if not a or not b:
        return False
    if a == b or f" {a} " in f" {b} " or f" {b} " in f" {a} ":
        return True
    return _NUMBERS.findall(a) == _NUMBERS.findall(b) and fuzz.ratio(a, b) >= 85


def recall(extracted: Iterable[str], truth: Sequence[str]) -> float | None:
    """Share of truth names recalled by some extracted name; None when there is no truth."""
    names = list(extracted)
    if not truth:
        return None
    hits = sum(1 for t in truth if any(names_match(e, t) for e in names))
    return hits / len(truth)


def precision(extracted: Iterable[str], truth: Sequence[str]) -> float | None:
    """Share of extracted names that match some truth name; None when nothing was extracted or there is
    no truth to judge against."""
    names = list(extracted)
    if not names or not truth:
        return None
    return sum(1 for e in names if any(names_match(e, t) for t in truth)) / len(names)


_CLAIM_NUMBER = re.compile(r"(?<![\w.])\d+(?:[.,]\d+)?")


def claim_numbers(text: str) -> set[str]:
    """Numbers that carry a claim: decimals and percentages, not years, footnotes or small counts."""
    out: set[str] = set()
    for m in _CLAIM_NUMBER.finditer(text):
        raw = m.group(0).replace(",", "")
        if "." in raw or text[m.end() : m.end() + 1] == "%":
            out.add(raw.lstrip("0") or "0")
    return out


def headline_agrees(headline: str, truth_headline: str) -> bool:
    """The headline quotes at least one claim number and at least half of its claim numbers are ones the
    truth's ``headline_result`` quotes (leading zeros ignored: "0.8007" ≡ ".8007")."""
    got = claim_numbers(headline)
    if not got:
        return False
    return len(got & claim_numbers(truth_headline)) * 2 >= len(got)
