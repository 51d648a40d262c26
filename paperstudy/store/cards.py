"""Cards, reviews, scheduler state and quiz settings in the library's SQLite database (``Library.db``).

Cards are the user's: regenerating a deck updates the text of existing cards (same id), adds new ones and
marks those whose source disappeared as orphaned, never deleting any. Cards the deck's rules retire (they
do not teach) are marked retired with the reason, keep their reviews and leave decks and sessions until the
user brings them back (``restore``). Deleting is a soft delete, so a
regenerated deck does not bring the card back and its history stays. A review is committed in the same
transaction that reschedules its card, before the caller shows the next one.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Protocol

from paperstudy.errors import ConfigError, NotFoundError
from paperstudy.models import RATING_NAMES, RATINGS, QuizCard, QuizItem, RatingName, Review, as_utc
from paperstudy.store.papers import Library

DEFAULT_NEW_PER_DAY = 20


class Scheduler(Protocol):
    """What the store needs of the spaced-repetition scheduler (``paperstudy.quiz.schedule.Schedule``):
    the scheduling itself stays in the quiz; the store only keeps its states."""

    def now(self) -> datetime: ...

    def new_card(self, card_id: str, now: datetime | None = None) -> dict[str, Any]: ...

    def review(
        self,
        card: dict[str, Any],
        rating: RatingName,
        now: datetime | None = None,
        duration_ms: int | None = None,
    ) -> dict[str, Any]: ...

    def state_of(self, card: dict[str, Any]) -> str: ...


@dataclass(frozen=True)
class SyncResult:
    added: int
    updated: int
    orphaned: int
    total: int
    retired: int = 0


def _iso(moment: datetime) -> str:
    return as_utc(moment).isoformat(timespec="seconds")


def _card(row: sqlite3.Row) -> QuizCard:
    item = QuizItem.model_validate_json(row["item"])
    edits = json.loads(row["edits"]) if row["edits"] else {}
    if edits:
        item = item.model_copy(update={k: v for k, v in edits.items() if k in {"question", "answer"}})
        if "answer" in edits:
            item = item.model_copy(update={"accept": []})
    state = json.loads(row["fsrs"])
    return QuizCard(
        item=item,
        domains=json.loads(row["domains"]),
        state=row["state"],
        due=row["due"],
        stability=state.get("stability"),
        difficulty=state.get("difficulty"),
        last_review=state.get("last_review"),
        reps=row["reps"],
        lapses=row["lapses"],
        suspended=bool(row["suspended"]),
        deleted=bool(row["deleted"]),
        edited=bool(edits),
        orphaned=row["orphaned_at"] is not None,
        retired=row["retired_at"] is not None,
        retired_reason=row["retired_reason"],
        kept=bool(row["kept"]),
    )


def _in_domain(domain: str | None) -> tuple[str, tuple[str, ...]]:
    if domain is None:
        return "1", ()
    return "EXISTS (SELECT 1 FROM json_each(c.domains) WHERE json_each.value = ?)", (domain,)


# --- settings --------------------------------------------------------------------------------------------


def get_setting(library: Library, key: str, default: Any = None) -> Any:
    row = library.db.execute("SELECT value FROM quiz_settings WHERE key = ?", (key,)).fetchone()
    return json.loads(row["value"]) if row else default


def set_setting(library: Library, key: str, value: Any) -> None:
    with library.transaction() as db:
        db.execute(
            "INSERT INTO quiz_settings (key, value) VALUES (?, ?)"
            " ON CONFLICT(key) DO UPDATE SET value = excluded.value",
            (key, json.dumps(value)),
        )


def new_per_day(library: Library) -> int:
    return int(get_setting(library, "new_per_day", DEFAULT_NEW_PER_DAY))


def set_new_per_day(library: Library, limit: int) -> None:
    if limit < 0:
        raise ConfigError(f"new cards per day must be 0 or more, not {limit}")
    set_setting(library, "new_per_day", limit)


# --- deck sync -------------------------------------------------------------------------------------------


def sync_deck(
    library: Library,
    domain: str,
    items: Sequence[QuizItem],
    schedule: Scheduler,
    *,
    paper_id: str | None = None,
    mark_orphans: bool = True,
    retire: Mapping[str, str] | None = None,
) -> SyncResult:
    """Store a freshly generated deck for ``domain`` (or one paper of it) without losing anything.

    Cards of the same scope that the deck no longer contains are marked orphaned (kept, still reviewable);
    those of them in ``retire`` (card id → why it does not teach) are marked retired instead, unless the
    user brought them back before (``kept``). A card the deck contains again is live again.
    """
    now = _iso(schedule.now())
    added = updated = 0
    fresh = {item.id for item in items}
    with library.transaction() as db:
        for item in items:
            row = db.execute("SELECT domains FROM quiz_cards WHERE id = ?", (item.id,)).fetchone()
            if row is None:
                state = schedule.new_card(item.id, schedule.now())
                db.execute(
                    "INSERT INTO quiz_cards (id, paper_id, domains, kind, facet, item, fsrs, state, due,"
                    " created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, 'new', ?, ?, ?)",
                    (
                        item.id,
                        item.source.paper_id,
                        json.dumps([domain]),
                        item.kind,
                        item.facet,
                        item.model_dump_json(),
                        json.dumps(state),
                        _iso(datetime.fromisoformat(state["due"])),
                        now,
                        now,
                    ),
                )
                added += 1
            else:
                domains = json.loads(row["domains"])
                domains += [] if domain in domains else [domain]
                db.execute(
                    "UPDATE quiz_cards SET item = ?, domains = ?, facet = ?, orphaned_at = NULL,"
                    " retired_at = NULL, retired_reason = NULL, updated_at = ? WHERE id = ?",
                    (item.model_dump_json(), json.dumps(domains), item.facet, now, item.id),
                )
                updated += 1
        if not mark_orphans:
            return SyncResult(added, updated, 0, len(items))
        where, args = _in_domain(domain)
        scope = " AND c.paper_id = ?" if paper_id else " AND c.kind != 'drill'"
        rows = db.execute(
            f"SELECT id, kept, retired_at, orphaned_at FROM quiz_cards c WHERE {where}{scope}"
            " AND (c.orphaned_at IS NULL OR c.retired_at IS NULL)",
            (*args, *((paper_id,) if paper_id else ())),
        ).fetchall()
        reasons = retire or {}
        to_retire = [
            (now, reasons[r["id"]], r["id"])
            for r in rows
            if r["id"] not in fresh and r["id"] in reasons and not r["kept"] and r["retired_at"] is None
        ]
        db.executemany("UPDATE quiz_cards SET retired_at = ?, retired_reason = ? WHERE id = ?", to_retire)
        gone = [r["id"] for r in rows if r["id"] not in fresh and r["orphaned_at"] is None]
        db.executemany(
            "UPDATE quiz_cards SET orphaned_at = ? WHERE id = ?",
            [(now, card) for card in gone],
        )
    return SyncResult(added, updated, len(gone), len(items), len(to_retire))


# --- reading ---------------------------------------------------------------------------------------------


def get_card(library: Library, card_id: str) -> QuizCard:
    row = library.db.execute("SELECT * FROM quiz_cards WHERE id = ?", (card_id,)).fetchone()
    if row is None:
        raise NotFoundError(
            f"no card {card_id!r} in the library; `paperstudy card list DOMAIN` shows card ids"
        )
    return _card(row)


def list_cards(
    library: Library,
    domain: str | None = None,
    *,
    include_deleted: bool = False,
    paper_id: str | None = None,
    include_retired: bool = True,
) -> list[QuizCard]:
    where, args = _in_domain(domain)
    sql = f"SELECT * FROM quiz_cards c WHERE {where}"
    if not include_deleted:
        sql += " AND c.deleted = 0"
    if not include_retired:
        sql += " AND c.retired_at IS NULL"
    if paper_id is not None:
        sql += " AND c.paper_id = ?"
        args = (*args, paper_id)
    return [_card(r) for r in library.db.execute(sql + " ORDER BY c.created_at, c.id", args)]


def new_introduced_since(library: Library, since: datetime) -> int:
    row = library.db.execute(
        "SELECT count(*) FROM quiz_reviews WHERE state_before = 'new' AND reviewed_at >= ?", (_iso(since),)
    ).fetchone()
    return int(row[0])


def due_cards(
    library: Library, domain: str | None, now: datetime, *, limit_new: bool = True
) -> list[QuizCard]:
    """Cards to review now: due reviews first (most overdue first), then new cards up to today's cap."""
    where, args = _in_domain(domain)
    active = "c.deleted = 0 AND c.suspended = 0 AND c.retired_at IS NULL AND c.kind != 'drill'"
    base = f"SELECT * FROM quiz_cards c WHERE {where} AND {active}"
    reviews = library.db.execute(
        base + " AND c.state != 'new' AND c.due <= ? ORDER BY c.due, c.id", (*args, _iso(now))
    ).fetchall()
    cap = -1
    if limit_new:
        start = as_utc(now).replace(hour=0, minute=0, second=0, microsecond=0)
        cap = max(0, new_per_day(library) - new_introduced_since(library, start))
    fresh = library.db.execute(
        base + " AND c.state = 'new' ORDER BY c.created_at, c.id LIMIT ?", (*args, cap)
    ).fetchall()
    return [_card(r) for r in [*reviews, *fresh]]


