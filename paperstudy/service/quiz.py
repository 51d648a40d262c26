"""Quiz use cases: quiz sessions, drills, decks, exports, progress and card edits, over one library.

What ``paperstudy quiz|drill|deck|export|progress|card`` and the Quiz, Progress and Paper pages call; the
quiz logic itself (generation, grading, scheduling) lives in ``paperstudy.quiz``.

with open_quiz(settings) as quiz:
    card = quiz.next_card("recommender-systems")
    feedback = quiz.answer(card.id, "Criteo and Avazu")       # grade only, nothing stored
    quiz.rate(card.id, feedback.suggested, response=..., feedback=feedback)   # committed now
    quiz.progress().model_dump()
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator, Mapping, Sequence
from datetime import datetime
from pathlib import Path

from paperstudy.domains import load_domains
from paperstudy.errors import ConfigError, NotFoundError, PaperstudyError
from paperstudy.index.embed import get_encoder
from paperstudy.models import (
    Domain,
    FacetName,
    Feedback,
    Note,
    Progress,
    QuizCard,
    QuizItem,
    RatingName,
    Review,
    Rubric,
    WeakSpot,
)
from paperstudy.pipeline import load_note
from paperstudy.quiz.carry import carry_over
from paperstudy.quiz.drill import STAGE_TITLES, default_prompt, drill_item, drill_rubric, structure_hint
from paperstudy.quiz.export import write_deck, write_reviews
from paperstudy.quiz.generate import domain_deck, universal_metrics
from paperstudy.quiz.grade import Similarity, grade, grade_drill
from paperstudy.quiz.progress import compute_progress, retrievability
from paperstudy.quiz.quality import retire_reasons
from paperstudy.quiz.schedule import Clock, Schedule, as_utc, optimise, parse_rating, utc_now
from paperstudy.settings import Settings
from paperstudy.store import Library, Vault, cards

__all__ = ["STAGE_TITLES", "QuizService", "open_quiz", "parse_rating", "structure_hint"]


def schedule_for(library: Library, clock: Clock | None = None) -> Schedule:
    """The scheduler with the library's stored parameters and desired retention."""
    parameters = cards.get_setting(library, "fsrs_parameters")
    retention = float(cards.get_setting(library, "desired_retention", 0.9))
    if clock is None:
        return Schedule(parameters, retention)
    return Schedule(parameters, retention, clock=clock)


def embedding_similarity(model: str | None) -> Similarity:
    """Cosine similarity with the index's encoder (``paperstudy.index.embed``), loaded on first use."""

    def similarity(a: str, b: str) -> float:
        vectors = get_encoder(model).encode([a, b])
        return float(max(0.0, min(1.0, float(vectors[0] @ vectors[1]))))

    return similarity


