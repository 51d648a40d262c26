"""The quiz's library-level API: what the CLI and the app call, with no quiz logic of their own.

with Library(Vault(settings.notes)) as library:
    quiz = QuizService(library, similarity=embedding_similarity(settings.embedding_model))
    card = quiz.next_card("recommender-systems")
    feedback = quiz.answer(card.id, "Criteo and Avazu")       # grade only, nothing stored
    quiz.rate(card.id, feedback.suggested, response=..., feedback=feedback)   # committed now
    quiz.progress().model_dump()
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from paperstudy.errors import NotFoundError, PaperstudyError
from paperstudy.models import Feedback, Note, QuizCard, QuizItem, RatingName, Review, Rubric
from paperstudy.quiz import cards as store
from paperstudy.quiz.drill import default_prompt, drill_item, drill_rubric
from paperstudy.quiz.generate import domain_deck
from paperstudy.quiz.grade import Similarity, grade, grade_drill
from paperstudy.quiz.progress import Progress, compute_progress
from paperstudy.quiz.schedule import Clock, as_utc, optimise, parse_rating, utc_now
from paperstudy.store import Library


def embedding_similarity(model: str | None) -> Similarity:
    """Cosine similarity with the index's encoder (``paperstudy.index.embed``), loaded on first use."""

    def similarity(a: str, b: str) -> float:
        from paperstudy.index.embed import get_encoder

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
        catalog: dict[str, Any] | None = None,
    ) -> None:
        self.library = library
        self.clock = clock
        self.similarity = similarity
        self.seed = seed
        self.catalog = catalog
        self.schedule = store.schedule_for(library, clock)
        self._notes: dict[str, list[Note]] = {}
        self._decks: dict[str, list[QuizItem]] = {}

    def now(self) -> datetime:
        return as_utc(self.clock())

    # --- domains and decks ---

    def domains(self) -> list[str]:
        return list(self.library.domain_counts())

    def check_domain(self, domain: str) -> str:
        counts = self.library.domain_counts()
        if domain not in counts:
            known = ", ".join(counts) or "none yet: add papers with `paperstudy ingest PDF --domain DOMAIN`"
            raise NotFoundError(f"no papers in domain {domain!r} (domains in the library: {known})")
        return domain

    def notes(self, domain: str) -> list[Note]:
        from paperstudy.pipeline import load_note

        if domain not in self._notes:
            self.check_domain(domain)
            self._notes[domain] = [load_note(self.library, r.id) for r in self.library.records(domain)]
        return self._notes[domain]

    def titles(self, domain: str | None = None) -> dict[str, str]:
        records = self.library.records(domain)
        return {r.id: r.title for r in records}

    def generate(self, domain: str, paper_id: str | None = None) -> list[QuizItem]:
        """The deck as generated now (pure, seeded), without touching stored cards."""
        if domain not in self._decks:
            self._decks[domain] = domain_deck(self.notes(domain), domain, seed=self.seed)
        items = self._decks[domain]
        if paper_id is not None:
            if paper_id not in {n.paper.id for n in self.notes(domain)}:
                raise NotFoundError(f"no paper {paper_id!r} in domain {domain!r}; `paperstudy list {domain}`")
            items = [i for i in items if i.source.paper_id == paper_id]
        return items

    def sync(self, domain: str) -> store.SyncResult:
        """Regenerate the domain's deck into stored cards: new ones added, gone ones marked orphaned."""
        return store.sync_deck(self.library, domain, self.generate(domain), self.schedule)

    def deck(self, domain: str, paper_id: str | None = None) -> list[QuizItem]:
        """The deck's current items (the user's edits applied; suspended included, deleted left out)."""
        self.sync(domain)
        stored = {c.id: c for c in store.list_cards(self.library, domain, paper_id=paper_id)}
        items = [stored[i.id].item for i in self.generate(domain, paper_id) if i.id in stored]
        if not items:
            what = f"paper {paper_id!r}" if paper_id else f"domain {domain!r}"
            raise NotFoundError(
                f"the deck for {what} is empty: its notes have no datasets, metrics or clean summary "
                "sentences to ask about (check `paperstudy show PAPER`)"
            )
        return items

    # --- cards ---

    def card(self, card_id: str) -> QuizCard:
        return store.get_card(self.library, card_id)

    def cards(self, domain: str | None = None, *, include_deleted: bool = False) -> list[QuizCard]:
        if domain is not None:
            self.check_domain(domain)
        return store.list_cards(self.library, domain, include_deleted=include_deleted)

    def suspend(self, card_id: str, suspended: bool = True) -> QuizCard:
        return store.suspend(self.library, card_id, suspended)

    def delete(self, card_id: str, deleted: bool = True) -> QuizCard:
        return store.delete(self.library, card_id, deleted)

    def edit(self, card_id: str, question: str | None = None, answer: str | None = None) -> QuizCard:
        return store.edit(self.library, card_id, question, answer)

    def set_new_per_day(self, limit: int) -> None:
        store.set_new_per_day(self.library, limit)

    def new_per_day(self) -> int:
        return store.new_per_day(self.library)

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
        return store.due_cards(self.library, domain, now or self.now())

    def due_counts(self, now: datetime | None = None) -> dict[str, int]:
        """Domain → cards due now (reviews plus today's new cards), for overviews."""
        when = now or self.now()
        return {d: len(store.due_cards(self.library, d, when)) for d in self.domains()}

    def next_card(self, domain: str | None = None, now: datetime | None = None) -> QuizCard | None:
        due = self.due(domain, now, refresh=False) or self.due(domain, now, refresh=True)
        return due[0] if due else None

    def answer(self, card_id: str, response: str) -> Feedback:
        """Grade a response (nothing is stored: ``rate`` commits the review)."""
        item = self.card(card_id).item
        if self.similarity is not None and not item.choices and len(item.answer.split()) > 4:
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
        return store.record_review(
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
            entry = (self.catalog or {}).get(domain)
            prompt = default_prompt(domain, getattr(entry, "title", None), getattr(entry, "questions", []))
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
        store.ensure_drill_card(self.library, item, rubric.domain, self.schedule)
        feedback = feedback.model_copy(update={"card_id": item.id})
        return self.rate(item.id, rating, now, response=response, feedback=feedback)

    # --- history and progress ---

    def reviews(self, domain: str | None = None) -> list[Review]:
        return store.reviews(self.library, domain)

    def progress(self, domain: str | None = None, now: datetime | None = None, days: int = 30) -> Progress:
        if domain is not None:
            self.check_domain(domain)
        when = now or self.now()
        start = when.replace(hour=0, minute=0, second=0, microsecond=0)
        params = store.get_setting(self.library, "fsrs_parameters")
        return compute_progress(
            store.list_cards(self.library, domain),
            store.reviews(self.library, domain),
            when,
            days=days,
            new_per_day=self.new_per_day(),
            new_today=store.new_introduced_since(self.library, start),
            decay=float(params[20]) if params else None,
        )

    def optimise(self) -> list[float]:
        """Fit FSRS parameters to the user's history and store them (used from the next review on)."""
        history = [
            (r.card_id, r.rating, datetime.fromisoformat(r.reviewed_at), r.duration_ms)
            for r in self.reviews()
        ]
        parameters = optimise(history)
        store.set_setting(self.library, "fsrs_parameters", parameters)
        self.schedule = store.schedule_for(self.library, self.clock)
        return parameters