def reviews(library: Library, domain: str | None = None, card_id: str | None = None) -> list[Review]:
    sql = "SELECT * FROM quiz_reviews r WHERE 1"
    args: tuple[str, ...] = ()
    if domain is not None:
        sql += " AND EXISTS (SELECT 1 FROM json_each(r.domains) WHERE json_each.value = ?)"
        args = (domain,)
    if card_id is not None:
        sql += " AND r.card_id = ?"
        args = (*args, card_id)
    out: list[Review] = []
    for row in library.db.execute(sql + " ORDER BY r.reviewed_at, r.id", args):
        data = dict(row)
        data["rating"] = RATING_NAMES[int(data["rating"])]
        data["domains"] = json.loads(data["domains"])
        out.append(Review.model_validate(data))
    return out


# --- writing ---------------------------------------------------------------------------------------------


def record_review(
    library: Library,
    card_id: str,
    rating: RatingName,
    schedule: Scheduler,
    now: datetime | None = None,
    *,
    response: str | None = None,
    score: float | None = None,
    method: str | None = None,
    duration_ms: int | None = None,
) -> QuizCard:
    """Reschedule a card and append its review, in one committed transaction."""
    when = as_utc(now or schedule.now())
    with library.transaction() as db:
        row = db.execute("SELECT * FROM quiz_cards WHERE id = ?", (card_id,)).fetchone()
        if row is None:
            raise NotFoundError(f"no card {card_id!r} in the library")
        before = json.loads(row["fsrs"])
        after = schedule.review(before, rating, when, duration_ms)
        due = _iso(datetime.fromisoformat(after["due"]))
        lapse = 1 if rating == "again" and row["state"] == "review" else 0
        db.execute(
            "UPDATE quiz_cards SET fsrs = ?, state = ?, due = ?, reps = reps + 1, lapses = lapses + ?,"
            " updated_at = ? WHERE id = ?",
            (json.dumps(after), schedule.state_of(after), due, lapse, _iso(when), card_id),
        )
        db.execute(
            "INSERT INTO quiz_reviews (card_id, rating, reviewed_at, domains, kind, facet, state_before,"
            " response, score, method, duration_ms, due_after) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (
                card_id,
                RATINGS[rating],
                _iso(when),
                row["domains"],
                row["kind"],
                row["facet"],
                row["state"],
                response,
                score,
                method,
                duration_ms,
                due,
            ),
        )
    return get_card(library, card_id)


