"""Reciprocal rank fusion: combine ranked lists without calibrating their scores. Pure.

BM25 scores and cosine similarities live on unrelated scales; RRF uses only each item's rank in each list:
``score(d) = Σ weight / (k + rank(d))`` with ranks from 1. ``k = 60`` is the value of Cormack et al. (2009),
which damps the head of each list enough that an item ranked well by both beats one ranked first by one.
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable, Mapping, Sequence
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


def fuse_by_paper(
    rankings: Sequence[Sequence[int]], paper_of: Mapping[int, str], *, k: int = RRF_K
) -> list[tuple[int, float]]:
    """Passages ordered paper-first: papers by RRF over each ranker's *paper* ranking, then round-robin
    over the papers (every paper's best passage, then every paper's second best, …).

    A question asked across a domain is first a question of which papers answer it; fusing at the paper
    level rewards a paper both rankers find even when they prefer different passages of it. The score
    returned with each passage is its own fused RRF score.
    """
    passage_scores = dict(reciprocal_rank_fusion(rankings, k=k))
    paper_rankings = [_dedupe(paper_of[p] for p in ranking if p in paper_of) for ranking in rankings]
    paper_order = [paper for paper, _ in reciprocal_rank_fusion(paper_rankings, k=k)]
    by_paper: dict[str, list[int]] = {paper: [] for paper in paper_order}
    for passage, _ in sorted(passage_scores.items(), key=lambda pair: -pair[1]):
        if passage in paper_of:
            by_paper[paper_of[passage]].append(passage)
    ordered: list[tuple[int, float]] = []
    for depth in range(max((len(v) for v in by_paper.values()), default=0)):
        for paper in paper_order:
            if depth < len(by_paper[paper]):
                passage = by_paper[paper][depth]
                ordered.append((passage, passage_scores[passage]))
    return ordered


def _dedupe(items: Iterable[str]) -> list[str]:
    return list(dict.fromkeys(items))
