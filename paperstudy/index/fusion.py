"""Fusing the keyword and dense rankings of ``find``, per paper. Pure.

BM25 scores and cosine similarities live on unrelated scales, so each ranker's scores are min-max
normalised over its own candidates before they are combined. Measured on the corpus questions
(``bench/search_quality.py``), this convex combination beat reciprocal rank fusion, which keeps only
ranks, both at passage and at paper level.
"""

from __future__ import annotations

from collections.abc import Hashable, Mapping, Sequence
from typing import TypeVar

KT = TypeVar("KT", bound=Hashable)


def fuse_by_paper(
    rankings: Sequence[Sequence[tuple[int, float]]], paper_of: Mapping[int, str], *, alpha: float = 0.5
) -> list[tuple[int, float]]:
    """Passages ordered paper-first, by a convex combination of the rankers' normalised scores.

    Each ranking is (passage, score) with higher scores better (BM25, cosine). Per ranker, a paper's score
    is its best passage's score, min-max normalised over the ranker's candidates (a paper the ranker did
    not return scores 0); the fused paper score weighs the first ranker ``alpha`` and the second
    ``1 - alpha`` (0.5: neither is trusted more). Passages are fused the same way and taken round-robin
    over the papers: every paper's best passage, then every paper's second best, …

    A question asked across a domain is first a question of which papers answer it; unlike rank fusion,
    the scores keep how *much* better one candidate is than the next (Bruch et al., 2022, "An Analysis of
    Fusion Functions for Hybrid Retrieval"). The score returned with each passage is its fused score.
    """
    weights = [1.0] if len(rankings) == 1 else [alpha, 1.0 - alpha]
    if len(rankings) > 2:
        raise ValueError("fuse_by_paper combines one or two rankings")
    passage_scores: dict[int, float] = {}
    paper_scores: dict[str, float] = {}
    for weight, ranking in zip(weights, rankings, strict=False):
        scored = [(p, s) for p, s in ranking if p in paper_of]
        for passage, value in _min_max(scored).items():
            passage_scores[passage] = passage_scores.get(passage, 0.0) + weight * value
        best: dict[str, float] = {}
        for passage, score in scored:
            paper = paper_of[passage]
            best[paper] = max(best.get(paper, score), score)
        for paper, value in _min_max(list(best.items())).items():
            paper_scores[paper] = paper_scores.get(paper, 0.0) + weight * value
    paper_order = sorted(paper_scores, key=lambda paper: -paper_scores[paper])
    by_paper: dict[str, list[int]] = {paper: [] for paper in paper_order}
    for passage in sorted(passage_scores, key=lambda p: -passage_scores[p]):
        by_paper[paper_of[passage]].append(passage)
    ordered: list[tuple[int, float]] = []
    for depth in range(max((len(v) for v in by_paper.values()), default=0)):
        for paper in paper_order:
            if depth < len(by_paper[paper]):
                passage = by_paper[paper][depth]
                ordered.append((passage, passage_scores[passage]))
    return ordered


def _min_max(scored: Sequence[tuple[KT, float]]) -> dict[KT, float]:
    """Scores rescaled to [0, 1] over the candidates (all equal → all 1)."""
    if not scored:
        return {}
    low = min(score for _, score in scored)
    high = max(score for _, score in scored)
    span = high - low
    return {key: (score - low) / span if span > 0 else 1.0 for key, score in scored}