def _update(library: Library, card_id: str, sql: str, args: Iterable[Any]) -> QuizCard:
    get_card(library, card_id)
    with library.transaction() as db:
        db.execute(f"UPDATE quiz_cards SET {sql} WHERE id = ?", (*args, card_id))
    return get_card(library, card_id)


def suspend(library: Library, card_id: str, suspended: bool = True) -> QuizCard:
    return _update(library, card_id, "suspended = ?", (int(suspended),))


def delete(library: Library, card_id: str, deleted: bool = True) -> QuizCard:
    """Soft delete (or restore): the card leaves every deck and session; its reviews are kept."""
    return _update(library, card_id, "deleted = ?", (int(deleted),))


def restore(library: Library, card_id: str) -> QuizCard:
    """Bring a retired card back: live in decks and sessions again, and never retired again by the rules
    (its reviews were kept all along)."""
    return _update(library, card_id, "retired_at = NULL, retired_reason = NULL, kept = 1", ())


def edit(library: Library, card_id: str, question: str | None = None, answer: str | None = None) -> QuizCard:
    """Replace a card's question and/or answer; regenerating the deck keeps the edit."""
    row = library.db.execute("SELECT edits FROM quiz_cards WHERE id = ?", (card_id,)).fetchone()
    if row is None:
        raise NotFoundError(f"no card {card_id!r} in the library")
    edits = json.loads(row["edits"]) if row["edits"] else {}
    for key, value in (("question", question), ("answer", answer)):
        if value is not None:
            if not value.strip():
                raise ConfigError(f"a card's {key} cannot be empty")
            edits[key] = value.strip()
    return _update(library, card_id, "edits = ?", (json.dumps(edits) if edits else None,))


def ensure_drill_card(library: Library, item: QuizItem, domain: str, schedule: Scheduler) -> None:
    """Drill attempts are reviews of a per-domain drill card (so they are in the history and exports)."""
    if library.db.execute("SELECT 1 FROM quiz_cards WHERE id = ?", (item.id,)).fetchone() is None:
        sync_deck(library, domain, [item], schedule, mark_orphans=False)
