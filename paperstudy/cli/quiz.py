"""Quiz commands: quiz (interactive session, or what is due), drill, deck, export, card, progress
(``paperstudy.service.quiz``). Service modules are imported inside the commands (start-up time)."""

from __future__ import annotations

import contextlib
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer
from rich.panel import Panel
from rich.table import Table

from paperstudy.cli import app
from paperstudy.cli.common import JsonOption, NotesOption, console, escape, friendly_errors, print_json
from paperstudy.cli.completion import complete_domain, complete_paper_id
from paperstudy.errors import ConfigError
from paperstudy.models import Feedback, QuizCard, QuizItem, QuizSource, Rubric
from paperstudy.settings import load_settings

if TYPE_CHECKING:
    from paperstudy.service.quiz import QuizService

QUIT = ":q"
"""Typed at any prompt of a session, it ends the session (every review so far is already saved)."""


class QuitSession(Exception):
    """The user typed ``:q``."""


DomainArg = Annotated[
    str,
    typer.Argument(
        help="A domain id in the library (`paperstudy list`).",
        show_default=False,
        autocompletion=complete_domain,
    ),
]
PaperOption = Annotated[
    str | None,
    typer.Option(
        "--paper", "-p", help="Only this paper's items.", show_default=False, autocompletion=complete_paper_id
    ),
]

export_app = typer.Typer(
    help="Export a deck (Anki, Markdown, CSV), the review history, or citations (BibTeX, CSL-JSON).",
    no_args_is_help=True,
)
card_app = typer.Typer(
    help="Manage cards: list, suspend, edit, delete, restore retired ones, daily new-card cap.",
    no_args_is_help=True,
)
app.add_typer(export_app, name="export")
app.add_typer(card_app, name="card")


@contextlib.contextmanager
def open_quiz(notes: Path | None) -> Iterator[QuizService]:
    """The quiz over the vault, with the embedding model for free-text grading when available."""
    from paperstudy.service.quiz import open_quiz as open_service  # start-up time (fsrs, numpy)

    with open_service(load_settings(notes)) as service:
        yield service


def deck_json(item: QuizItem) -> dict[str, Any]:
    """The ``deck --json`` contract: these keys, always present (fields may be added, never removed)."""
    return {
        "id": item.id,
        "kind": item.kind,
        "question": item.question,
        "answer": item.answer,
        "choices": item.choices,
        "source": item.source.model_dump(include={"paper_id", "section", "page", "text"}),
    }


def _source_citation(source: QuizSource) -> str:
    parts = [source.paper_id or "", source.section or "", f"p. {source.page}" if source.page else ""]
    return ", ".join(p for p in parts if p)


def _citation(item: QuizItem) -> str:
    return _source_citation(item.source)


def _show_question(card: QuizCard, position: int, total: int) -> None:
    item = card.item
    header = escape(f"[{position}/{total}] {item.kind.replace('_', ' ')} · {item.facet or 'domain'}")
    body = escape(item.question + "".join(f"\n  {chr(97 + i)}) {c}" for i, c in enumerate(item.choices)))
    marks = " [yellow](source no longer in the notes)[/]" if card.orphaned else ""
    console.print(Panel(body, title=header + marks, title_align="left", highlight=False))


def _show_feedback(feedback: Feedback, item: QuizItem) -> None:
    verdict = (
        "[green]✓ right[/]"
        if feedback.correct
        else ("[yellow]~ partly[/]" if feedback.score > 0 else "[red]✗[/]")
    )
    console.print(
        f"{verdict}  score {feedback.score:.2f} ({feedback.method})  answer: [bold]{escape(item.answer)}[/]",
        highlight=False,
    )
    if feedback.matched:
        console.print(f"  you named: {escape(', '.join(feedback.matched))}", highlight=False)
    _show_key_points(feedback)
    console.print(
        f"  [dim]why: {escape(feedback.explanation)} {escape(f'[{_citation(item)}]')}[/]", highlight=False
    )


