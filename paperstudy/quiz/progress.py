"""Progress statistics, pure: reviews per day, retention, due counts, and mastery per domain and facet.

This is the data the app plots; it takes cards and reviews as read from the library and a "now".
Mastery is the mean probability of recall (FSRS retrievability) over a group's active cards, with cards
never reviewed counting as 0, so it grows both by studying more cards and by remembering them.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from datetime import date, datetime, timedelta

from paperstudy.models import DayCount, DueCounts, Mastery, Progress, QuizCard, Review
from paperstudy.quiz.schedule import DEFAULT_PARAMETERS, as_utc

MATURE_DAYS = 21.0
"""A card whose stability reaches three weeks counts as mature (Anki's convention)."""


def retrievability(card: QuizCard, now: datetime, decay: float | None = None) -> float:
    """FSRS-6 probability of recall: (1 + factor·t/S)^(−w20); 0 for a card never reviewed."""
    if card.last_review is None or not card.stability:
        return 0.0
    w20 = decay if decay is not None else DEFAULT_PARAMETERS[20]
    factor = 0.9 ** (1 / -w20) - 1
    elapsed = max(
        0.0, (as_utc(now) - as_utc(datetime.fromisoformat(card.last_review))).total_seconds() / 86400
    )
    return float((1 + factor * elapsed / card.stability) ** -w20)


def _day(moment: str | datetime) -> date:
    value = datetime.fromisoformat(moment) if isinstance(moment, str) else moment
    return as_utc(value).date()


def _retention(reviews: Sequence[Review]) -> float | None:
    studied = [r for r in reviews if r.state_before != "new"]
    if not studied:
        return None
    return round(sum(r.rating != "again" for r in studied) / len(studied), 4)


def _mastery(cards: Sequence[QuizCard], now: datetime, decay: float | None) -> Mastery:
    if not cards:
        return Mastery()
    recall = [retrievability(c, now, decay) for c in cards]
    return Mastery(
        cards=len(cards),
        reviewed=sum(c.last_review is not None for c in cards),
        mature=sum((c.stability or 0) >= MATURE_DAYS for c in cards),
        mastery=round(sum(recall) / len(cards), 4),
    )


def compute_progress(
    cards: Sequence[QuizCard],
    reviews: Sequence[Review],
    now: datetime,
    *,
    days: int = 30,
    new_per_day: int | None = None,
    new_today: int = 0,
    decay: float | None = None,
) -> Progress:
    """Everything the progress view shows, for the given cards and their reviews."""
    now = as_utc(now)
    today = now.date()
    active = [c for c in cards if not c.deleted and not c.suspended and c.item.kind != "drill"]

    per_day = {
        today - timedelta(days=i): DayCount(date=(today - timedelta(days=i)).isoformat())
        for i in range(days - 1, -1, -1)
    }
    for review in reviews:
        bucket = per_day.get(_day(review.reviewed_at))
        if bucket is not None:
            bucket.reviews += 1
            bucket.again += review.rating == "again"
            bucket.new += review.state_before == "new"
    window_start = today - timedelta(days=days - 1)
    window = [r for r in reviews if _day(r.reviewed_at) >= window_start]

    studied = [c for c in active if c.state != "new"]
    new_cards = len(active) - len(studied)
    available = new_cards if new_per_day is None else min(new_cards, max(0, new_per_day - new_today))
    end_of_today = datetime.combine(today + timedelta(days=1), datetime.min.time(), tzinfo=now.tzinfo)
    coming = [DayCount(date=(today + timedelta(days=i)).isoformat()) for i in range(1, 8)]
    for card in studied:
        due_day = _day(card.due)
        offset = (due_day - today).days
        if 1 <= offset <= len(coming):
            coming[offset - 1].reviews += 1
    due = DueCounts(
        now=sum(as_utc(datetime.fromisoformat(c.due)) <= now for c in studied),
        today=sum(as_utc(datetime.fromisoformat(c.due)) < end_of_today for c in studied),
        new_available=available,
        next_days=coming,
    )

    groups: dict[str, dict[str, list[QuizCard]]] = {
        "domain": defaultdict(list),
        "facet": defaultdict(list),
        "kind": defaultdict(list),
    }
    for card in active:
        for domain in card.domains:
            groups["domain"][domain].append(card)
        groups["facet"][card.item.facet or "other"].append(card)
        groups["kind"][card.item.kind].append(card)

    def mastery_of(name: str) -> dict[str, Mastery]:
        return {key: _mastery(group, now, decay) for key, group in sorted(groups[name].items())}

    return Progress(
        generated_at=now.isoformat(timespec="seconds"),
        reviews_total=len(reviews),
        reviews_per_day=list(per_day.values()),
        retention=_retention(reviews),
        retention_window=_retention(window),
        due=due,
        by_domain=mastery_of("domain"),
        by_facet=mastery_of("facet"),
        by_kind=mastery_of("kind"),
    )
