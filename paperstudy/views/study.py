"""What the Quiz, Ask and Progress pages need beyond the quiz service: due cards, weak spots,
highlighted answers."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from paperstudy.models import (
    FacetName,
    QuizCard,
)

if TYPE_CHECKING:
    from paperstudy.quiz.session import QuizService


# --- quiz ------------------------------------------------------------------------------------------------


def refreshed_due_counts(quiz: QuizService) -> dict[str, int]:
    """Domain → cards due now, after bringing every domain's deck up to date with its notes."""
    for domain in quiz.domains():
        quiz.sync(domain)
    return quiz.due_counts()


def next_quiz_card(
    quiz: QuizService,
    domain: str | None,
    facet: FacetName | None = None,
    *,
    ahead: bool = False,
    skip: Sequence[str] = (),
) -> QuizCard | None:
    """The next card to review: due cards of the domain (all domains when None), optionally of one facet.

    With ``ahead``, when nothing is due, the card due soonest (practising ahead of schedule), leaving out
    the ids in ``skip`` (the cards already practised this session)."""
    if facet is None and not ahead:
        return quiz.next_card(domain)
    due = [card for card in quiz.due(domain) if facet is None or card.item.facet == facet]
    if due or not ahead:
        return due[0] if due else None
    cards = [
        card
        for card in quiz.cards(domain)
        if not card.suspended
        and card.item.kind != "drill"
        and card.id not in skip
        and (facet is None or card.item.facet == facet)
    ]
    return min(cards, key=lambda card: card.due, default=None)


@dataclass(frozen=True)
class WeakSpot:
    """A paper whose cards the user remembers least (mean recall probability over reviewed cards)."""

    paper_id: str
    title: str
    recall: float
    cards: int
    lapses: int


def weakest_papers(quiz: QuizService, domain: str | None = None, limit: int = 5) -> list[WeakSpot]:
    from paperstudy.quiz.progress import retrievability

    now = quiz.now()
    titles = quiz.titles(domain)
    groups: dict[str, list[QuizCard]] = {}
    for card in quiz.cards(domain):
        paper = card.item.source.paper_id
        if card.state != "new" and not card.suspended and paper in titles:
            groups.setdefault(paper, []).append(card)
    spots = [
        WeakSpot(
            paper_id=paper,
            title=titles[paper],
            recall=sum(retrievability(c, now) for c in cards) / len(cards),
            cards=len(cards),
            lapses=sum(c.lapses for c in cards),
        )
        for paper, cards in groups.items()
    ]
    return sorted(spots, key=lambda s: (s.recall, -s.lapses))[:limit]


# --- asking the library ----------------------------------------------------------------------------------


def highlight_segments(text: str, highlights: Sequence[str]) -> list[tuple[str, bool]]:
    """``text`` cut into (piece, is_highlighted) in order, for showing matched sentences emphasised."""
    marks: list[tuple[int, int]] = []
    for sentence in highlights:
        start = text.find(sentence)
        if sentence and start >= 0:
            marks.append((start, start + len(sentence)))
    pieces: list[tuple[str, bool]] = []
    position = 0
    for start, end in sorted(marks):
        if start < position:
            continue
        if start > position:
            pieces.append((text[position:start], False))
        pieces.append((text[start:end], True))
        position = end
    if position < len(text):
        pieces.append((text[position:], False))
    return pieces