def _show_key_points(feedback: Feedback) -> None:
    """Each key point of a conceptual answer, covered or missed, with the sentence it comes from."""
    for title, covered, mark in (("covered", True, "[green]✓[/]"), ("missed", False, "[red]✗[/]")):
        points = [p for p in feedback.key_points if p.covered == covered]
        if points:
            console.print(f"  [bold]{title}[/]")
        for point in points:
            where = f" (p. {point.page})" if point.page else ""
            console.print(f"   {mark} {escape(point.text)}", highlight=False)
            if not covered and point.sentence:
                console.print(f"     [dim]{escape(f'“{point.sentence}”{where}')}[/]", highlight=False)


def _ask(text: str, default: str = "", *, show_default: bool = True) -> str:
    """One prompt of a session; ``:q`` ends the session from any prompt."""
    raw = typer.prompt(text, default=default, show_default=show_default)
    if raw.strip() == QUIT:
        raise QuitSession
    return str(raw)


def _ask_rating(default: str) -> str:
    from paperstudy.service.quiz import parse_rating  # start-up time (fsrs)

    while True:
        raw = _ask("Rate it: [a]gain [h]ard [g]ood [e]asy (:q: stop)", default=default)
        try:
            return parse_rating(raw)
        except ConfigError as error:
            console.print(f"[red]{escape(str(error))}[/]")


@app.command()
@friendly_errors
def quiz(
    domain: Annotated[str | None, typer.Argument(help="Domain to study (any domain in the library).")] = None,
    due: Annotated[
        bool, typer.Option("--due", help="Review what is due today, across all domains unless one is given.")
    ] = False,
    list_only: Annotated[
        bool, typer.Option("--list", help="Only list the due cards (with --json: for scripts).")
    ] = False,
    limit: Annotated[int, typer.Option("--limit", "-n", min=1, help="Stop after this many cards.")] = 20,
    notes: NotesOption = None,
    json_output: JsonOption = False,
) -> None:
    """Study due cards in the terminal (spaced repetition): one domain's, or all domains' with --due."""
    with open_quiz(notes) as service:
        if list_only or json_output:
            _print_due(service, domain, json_output)
            return
        if domain is None and not due:
            raise ConfigError("name a domain to study (`paperstudy list` shows them), or use --due")
        cards = service.due(domain)
        if not cards:
            if domain is not None:
                service.deck(domain)  # raises a clear error when the deck itself is empty
            where = f" in {domain}" if domain else ""
            console.print(escape(f"Nothing is due{where} right now. Come back later: every review is saved."))
            return
        reviewed = 0
        total = min(limit, len(cards))
        for card in cards[:total]:
            _show_question(card, reviewed + 1, total)
            try:
                response = _ask("Your answer (Enter: show it, :q: stop)", show_default=False)
                feedback = service.answer(card.id, response)
                _show_feedback(feedback, card.item)
                rating = _ask_rating(feedback.suggested)
            except QuitSession:
                break
            after = service.rate(card.id, rating, response=response, feedback=feedback)
            reviewed += 1
            console.print(
                f"  [dim]saved; next review {after.due[:16].replace('T', ' ')} UTC[/]", highlight=False
            )
        console.print(f"Reviewed {reviewed} card{'s' * (reviewed != 1)}. Every review is saved.")


def _print_due(service: QuizService, domain: str | None, json_output: bool) -> None:
    cards = service.due(domain)
    if json_output:
        print_json(
            [{**deck_json(c.item), "domains": c.domains, "state": c.state, "due": c.due} for c in cards]
        )
        return
    if not cards:
        console.print("Nothing is due today." if service.domains() else "The library has no papers yet.")
        return
    table = Table(title=f"{len(cards)} cards due" + (f" in {domain}" if domain else ""))
    for column in ("domain", "state", "kind", "question"):
        table.add_column(column)
    for card in cards:
        table.add_row(
            escape(", ".join(card.domains)), card.state, card.item.kind, escape(card.item.question[:90])
        )
    console.print(table)