class QuizService:
    """Decks, sessions, grading, scheduling and progress over one open ``Library``."""

    def __init__(
        self,
        library: Library,
        *,
        clock: Clock = utc_now,
        similarity: Similarity | None = None,
        seed: int = 0,
        catalog: Mapping[str, Domain] | None = None,
    ) -> None:
        self.library = library
        self.clock = clock
        self.similarity = similarity
        self.seed = seed
        self.catalog: Mapping[str, Domain] = catalog or {}
        self.schedule = schedule_for(library, clock)
        self._notes: dict[str, list[Note]] = {}
        self._decks: dict[str, list[QuizItem]] = {}

    def now(self) -> datetime:
        return as_utc(self.clock())

    # --- domains and decks ---

    def domains(self) -> list[str]:
        return list(self.library.domain_counts())

    def check_domain(self, domain: str) -> str:
        return self.library.require_domain(domain)

    def notes(self, domain: str) -> list[Note]:
        if domain not in self._notes:
            self.check_domain(domain)
            self._notes[domain] = [load_note(self.library, r.id) for r in self.library.records(domain)]
        return self._notes[domain]

    def titles(self, domain: str | None = None) -> dict[str, str]:
        records = self.library.records(domain)
        return {r.id: r.title for r in records}

    def generate(self, domain: str, paper_id: str | None = None) -> list[QuizItem]:
        """The deck as generated now (pure, seeded), without touching stored cards; an item whose source
        sentence changed (the parser improved) keeps the id of the stored card it continues."""
        if domain not in self._decks:
            fresh = domain_deck(self.notes(domain), domain, seed=self.seed)
            stored = cards.list_cards(self.library, domain, include_deleted=True)
            self._decks[domain] = carry_over([c.item for c in stored], fresh)
        items = self._decks[domain]
        if paper_id is not None:
            if paper_id not in {n.paper.id for n in self.notes(domain)}:
                raise NotFoundError(f"no paper {paper_id!r} in domain {domain!r}; `paperstudy list {domain}`")
            items = [i for i in items if i.source.paper_id == paper_id]
        return items

    def sync(self, domain: str) -> cards.SyncResult:
        """Regenerate the domain's deck into stored cards: new ones added, gone ones marked orphaned, and
        gone ones the deck's rules no longer keep marked retired (reviews kept)."""
        items = self.generate(domain)
        return cards.sync_deck(
            self.library, domain, items, self.schedule, retire=self.retirements(domain, items)
        )

    def retirements(self, domain: str, items: Sequence[QuizItem]) -> dict[str, str]:
        """Card id → why it is retired, for the domain's stored cards the deck ``items`` no longer holds
        and the retire rules catch. Cards the user edited or brought back are never retired."""
        notes = self.notes(domain)
        universal = universal_metrics(notes)
        pages = {n.paper.id: n.parsed.pages for n in notes}
        fresh = {i.id for i in items}
        out: dict[str, str] = {}
        for card in cards.list_cards(self.library, domain, include_deleted=True):
            if card.id in fresh or card.kept or card.edited or card.retired or card.item.kind == "drill":
                continue
            paper_pages = pages.get(card.item.source.paper_id or "")
            reasons = retire_reasons(card.item, universal_metrics=universal, pages=paper_pages)
            if reasons:
                out[card.id] = "; ".join(reasons)
        return out

    def deck(self, domain: str, paper_id: str | None = None) -> list[QuizItem]:
        """The deck's live items (the user's edits applied; suspended included, deleted and retired left
        out; retired cards the user brought back included)."""
        self.sync(domain)
        stored = {c.id: c for c in cards.list_cards(self.library, domain, paper_id=paper_id)}
        generated = self.generate(domain, paper_id)
        items = [stored[i.id].item for i in generated if i.id in stored and not stored[i.id].retired]
        ids = {i.id for i in generated}
        items += [c.item for c in stored.values() if c.kept and not c.retired and c.id not in ids]
        if not items:
            what = f"paper {paper_id!r}" if paper_id else f"domain {domain!r}"
            raise NotFoundError(
                f"the deck for {what} is empty: its notes have no datasets, metrics or clean summary "
                "sentences to ask about (check `paperstudy show PAPER`)"
            )
        return items

    # --- cards ---

    def card(self, card_id: str) -> QuizCard:
        return cards.get_card(self.library, card_id)

    def cards(self, domain: str | None = None, *, include_deleted: bool = False) -> list[QuizCard]:
        if domain is not None:
            self.check_domain(domain)
        return cards.list_cards(self.library, domain, include_deleted=include_deleted)

    def suspend(self, card_id: str, suspended: bool = True) -> QuizCard:
        return cards.suspend(self.library, card_id, suspended)

    def delete(self, card_id: str, deleted: bool = True) -> QuizCard:
        return cards.delete(self.library, card_id, deleted)

    def restore(self, card_id: str) -> QuizCard:
        """Bring a retired card back into decks and sessions (the rules never retire it again)."""
        return cards.restore(self.library, card_id)

    def edit(self, card_id: str, question: str | None = None, answer: str | None = None) -> QuizCard:
        return cards.edit(self.library, card_id, question, answer)

    def set_new_per_day(self, limit: int) -> None:
        cards.set_new_per_day(self.library, limit)

    def new_per_day(self) -> int:
        return cards.new_per_day(self.library)

    # --- sessions ---

    def due(
        self, domain: str | None = None, now: datetime | None = None, *, refresh: bool = True
    ) -> list[QuizCard]:
        """Cards to review now, across all domains when ``domain`` is None (decks refreshed first)."""
        if domain is not None:
            self.check_domain(domain)
        if refresh:
            for name in [domain] if domain else self.domains():
                self.sync(name)
        return cards.due_cards(self.library, domain, now or self.now())

    def due_counts(self, now: datetime | None = None) -> dict[str, int]:
        """Domain → cards due now (reviews plus today's new cards), for overviews."""
        when = now or self.now()
        return {d: len(cards.due_cards(self.library, d, when)) for d in self.domains()}

    def next_card(self, domain: str | None = None, now: datetime | None = None) -> QuizCard | None:
        due = self.due(domain, now, refresh=False) or self.due(domain, now, refresh=True)
        return due[0] if due else None

    def answer(self, card_id: str, response: str) -> Feedback:
        """Grade a response (nothing is stored: ``rate`` commits the review)."""
        item = self.card(card_id).item
        free_text = item.kind == "concept" or len(item.answer.split()) > 4
        if self.similarity is not None and not item.choices and free_text:
            try:
                return grade(item, response, self.similarity)
            except (PaperstudyError, ImportError, OSError, RuntimeError):
                self.similarity = None
        return grade(item, response, None)

    def rate(
        self,
        card_id: str,
        rating: RatingName | str | int,
        now: datetime | None = None,
        *,
        response: str | None = None,
        feedback: Feedback | None = None,
        duration_ms: int | None = None,
    ) -> QuizCard:
        """Record the user's rating (their own or the suggested one) and reschedule; committed on return."""
        return cards.record_review(
            self.library,
            card_id,
            parse_rating(rating),
            self.schedule,
            now or self.now(),
            response=response,
            score=feedback.score if feedback else None,
            method=feedback.method if feedback else None,
            duration_ms=duration_ms,
        )

    # --- drills ---

    def drill(self, domain: str, prompt: str | None = None) -> Rubric:
        notes = self.notes(domain)
        if prompt is None or not prompt.strip():
            entry = self.catalog.get(domain)
            prompt = default_prompt(domain, entry.title if entry else None, entry.questions if entry else [])
        return drill_rubric(notes, domain, prompt.strip())

    def grade_drill(self, rubric: Rubric, response: str) -> Feedback:
        try:
            return grade_drill(rubric, response, self.similarity)
        except (PaperstudyError, ImportError, OSError, RuntimeError):
            self.similarity = None
            return grade_drill(rubric, response, None)

    def record_drill(
        self,
        rubric: Rubric,
        feedback: Feedback,
        rating: RatingName | str | int,
        response: str,
        now: datetime | None = None,
    ) -> QuizCard:
        """Store a drill attempt as a review of the domain's drill card (kept in history and exports)."""
        item = drill_item(rubric)
        cards.ensure_drill_card(self.library, item, rubric.domain, self.schedule)
        feedback = feedback.model_copy(update={"card_id": item.id})
        return self.rate(item.id, rating, now, response=response, feedback=feedback)

    # --- history and progress ---

    def reviews(self, domain: str | None = None) -> list[Review]:
        return cards.reviews(self.library, domain)

    def progress(self, domain: str | None = None, now: datetime | None = None, days: int = 30) -> Progress:
        if domain is not None:
            self.check_domain(domain)
        when = now or self.now()
        start = when.replace(hour=0, minute=0, second=0, microsecond=0)
        params = cards.get_setting(self.library, "fsrs_parameters")
        return compute_progress(
            cards.list_cards(self.library, domain),
            cards.reviews(self.library, domain),
            when,
            days=days,
            new_per_day=self.new_per_day(),
            new_today=cards.new_introduced_since(self.library, start),
            decay=float(params[20]) if params else None,
        )

    def optimise(self) -> list[float]:
        """Fit FSRS parameters to the user's history and store them (used from the next review on)."""
        history = [
            (r.card_id, r.rating, datetime.fromisoformat(r.reviewed_at), r.duration_ms)
            for r in self.reviews()
        ]
        parameters = optimise(history)
        cards.set_setting(self.library, "fsrs_parameters", parameters)
        self.schedule = schedule_for(self.library, self.clock)
        return parameters

    # --- what the app and the CLI show beyond single calls ---

    def refreshed_due_counts(self) -> dict[str, int]:
        """Domain → cards due now, after bringing every domain's deck up to date with its notes."""
        for domain in self.domains():
            self.sync(domain)
        return self.due_counts()

    def next_review(
        self,
        domain: str | None,
        facet: FacetName | None = None,
        *,
        ahead: bool = False,
        skip: Sequence[str] = (),
    ) -> QuizCard | None:
        """The next card to review: due cards of the domain (all domains when None), optionally of one
        facet. With ``ahead``, when nothing is due, the card due soonest (practising ahead of schedule),
        leaving out the ids in ``skip`` (the cards already practised this session)."""
        if facet is None and not ahead:
            return self.next_card(domain)
        due = [card for card in self.due(domain) if facet is None or card.item.facet == facet]
        if due or not ahead:
            return due[0] if due else None
        candidates = [
            card
            for card in self.cards(domain)
            if not card.suspended
            and not card.retired
            and card.item.kind != "drill"
            and card.id not in skip
            and (facet is None or card.item.facet == facet)
        ]
        return min(candidates, key=lambda card: card.due, default=None)

    def weakest_papers(self, domain: str | None = None, limit: int = 5) -> list[WeakSpot]:
        """The papers whose reviewed cards the user remembers least, weakest first."""
        now = self.now()
        titles = self.titles(domain)
        groups: dict[str, list[QuizCard]] = {}
        for card in self.cards(domain):
            paper = card.item.source.paper_id
            if card.state != "new" and not card.suspended and paper in titles:
                groups.setdefault(paper, []).append(card)
        spots = [
            WeakSpot(
                paper_id=paper,
                title=titles[paper],
                recall=sum(retrievability(c, now) for c in group) / len(group),
                cards=len(group),
                lapses=sum(c.lapses for c in group),
            )
            for paper, group in groups.items()
        ]
        return sorted(spots, key=lambda s: (s.recall, -s.lapses))[:limit]

    def paper_cards(self, paper_id: str) -> list[QuizCard]:
        """The stored quiz cards generated from one paper (deleted ones left out)."""
        return cards.list_cards(self.library, None, paper_id=paper_id)

    def export_deck(
        self, domain: str, output: Path, fmt: str, paper_id: str | None = None
    ) -> tuple[int, Path]:
        """Write the deck (Anki, Markdown or CSV) to ``output``: (how many cards, the file written)."""
        items = self.deck(domain, paper_id)
        return len(items), write_deck(output, fmt, domain, items, self.titles(domain))

    def export_reviews(self, output: Path, domain: str | None = None) -> tuple[int, Path]:
        """Write the review history (CSV or JSON, by suffix): (how many reviews, the file written)."""
        history = self.reviews(domain)
        return len(history), write_reviews(output, history, self.cards(domain, include_deleted=True))


def catalog(settings: Settings) -> dict[str, Domain]:
    """The domain catalog (built-in and the user's), or none when the user's file cannot be read."""
    try:
        return dict(load_domains(settings.config_dir))
    except ConfigError:
        return {}


@contextlib.contextmanager
def open_quiz(settings: Settings, similarity: Similarity | None = None) -> Iterator[QuizService]:
    """The quiz over the vault, grading free text with the embedding model when it is available."""
    with Library(Vault(settings.notes)) as library:
        yield QuizService(
            library,
            similarity=similarity or embedding_similarity(settings.embedding_model),
            catalog=catalog(settings),
        )
