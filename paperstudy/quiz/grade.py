"""Grading, pure: exact/fuzzy/numeric for short answers, element coverage for lists, choice letters for
multiple choice, per-key-point coverage for conceptual (free-text) answers, by semantic (injected embedding
similarity) or lexical similarity, and per-rubric-point coverage for design drills. Every verdict only
*suggests* a rating; the user decides.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Callable, Sequence
from typing import Literal

from rapidfuzz import fuzz

from paperstudy.index.keyword import stem
from paperstudy.models import Feedback, KeyPointVerdict, QuizItem, RatingName, Rubric, RubricPoint
from paperstudy.parsing.sentences import sentences as split_into_sentences
from paperstudy.quiz.quality import normalise

Similarity = Callable[[str, str], float]
"""Cosine-like similarity in [0, 1] of two texts (the embedding model's, injected by the caller)."""

FUZZY_OK = 85.0
SEMANTIC_OK = 0.75
LEXICAL_OK = 0.6
LEXICAL_NOTE = "graded by word overlap: no embedding model is available for semantic grading"
KEY_POINT_WORDS = 6
"""A free-text answer of at least this many words is graded per key point (conceptual answers always)."""
MIN_POINT_WORDS = 3
"""Content words a key point needs; a shorter clause joins its neighbour."""
KEY_POINT_OK = 0.6
"""Lexically, a key point is covered when the answer holds this share of its (stemmed) content words."""
_CLAUSE_BREAK = re.compile(
    r"\s*(?:[;,:]|\s(?:and|which|because|so that|while|whereas|but|thereby|thus|since)\b)\s*", re.IGNORECASE
)
_LEADING_LINK = re.compile(
    r"^(?:[;,:\s]|(?:and|which|because|so that|while|whereas|but|thereby|thus|since)\b)+", re.IGNORECASE
)
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


def _stems(text: str) -> set[str]:
    return {stem(w)[:5] for w in _content_words(text)}


def key_points(span: str) -> list[str]:
    """The clauses of an expected answer, in order: cut at ; , : and at and / which / because / so that /
    while / but ..., each kept with at least ``MIN_POINT_WORDS`` content words (a shorter clause joins
    the one before it, or the next one at the start). The text of each is the span's own words."""
    cuts = [0, *(m.start() for m in _CLAUSE_BREAK.finditer(span)), len(span)]
    pieces = [(a, b) for a, b in itertools.pairwise(cuts) if span[a:b].strip()]
    merged: list[tuple[int, int]] = []
    pending: int | None = None
    for start, end in pieces:
        begin = start if pending is None else pending
        if len(_content_words(span[begin:end])) < MIN_POINT_WORDS:
            if merged and pending is None:
                merged[-1] = (merged[-1][0], end)
            else:
                pending = begin
            continue
        merged.append((begin, end))
        pending = None
    if pending is not None:
        if merged:
            merged[-1] = (merged[-1][0], len(span))
        else:
            merged.append((pending, len(span)))
    points = [_LEADING_LINK.sub("", span[a:b]).strip(" .;,:") for a, b in merged]
    return [p for p in points if p] or ([span.strip()] if span.strip() else [])


def _point_sentence(point: str, source_text: str) -> str:
    """The sentence of the source a key point comes from (the whole source when it is one sentence)."""
    candidates = split_into_sentences(source_text) if source_text.strip() else []
    if not candidates:
        return source_text
    return max(candidates, key=lambda c: (fuzz.partial_ratio(normalise(point), normalise(c)), -len(c)))


def point_covered(point: str, response: str, similarity: Similarity | None = None) -> bool:
    """Whether the answer says the key point: one of its sentences (or all of it) is semantically close,
    with an embedding model; else it holds ``KEY_POINT_OK`` of the point's content words."""
    if similarity is not None:
        pieces = [s for s in re.split(r"(?<=[.!?;\n])\s+", response) if s.strip()]
        return any(similarity(piece, point) >= SEMANTIC_OK for piece in [*pieces, response])
    want = _stems(point)
    return bool(want) and len(want & _stems(response)) / len(want) >= KEY_POINT_OK


def grade_key_points(item: QuizItem, response: str, similarity: Similarity | None = None) -> Feedback:
    """Grade a conceptual answer per key point of the expected span: the score is the share covered."""
    answered = bool(response.strip())
    verdicts = [
        KeyPointVerdict(
            text=point,
            covered=answered and point_covered(point, response, similarity),
            sentence=_point_sentence(point, item.source.text) or item.answer,
            page=item.source.page,
        )
        for point in key_points(item.answer)
    ]
    covered = sum(v.covered for v in verdicts)
    score = covered / len(verdicts) if verdicts else 0.0
    why = f"From {item.source.section or 'the note'}" + (
        f", p. {item.source.page}" if item.source.page else ""
    )
    explanation = f"Covered {covered} of {len(verdicts)} key points. {why}" + (
        f": “{item.source.text}”" if item.source.text else ""
    )
    if similarity is None and answered:
        explanation += f" ({LEXICAL_NOTE})"
    method: Literal["semantic", "lexical", "empty"] = (
        "empty" if not answered else "semantic" if similarity is not None else "lexical"
    )
    return Feedback(
        card_id=item.id,
        expected=item.answer,
        source=item.source,
        score=round(score, 3),
        correct=score >= 0.85,
        suggested=suggest(score),
        method=method,
        explanation=explanation,
        key_points=verdicts,
    )


def is_conceptual(item: QuizItem) -> bool:
    """Graded per key point: a concept card, or a free-text card whose answer is a clause of 6+ words."""
    if item.choices or len(item.accept) > 1:
        return False
    return item.kind == "concept" or len(item.answer.split()) >= KEY_POINT_WORDS


def grade(item: QuizItem, response: str, similarity: Similarity | None = None) -> Feedback:
    """Grade one answer to one item. ``similarity`` is the embedding model's, when one is available."""
    why = f"From {item.source.section or 'the note'}" + (
        f", p. {item.source.page}" if item.source.page else ""
    )
    base = {"card_id": item.id, "expected": item.answer, "source": item.source}
    explanation = f"{why}: “{item.source.text}”" if item.source.text else why
    if is_conceptual(item):
        return grade_key_points(item, response, similarity)
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
    embedding model, when one of the answer's sentences says the same thing as the point's label or as
    the first sentence it cites."""
    text = normalise(response)
    sentences = [s for s in re.split(r"(?<=[.!?\n])\s+", response) if len(s.split()) >= 3]
    covered: list[RubricPoint] = []
    missed: list[RubricPoint] = []
    found: list[str] = []
    for point in rubric.points:
        hits = [k for k in point.keywords if _mentions(text, k, response)]
        targets = [point.label, *(src.text for src in point.sources[:1] if src.text)]
        semantic = (
            not hits
            and similarity is not None
            and any(similarity(s, t) >= SEMANTIC_OK for s in sentences for t in targets)
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
    stages = list(dict.fromkeys(p.stage for p in missed))  # in interview order
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