@app.command()
@friendly_errors
def drill(
    domain: DomainArg,
    prompt: Annotated[str | None, typer.Argument(help="The design question (default: the domain's).")] = None,
    answer_file: Annotated[
        Path | None, typer.Option("--answer-file", "-a", help="Read the answer from a file ('-': stdin).")
    ] = None,
    rubric_only: Annotated[bool, typer.Option("--rubric", help="Only print the rubric.")] = False,
    rating: Annotated[
        str | None, typer.Option("--rate", help="Your rating (default: the suggested one).")
    ] = None,
    notes: NotesOption = None,
    json_output: JsonOption = False,
) -> None:
    """A system-design drill: write an answer, get per-point coverage against the domain's rubric."""
    from paperstudy.service.quiz import STAGE_TITLES, structure_hint  # start-up time (fsrs)

    with open_quiz(notes) as service:
        rubric = service.drill(domain, prompt)
        if rubric_only or (json_output and answer_file is None):
            if json_output:
                print_json(rubric.model_dump(mode="json", exclude={"model_answer"}))
            else:
                for point in rubric.points:
                    console.print(
                        f"[bold]{STAGE_TITLES[point.stage]}[/]: {escape(point.label)}", highlight=False
                    )
            return
        if not json_output:
            console.print(
                Panel(escape(rubric.prompt), title=escape(f"Design drill · {domain}"), title_align="left")
            )
            console.print(f"[dim]Structure: {structure_hint()}[/]", highlight=False)
        if answer_file is None:
            console.print("Write your answer; finish with an empty line (or end of input).")
            response = _read_until_blank()
        elif str(answer_file) == "-":
            response = sys.stdin.read()
        else:
            response = answer_file.read_text(encoding="utf-8")
        feedback = service.grade_drill(rubric, response)
        if json_output:
            chosen = rating or feedback.suggested
        else:
            _show_drill_feedback(feedback)
            _show_model_answer(rubric)
            try:
                chosen = rating or _ask_rating(feedback.suggested)
            except QuitSession:
                console.print("Not recorded.")
                return
        service.record_drill(rubric, feedback, chosen, response)
        if json_output:
            print_json(
                {
                    "rubric": rubric.model_dump(mode="json", exclude={"model_answer"}),
                    "feedback": feedback.model_dump(mode="json"),
                    "model_answer": [part.model_dump(mode="json") for part in rubric.model_answer],
                }
            )


def _read_until_blank() -> str:
    lines: list[str] = []
    for line in sys.stdin:
        if not line.strip():
            break
        lines.append(line.rstrip("\n"))
    return "\n".join(lines)


def _show_drill_feedback(feedback: Feedback) -> None:
    from paperstudy.service.quiz import STAGE_TITLES  # start-up time (fsrs)

    console.print(f"[bold]{escape(feedback.explanation)}[/]  (score {feedback.score:.2f})", highlight=False)
    for title, points, mark, quote in (
        ("Covered", feedback.covered, "[green]✓[/]", False),
        ("Missed", feedback.missed, "[red]✗[/]", True),
    ):
        if points:
            console.print(f"[bold]{title}[/]")
        for point in points:
            cites = "; ".join(
                f"{s.paper_id}{f', p. {s.page}' if s.page else ''}" for s in point.sources if s.paper_id
            )
            console.print(
                f" {mark} {STAGE_TITLES[point.stage]}: {escape(point.label)}"
                + (f" [dim]{escape(f'[{cites}]')}[/]" if cites else ""),
                highlight=False,
            )
            if quote and point.sources and point.sources[0].text:  # what a paper says of what was missed
                console.print(f"     [dim]{escape(f'“{point.sources[0].text}”')}[/]", highlight=False)


def _show_model_answer(rubric: Rubric) -> None:
    """The model answer in the interview structure, each step a sentence a paper printed, cited."""
    from paperstudy.service.quiz import STAGE_TITLES  # start-up time (fsrs)

    if not rubric.model_answer:
        return
    console.print("[bold]Model answer[/] [dim](sentences from the domain's papers)[/]")
    stage = None
    for part in rubric.model_answer:
        if part.stage != stage:
            stage = part.stage
            console.print(f" [bold]{STAGE_TITLES[stage]}[/]", highlight=False)
        console.print(
            f"  • {escape(part.text)} [dim]{escape(f'[{_source_citation(part.source)}]')}[/]",
            highlight=False,
        )


