"""Carrying stored cards over to a regenerated deck (pure).

A card's id hashes its source sentence, so a parser that splits a sentence better or drops figure text
from it would give the card a new id and strand its review history. ``carry_over`` matches each fresh item
without a stored twin to the stored card of the same paper and kind whose source (and question) reads most
alike, and gives the fresh item the stored card's id.
"""

from __future__ import annotations

from collections.abc import Sequence

from rapidfuzz import fuzz

from paperstudy.models import QuizItem
from paperstudy.quiz.quality import normalise

CARRY_OVER = 85.0
"""rapidfuzz ``ratio`` (0–100) of two normalised source texts above which they are one sentence."""
SAME_QUESTION = 60.0
"""… as long as the questions are alike too (two questions asked of one sentence stay two cards)."""


def _similarity(old: QuizItem, new: QuizItem) -> float:
    source = fuzz.ratio(normalise(old.source.text), normalise(new.source.text))
    question = fuzz.token_set_ratio(normalise(old.question), normalise(new.question))
    return source if question >= SAME_QUESTION else 0.0


def carry_over(stored: Sequence[QuizItem], fresh: Sequence[QuizItem]) -> list[QuizItem]:
    """``fresh`` with the ids of the stored cards they continue (best matches first, each used once).

    Only stored cards that no fresh item already continues by id, of the same paper and kind, are
    candidates; items with no match above ``CARRY_OVER`` keep their own ids.
    """
    fresh_ids = {item.id for item in fresh}
    stored_ids = {item.id for item in stored}
    free = [item for item in stored if item.id not in fresh_ids and item.kind != "drill"]
    waiting = [item for item in fresh if item.id not in stored_ids]
    pairs: list[tuple[float, int, int]] = []
    for i, new in enumerate(waiting):
        for j, old in enumerate(free):
            if old.kind == new.kind and old.source.paper_id == new.source.paper_id:
                score = _similarity(old, new)
                if score >= CARRY_OVER:
                    pairs.append((score, i, j))
    renamed: dict[str, str] = {}
    taken_new: set[int] = set()
    taken_old: set[int] = set()
    for _, i, j in sorted(pairs, key=lambda p: (-p[0], p[1], p[2])):
        if i in taken_new or j in taken_old:
            continue
        taken_new.add(i)
        taken_old.add(j)
        renamed[waiting[i].id] = free[j].id
    return [
        item.model_copy(update={"id": renamed[item.id]}) if item.id in renamed else item for item in fresh
    ]
