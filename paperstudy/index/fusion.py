"""Reciprocal rank fusion: combine ranked lists without calibrating their scores. Pure.

BM25 scores and cosine similarities live on unrelated scales; RRF uses only each item's rank in each list:
``score(d) = Σ weight / (k + rank(d))`` with ranks from 1. ``k = 60`` is the value of Cormack et al. (2009),
which damps the head of each list enough that an item ranked well by both beats one ranked first by one.
"""

from __future__ import annotations

from collections.abc import Hashable, Sequence
from typing import TypeVar

K = TypeVar("K", bound=Hashable)

RRF_K = 60


def reciprocal_rank_fusion(
    rankings: Sequence[Sequence[K]], *, k: int = RRF_K, weights: Sequence[float] | None = None
) -> list[tuple[K, float]]:
    """Items of all rankings by fused score, best first; ties keep first-seen order."""
    if weights is not None and len(weights) != len(rankings):
        raise ValueError("one weight per ranking")
    scores: dict[K, float] = {}
    for index, ranking in enumerate(rankings):
        weight = 1.0 if weights is None else weights[index]
        seen: set[K] = set()
        for rank, item in enumerate(ranking, start=1):
            if item in seen:
                continue
            seen.add(item)
            scores[item] = scores.get(item, 0.0) + weight / (k + rank)
    return sorted(scores.items(), key=lambda pair: -pair[1])