@app.command()
@friendly_errors
def deck(
    domain: DomainArg, paper: PaperOption = None, notes: NotesOption = None, json_output: JsonOption = False
) -> None:
    """The generated quiz items of a domain (or one of its papers), each with its source."""
    with open_quiz(notes) as service:
        items = service.deck(domain, paper)
    if json_output:
        print_json([deck_json(i) for i in items])
        return
    title = f"{len(items)} items in {domain}" + (f" ({paper})" if paper else "")
    table = Table(title=escape(title), show_lines=True)
    for column in ("id", "kind", "question", "answer", "source"):
        table.add_column(column)
    for item in items:
        table.add_row(item.id, item.kind, escape(item.question), escape(item.answer), escape(_citation(item)))
    console.print(table)


# --- export ---


def _export_deck(
    domain: str, output: Path | None, fmt: str, suffix: str, notes: Path | None, paper: str | None
) -> None:
    with open_quiz(notes) as service:
        count, path = service.export_deck(domain, output or Path(f"{domain}{suffix}"), fmt, paper)
    console.print(escape(f"Wrote {count} cards to {path}"))


OutputOption = Annotated[
    Path | None, typer.Option("--output", "-o", help="File to write.", show_default=False)
]


@export_app.command("anki")
@friendly_errors
def export_anki(
    domain: DomainArg, output: OutputOption = None, paper: PaperOption = None, notes: NotesOption = None
) -> None:
    """An Anki package (.apkg); re-importing it updates the same notes."""
    _export_deck(domain, output, "anki", ".apkg", notes, paper)


@export_app.command("markdown")
@friendly_errors
def export_markdown(
    domain: DomainArg, output: OutputOption = None, paper: PaperOption = None, notes: NotesOption = None
) -> None:
    """The deck as Markdown, grouped by paper, with sources."""
    _export_deck(domain, output, "markdown", ".md", notes, paper)


@export_app.command("csv")
@friendly_errors
def export_csv(
    domain: DomainArg, output: OutputOption = None, paper: PaperOption = None, notes: NotesOption = None
) -> None:
    """The deck as CSV (one row per card)."""
    _export_deck(domain, output, "csv", ".csv", notes, paper)


@export_app.command("reviews")
@friendly_errors
def export_reviews(
    output: OutputOption = None,
    domain: Annotated[str | None, typer.Option("--domain", "-d", help="Only this domain's reviews.")] = None,
    notes: NotesOption = None,
) -> None:
    """The review history as CSV or JSON (by the file's suffix; JSON also holds the cards), for backups."""
    with open_quiz(notes) as service:
        count, path = service.export_reviews(output or Path("paperstudy-reviews.csv"), domain)
    console.print(escape(f"Wrote {count} reviews to {path}"))


# --- cards ---

CardArg = Annotated[
    str, typer.Argument(help="A card id (`paperstudy card list DOMAIN`).", show_default=False)
]


@card_app.command("list")
@friendly_errors
def card_list(domain: DomainArg, notes: NotesOption = None, json_output: JsonOption = False) -> None:
    """Stored cards of a domain with their state (orphaned and retired cards are marked, never dropped)."""
    with open_quiz(notes) as service:
        service.sync(domain)
        cards = service.cards(domain)
    if json_output:
        print_json([c.model_dump(mode="json") for c in cards])
        return
    table = Table(title=escape(f"{len(cards)} cards in {domain}"))
    for column in ("id", "state", "due", "flags", "question"):
        table.add_column(column)
    for c in cards:
        flags = " ".join(
            f
            for f, on in (
                ("suspended", c.suspended),
                ("edited", c.edited),
                ("orphaned", c.orphaned),
                ("retired", c.retired),
            )
            if on
        )
        table.add_row(c.id, c.state, c.due[:10], flags, escape(c.item.question[:80]))
    console.print(table)


