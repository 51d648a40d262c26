"""Grading, pure: exact/fuzzy/numeric for short answers, element coverage for lists, choice letters for
multiple choice, semantic (injected embedding similarity) or lexical similarity for free text, and
per-rubric-point coverage for design drills. Every verdict only *suggests* a rating; the user decides.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence

from rapidfuzz import fuzz

from paperstudy.models import Feedback, QuizItem, RatingName, Rubric, RubricPoint
from paperstudy.quiz.quality import normalise

Similarity = Callable[[str, str], float]
"""Cosine-like similarity in [0, 1] of two texts (the embedding model's, injected by the caller)."""

FUZZY_OK = 85.0
SEMANTIC_OK = 0.75
LEXICAL_OK = 0.6
LEXICAL_NOTE = "graded by word overlap: no embedding model is available for semantic grading"
_STOP = frozenset(
    [
        "a",
        "an",
        "the",
        "of",
        "to",
        "in",
        "on",
        "for",
        "and",
        "or",
        "with",
        "by",
        "from",
        "as",
        "at",
        "is",
        "are",
        "was",
        "were",
        "be",
        "this",
        "that",
        "these",
        "those",
        "it",
        "its",
        "we",
        "our",
        "which",
        "what",
        "how",
        "their",
        "they",
        "than",
        "then",
        "into",
        "over",
        "under",
        "between",
        "each",
    ]
)


def suggest(score: float) -> RatingName:
    """The rating a score suggests: Again below 0.5, Hard below 0.85, else Good (Easy is the user's call)."""
    if score < 0.5:
        return "again"
    if score < 0.85:
        return "hard"
    return "good"


def _number(text: str) -> float | None:
    match = re.fullmatch(r"\s*([-+]?\d[\d,]*(?:\.\d+)?|[-+]?\.\d+)\s*(%|percent)?\s*\.?\s*", text)
    if not match:
        return None
    try:
        return float(match.group(1).replace(",", ""))
    except ValueError:
        return None


def match_short(response: str, expected: str) -> tuple[float, str]:
    """(score, method) of a short answer against one expected answer."""
    got, want = normalise(response), normalise(expected)
    if not got:
        return 0.0, "empty"
    if got == want:
        return 1.0, "exact"
    a, b = _number(response), _number(expected)
    if a is not None and b is not None:
        return (1.0 if abs(a - b) <= 1e-9 * max(1.0, abs(b)) else 0.0), "numeric"
    if b is not None:
        return 0.0, "numeric"
    ratio = fuzz.ratio(got, want)
    return (1.0 if ratio >= FUZZY_OK else ratio / 100 * 0.5), "fuzzy"


def _parts(response: str) -> list[str]:
    return [p for p in re.split(r"\s*(?:[,;/\n]|\band\b)\s*", response, flags=re.I) if p.strip()]


def match_list(response: str, expected: Sequence[str]) -> tuple[float, list[str]]:
    """Fraction of expected elements the response names (each fuzzy-matched), and which ones."""
    parts = [normalise(p) for p in _parts(response)]
    whole = normalise(response)
    found: list[str] = []
    for name in expected:
        want = normalise(name)
        if not want:
            continue
        if any(fuzz.ratio(p, want) >= FUZZY_OK for p in parts) or (
            len(want) >= 4 and fuzz.partial_ratio(want, whole) >= 95
        ):
            found.append(name)
    return (len(found) / len(expected) if expected else 0.0), found


def pick_choice(response: str, choices: Sequence[str]) -> str | None:
    """The choice a response means: a letter (a–d), a number (1–4) or the choice's text."""
    text = response.strip().rstrip(".)").strip()
    if len(text) == 1 and text.isalpha() and 0 <= ord(text.lower()) - ord("a") < len(choices):
        return choices[ord(text.lower()) - ord("a")]
    if text.isdigit() and 1 <= int(text) <= len(choices):
        return choices[int(text) - 1]
    best = max(choices, key=lambda c: fuzz.ratio(normalise(c), normalise(text)), default=None)
    if best is not None and fuzz.ratio(normalise(best), normalise(text)) >= FUZZY_OK:
        return best
    return None


def _content_words(text: str) -> set[str]:
    return {w for w in normalise(text).split() if w not in _STOP and len(w) > 1}


def lexical_similarity(a: str, b: str) -> float:
    """Word-overlap similarity in [0, 1]: the fallback when no embedding model is available."""
    wa, wb = _content_words(a), _content_words(b)
    if not wa or not wb:
        return 0.0
    recall = len(wa & wb) / len(wb)
    return max(recall, fuzz.token_set_ratio(" ".join(sorted(wa)), " ".join(sorted(wb))) / 100 * 0.8)


def grade(item: QuizItem, response: str, similarity: Similarity | None = None) -> Feedback:
    """Grade one answer to one item. ``similarity`` is the embedding model's, when one is available."""
    why = f"From {item.source.section or 'the note'}" + (
        f", p. {item.source.page}" if item.source.page else ""
    )
    base = {"card_id": item.id, "expected": item.answer, "source": item.source}
    explanation = f"{why}: “{item.source.text}”" if item.source.text else why
    if not response.strip():
        return Feedback(
            **base, score=0.0, correct=False, suggested="again", method="empty", explanation=explanation
        )
    if item.choices:
        chosen = pick_choice(response, item.choices)
        score = 1.0 if chosen == item.answer else 0.0
        note = "" if chosen is not None else " (the answer matched none of the choices)"
        return Feedback(
            **base,
            score=score,
            correct=score == 1.0,
            suggested=suggest(score),
            method="choice",
            explanation=explanation + note,
        )
    if len(item.accept) > 1:
        score, found = match_list(response, item.accept)
        return Feedback(
            **base,
            score=score,
            correct=score >= 0.85,
            suggested=suggest(score),
            method="list",
            matched=found,
            explanation=explanation,
        )
    candidates = [item.answer, *item.accept]
    short = len(item.answer.split()) <= 4
    if short:
        results = [match_short(response, c) for c in candidates]
        score, method = max(results)
        return Feedback(
            **base,
            score=score,
            correct=score >= 0.85,
            suggested=suggest(score),
            method=method,
            explanation=explanation,
        )
    if similarity is not None:
        raw = max(0.0, min(1.0, similarity(response, item.answer)))
        score = min(1.0, raw / SEMANTIC_OK) if raw < SEMANTIC_OK else 1.0
        method = "semantic"
    else:
        raw = lexical_similarity(response, item.answer)
        score = min(1.0, raw / LEXICAL_OK)
        method = "lexical"
        explanation += f" ({LEXICAL_NOTE})"
    return Feedback(
        **base,
        score=round(score, 3),
        correct=score >= 0.85,
        suggested=suggest(score),
        method=method,
        explanation=explanation,
    )


def _mentions(text: str, keyword: str, raw: str = "") -> bool:
    """Whether ``text`` (normalised) names ``keyword``; ``re:PATTERN`` keywords search the raw answer."""
    if keyword.startswith("re:"):
        return re.search(keyword[3:], raw, re.IGNORECASE) is not None
    want = normalise(keyword)
    if not want:
        return False
    if len(want) <= 4:
        return re.search(rf"(?<!\w){re.escape(want)}(?!\w)", text) is not None
    return want in text or fuzz.partial_ratio(want, text) >= 92


def covered_points(
    rubric: Rubric, response: str, similarity: Similarity | None = None
) -> tuple[list[RubricPoint], list[RubricPoint], list[str]]:
    """(covered, missed, keywords found): a point is covered when a keyword is named, or, with an
    embedding model, when one of the answer's sentences says the same thing as the point's label."""
    text = normalise(response)
    sentences = [s for s in re.split(r"(?<=[.!?\n])\s+", response) if len(s.split()) >= 3]
    covered: list[RubricPoint] = []
    missed: list[RubricPoint] = []
    found: list[str] = []
    for point in rubric.points:
        hits = [k for k in point.keywords if _mentions(text, k, response)]
        semantic = similarity is not None and any(
            similarity(s, point.label) >= SEMANTIC_OK for s in sentences
        )
        if hits or semantic:
            covered.append(point)
            found += hits
        else:
            missed.append(point)
    return covered, missed, found


def grade_drill(rubric: Rubric, response: str, similarity: Similarity | None = None) -> Feedback:
    """Per-rubric-point coverage of a design answer, with what was covered and what was missed."""
    covered, missed, found = covered_points(rubric, response, similarity)
    score = len(covered) / len(rubric.points) if rubric.points else 0.0
    stages = sorted({p.stage for p in missed})
    explanation = (
        f"Covered {len(covered)} of {len(rubric.points)} rubric points"
        + (f"; revisit: {', '.join(stages)}" if stages else "")
        + ("" if similarity is not None else f" ({LEXICAL_NOTE})")
    )
    return Feedback(
        card_id=f"drill:{rubric.domain}",
        score=round(score, 3),
        correct=score >= 0.85,
        suggested=suggest(score) if response.strip() else "again",
        method="rubric" if response.strip() else "empty",
        expected="; ".join(p.label for p in rubric.points),
        explanation=explanation,
        covered=covered,
        missed=missed,
        matched=found,
    )
