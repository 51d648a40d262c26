"""Spaced repetition with FSRS-6 (the ``fsrs`` package), behind a small wrapper with an injectable clock.

Cards are kept as ``fsrs.Card`` JSON in the library; the scheduler's parameters and desired retention are
library settings, so a user's optimised parameters travel with their vault.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Sequence
from datetime import UTC, datetime
from typing import Any

import fsrs

from paperstudy.errors import ConfigError
from paperstudy.models import RATING_NAMES, RATINGS, RatingName, as_utc

__all__ = ["RATINGS", "RATING_NAMES", "Schedule", "as_utc", "parse_rating", "state_name", "utc_now"]
Clock = Callable[[], datetime]
STATE_NAMES = {0: "new", 1: "learning", 2: "review", 3: "relearning"}
MIN_REVIEWS_TO_OPTIMISE = 50
DEFAULT_PARAMETERS: tuple[float, ...] = tuple(fsrs.Scheduler().parameters)


def utc_now() -> datetime:
    return datetime.now(UTC)


def parse_rating(value: str | int) -> RatingName:
    """ "again"/"hard"/"good"/"easy", their first letters, or 1–4."""
    if isinstance(value, int) or value.strip().isdigit():
        number = int(value)
        if number in RATING_NAMES:
            return RATING_NAMES[number]
    else:
        text = value.strip().lower()
        for name in RATINGS:
            if text in {name, name[0]}:
                return name
    raise ConfigError(f"rating {value!r} is not one of again, hard, good, easy (or 1–4)")


def fsrs_card_id(card_id: str) -> int:
    """The integer id fsrs wants, derived from our hex card id (stable, fits in 63 bits)."""
    return int(hashlib.sha256(card_id.encode()).hexdigest()[:15], 16)


class Schedule:
    """FSRS review arithmetic: new cards, reviews, retrievability. No I/O; ``clock`` gives "now"."""

    def __init__(
        self,
        parameters: Sequence[float] | None = None,
        desired_retention: float = 0.9,
        *,
        clock: Clock = utc_now,
        fuzz: bool = False,
    ) -> None:
        if not 0.7 <= desired_retention <= 0.99:
            raise ConfigError(f"desired retention {desired_retention} must lie between 0.70 and 0.99")
        self.clock = clock
        try:
            self.scheduler = fsrs.Scheduler(
                parameters=tuple(parameters) if parameters else DEFAULT_PARAMETERS,
                desired_retention=desired_retention,
                enable_fuzzing=fuzz,
            )
        except ValueError as error:
            raise ConfigError(f"the stored FSRS parameters are invalid ({error})") from error

    def now(self) -> datetime:
        return as_utc(self.clock())

    def new_card(self, card_id: str, now: datetime | None = None) -> dict[str, Any]:
        """A fresh fsrs card, due immediately."""
        card = fsrs.Card(card_id=fsrs_card_id(card_id), due=as_utc(now or self.now()))
        return dict(card.to_dict())

    def review(
        self,
        card: dict[str, Any],
        rating: RatingName,
        now: datetime | None = None,
        duration_ms: int | None = None,
    ) -> dict[str, Any]:
        """The card after one review at ``now`` (the clock's time by default)."""
        current = fsrs.Card.from_dict(card)  # type: ignore[arg-type]
        updated, _log = self.scheduler.review_card(
            current,
            fsrs.Rating(RATINGS[rating]),
            review_datetime=as_utc(now or self.now()),
            review_duration=duration_ms,
        )
        return dict(updated.to_dict())

    @staticmethod
    def state_of(card: dict[str, Any]) -> str:
        return state_name(card)

    def retrievability(self, card: dict[str, Any], now: datetime | None = None) -> float:
        """Probability of recall now (0 for a card never reviewed)."""
        current = fsrs.Card.from_dict(card)  # type: ignore[arg-type]
        if current.last_review is None:
            return 0.0
        return float(
            self.scheduler.get_card_retrievability(current, current_datetime=as_utc(now or self.now()))
        )


def state_name(card: dict[str, Any]) -> str:
    """ "new" until the first review, then fsrs's state (learning, review, relearning)."""
    if card.get("last_review") is None:
        return "new"
    return STATE_NAMES.get(int(card.get("state", 1)), "learning")


def optimise(history: Sequence[tuple[str, RatingName, datetime, int | None]]) -> list[float]:
    """FSRS parameters fitted to the user's own reviews: (card id, rating, when, duration in ms).

    Needs the optional PyTorch dependency of ``fsrs`` and enough history to be meaningful.
    """
    if len(history) < MIN_REVIEWS_TO_OPTIMISE:
        raise ConfigError(
            f"optimising needs at least {MIN_REVIEWS_TO_OPTIMISE} reviews; there are {len(history)} so far"
        )
    logs = [
        fsrs.ReviewLog(fsrs_card_id(card_id), fsrs.Rating(RATINGS[rating]), as_utc(when), duration)
        for card_id, rating, when, duration in history
    ]
    try:
        optimizer = fsrs.Optimizer(logs)
        parameters = optimizer.compute_optimal_parameters()
    except ImportError as error:
        raise ConfigError(
            "optimising FSRS parameters needs PyTorch: pip install 'fsrs[optimizer]'"
        ) from error
    return [float(p) for p in parameters]