@card_app.command("suspend")
@friendly_errors
def card_suspend(
    card_id: CardArg, undo: Annotated[bool, typer.Option("--undo")] = False, notes: NotesOption = None
) -> None:
    """Keep a card out of sessions (--undo brings it back)."""
    with open_quiz(notes) as service:
        service.suspend(card_id, not undo)
    console.print(escape(f"Card {card_id} {'unsuspended' if undo else 'suspended'}"))


@card_app.command("delete")
@friendly_errors
def card_delete(
    card_id: CardArg, undo: Annotated[bool, typer.Option("--undo")] = False, notes: NotesOption = None
) -> None:
    """Remove a card from decks for good (its review history is kept; --undo restores it)."""
    with open_quiz(notes) as service:
        service.delete(card_id, not undo)
    console.print(escape(f"Card {card_id} {'restored' if undo else 'deleted (history kept)'}"))


@card_app.command("restore")
@friendly_errors
def card_restore(card_id: CardArg, notes: NotesOption = None) -> None:
    """Bring back a card the deck's rules retired (`card list` flags them): it is in decks and sessions
    again, with its review history, and is never retired again."""
    with open_quiz(notes) as service:
        before = service.card(card_id)
        service.restore(card_id)
    if before.retired:
        why = f" (it was retired: {before.retired_reason})" if before.retired_reason else ""
        console.print(escape(f"Card {card_id} restored{why}"), highlight=False)
    else:
        console.print(escape(f"Card {card_id} was not retired; it stays live and is never retired"))


@card_app.command("edit")
@friendly_errors
def card_edit(
    card_id: CardArg,
    question: Annotated[str | None, typer.Option("--question", "-q")] = None,
    answer: Annotated[str | None, typer.Option("--answer", "-a")] = None,
    notes: NotesOption = None,
) -> None:
    """Change a card's question or answer; the edit survives deck regeneration."""
    with open_quiz(notes) as service:
        card = service.edit(card_id, question, answer)
    console.print(escape(f"Card {card_id}: {card.item.question} → {card.item.answer}"), highlight=False)


@card_app.command("new-per-day")
@friendly_errors
def card_new_per_day(
    limit: Annotated[int | None, typer.Argument(help="New cards per day (omit to show).")] = None,
    notes: NotesOption = None,
) -> None:
    """Show or set how many new cards a day's sessions introduce."""
    with open_quiz(notes) as service:
        if limit is not None:
            service.set_new_per_day(limit)
        console.print(f"New cards per day: {service.new_per_day()}")


@card_app.command("optimise")
@friendly_errors
def card_optimise(notes: NotesOption = None) -> None:
    """Fit the FSRS parameters to your own review history (needs 50+ reviews and PyTorch)."""
    with open_quiz(notes) as service:
        parameters = service.optimise()
    console.print(f"Stored {len(parameters)} optimised FSRS parameters; they apply from the next review.")


@app.command()
@friendly_errors
def progress(
    domain: Annotated[str | None, typer.Argument(help="Only this domain.")] = None,
    days: Annotated[int, typer.Option("--days", min=1, help="Days of history per-day counts cover.")] = 30,
    notes: NotesOption = None,
    json_output: JsonOption = False,
) -> None:
    """Reviews per day, retention, due counts and mastery per domain and facet."""
    with open_quiz(notes) as service:
        stats = service.progress(domain, days=days)
    if json_output:
        print_json(stats.model_dump(mode="json"))
        return
    retention = f"{stats.retention:.0%}" if stats.retention is not None else "—"
    console.print(
        f"{stats.reviews_total} reviews, retention {retention}; due now {stats.due.now}, "
        f"later today {stats.due.today - stats.due.now}, new available {stats.due.new_available}"
    )
    for title, groups in (("domain", stats.by_domain), ("facet", stats.by_facet)):
        table = Table(title=f"Mastery by {title}")
        for column in (title, "cards", "reviewed", "mature", "mastery"):
            table.add_column(column)
        for name, m in groups.items():
            table.add_row(escape(name), str(m.cards), str(m.reviewed), str(m.mature), f"{m.mastery:.0%}")
        console.print(table)
