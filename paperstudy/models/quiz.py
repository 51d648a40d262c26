"""Quiz cards, reviews and design drills with their rubrics and feedback."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Literal

from pydantic import Field

from paperstudy.models.base import FacetName, Model

QuizKind = Literal["facet_recall", "cloze", "multiple_choice", "compare", "concept", "drill"]
RatingName = Literal["again", "hard", "good", "easy"]
RATINGS: dict[RatingName, int] = {"again": 1, "hard": 2, "good": 3, "easy": 4}
"""A rating as FSRS and the review log number it."""
RATING_NAMES: dict[int, RatingName] = {v: k for k, v in RATINGS.items()}


def as_utc(moment: datetime) -> datetime:
    """An aware UTC datetime (naive ones are taken to be UTC already)."""
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)


class QuizSource(Model):
    """Where a quiz item comes from: the sentence that makes its answer right, and where it is printed."""

    paper_id: str | None = None
    section: str | None = None
    page: int | None = None
    text: str = ""


class QuizItem(Model):
    """One generated question, grounded in a note. ``deck --json`` prints the first six fields."""

    id: str
    """Stable: a hash of paper, kind, slot and source text, so regenerating keeps review history."""
    kind: QuizKind
    question: str
    answer: str
    choices: list[str] = Field(default_factory=list)
    source: QuizSource
    facet: FacetName | None = None
    accept: list[str] = Field(default_factory=list)
    """For list answers, the expected elements; for short answers, other accepted spellings."""


class QuizCard(Model):
    """A stored card: the item as last generated (with the user's edits) and its scheduling state."""

    item: QuizItem
    domains: list[str] = Field(default_factory=list)
    state: Literal["new", "learning", "review", "relearning"] = "new"
    due: str
    """ISO 8601 UTC."""
    stability: float | None = None
    difficulty: float | None = None
    last_review: str | None = None
    reps: int = 0
    lapses: int = 0
    suspended: bool = False
    deleted: bool = False
    edited: bool = False
    orphaned: bool = False
    """The card's source no longer produces it (paper removed or re-parsed): kept, never dropped."""
    retired: bool = False
    """The deck's rules retired it (it does not teach): out of decks and sessions, reviews kept."""
    retired_reason: str | None = None
    kept: bool = False
    """The user brought it back from retirement: the rules never retire it again."""

    @property
    def id(self) -> str:
        return self.item.id


class Review(Model):
    """One answer to one card, as committed to the library (review history is never rewritten)."""

    id: int
    card_id: str
    rating: RatingName
    reviewed_at: str
    domains: list[str] = Field(default_factory=list)
    kind: str = ""
    facet: str | None = None
    state_before: str = "new"
    response: str | None = None
    score: float | None = None
    method: str | None = None
    duration_ms: int | None = None
    due_after: str | None = None


DrillStage = Literal["goal", "data", "features", "model", "training", "metrics", "evaluation"]
"""The interview structure of a design answer, in order: goal → data → features → model with pros and
cons → training → metrics → offline/online evaluation."""


class RubricPoint(Model):
    """One thing a good design answer mentions; ``keywords`` are what grading looks for (``re:`` marks a
    regular expression); ``sources`` are the papers' sentences that state it, with their pages."""

    id: str
    stage: DrillStage
    label: str
    keywords: list[str] = Field(default_factory=list)
    sources: list[QuizSource] = Field(default_factory=list)


class ModelAnswerPart(Model):
    """One step of a drill's model answer: a sentence a paper printed, for one rubric point."""

    stage: DrillStage
    point: str
    """The label of the rubric point the sentence illustrates."""
    text: str
    """The sentence, verbatim as the paper printed it."""
    source: QuizSource


class Rubric(Model):
    domain: str
    prompt: str
    points: list[RubricPoint]
    model_answer: list[ModelAnswerPart] = Field(default_factory=list)
    """A model answer in the interview structure, assembled from the points' cited sentences."""


class KeyPointVerdict(Model):
    """Whether a free-text answer covered one key point (a clause of the expected answer)."""

    text: str
    covered: bool
    sentence: str
    """The source sentence the key point comes from (the item's source when no finer one is known)."""
    page: int | None = None


class Feedback(Model):
    """The verdict on one answer: a suggested rating the user may override, and why."""

    card_id: str
    score: float = Field(ge=0, le=1)
    correct: bool
    suggested: RatingName
    method: Literal["exact", "fuzzy", "numeric", "choice", "list", "semantic", "lexical", "rubric", "empty"]
    expected: str
    explanation: str = ""
    source: QuizSource | None = None
    covered: list[RubricPoint] = Field(default_factory=list)
    missed: list[RubricPoint] = Field(default_factory=list)
    matched: list[str] = Field(default_factory=list)
    """For list answers and drills: which expected elements or keywords were found."""
    key_points: list[KeyPointVerdict] = Field(default_factory=list)
    """For conceptual answers: each key point of the expected answer, covered or missed."""
