"""Asking the library: ``find`` passages, ``similar`` papers (``paperstudy.service.ask``).

sentence-transformers is loaded only when a query has to be embedded (``find``); service modules, and
rich's tables and texts (``--json`` prints neither), are imported inside the commands (start-up time).
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Annotated

import typer

from paperstudy.cli import app
from paperstudy.cli.common import (
    JsonOption,
    NotesOption,
    console,
    escape,
    friendly_errors,
    print_json,
    print_warnings,
)
from paperstudy.cli.completion import complete_paper_id
from paperstudy.settings import load_settings

if TYPE_CHECKING:
    from paperstudy.models import AnswerSentence, PassageHit

DomainOption = Annotated[str | None, typer.Option("--domain", "-d", help="Only papers of this domain.")]


@app.command()
@friendly_errors
def find(
    query: Annotated[str, typer.Argument(help="A question or keywords.", show_default=False)],
    domain: DomainOption = None,
    facet: Annotated[
        str | None, typer.Option("--facet", "-f", help="data, features, architecture, results or other.")
    ] = None,
    year: Annotated[str | None, typer.Option("--year", help="A year (2017) or range (2016-2018).")] = None,
    limit: Annotated[int, typer.Option("--limit", "-n", help="How many passages.")] = 10,
    mode: Annotated[str, typer.Option("--mode", help="hybrid, keyword or dense.")] = "hybrid",
    notes: NotesOption = None,
    json_output: JsonOption = False,
) -> None:
    """Find passages answering a question: BM25 and embeddings, fused per paper."""
    from paperstudy.service import ask  # start-up time (numpy, the embedding model)

    ask.check_mode(mode)
    where = ask.filters(domain, facet, year)
    result = ask.find(load_settings(notes), query, where=where, limit=limit, mode=mode)
    print_warnings(result.notices, label="note")
    if json_output:
        print_json([_row(h) for h in result.hits])
        return
    _print_hits(result.hits)


def _row(hit: PassageHit) -> dict[str, object]:
    """One passage as ``find --json`` prints it."""
    return hit.model_dump(include={"paper_id", "section", "facet", "page", "score", "text"})


def _print_hits(hits: list[PassageHit]) -> None:
    from rich.text import Text

    if not hits:
        console.print("No passages match. Try other words, or drop a filter.")
        return
    for rank, hit in enumerate(hits, start=1):
        head = Text(f"{rank}. {hit.paper_id}", style="bold")
        head.append(f" · {hit.section} · {hit.facet} · p. {hit.page}", style="cyan")
        head.append(f"   {hit.score:.4f}", style="dim")
        console.print(head)
        body = Text("   " + (" … ".join(hit.highlights) if hit.highlights else _shorten(hit.text)))
        for term in hit.terms:
            body.highlight_regex(rf"(?i)\b{re.escape(term)}\b", "bold yellow")
        console.print(body)


@app.command()
@friendly_errors
def ask(
    question: Annotated[str, typer.Argument(help="A question about your papers.", show_default=False)],
    domain: DomainOption = None,
    limit: Annotated[int, typer.Option("--limit", "-n", help="How many passages.")] = 10,
    notes: NotesOption = None,
    json_output: JsonOption = False,
) -> None:
    """Answer a question: the best 1–4 sentences of the top passages, cited, above the passages."""
    from paperstudy.service import ask as asking  # start-up time (numpy, the embedding model)

    where = asking.filters(domain)
    result = asking.ask(load_settings(notes), question, where=where, limit=limit)
    print_warnings(result.notices, label="note")
    if json_output:
        print_json(
            {
                "answer": [
                    s.model_dump(include={"text", "paper_id", "section", "page"}) for s in result.answer
                ],
                "passages": [_row(h) for h in result.hits],
            }
        )
        return
    _print_answer(result.answer)
    _print_hits(result.hits)


def _print_answer(sentences: list[AnswerSentence]) -> None:
    from rich.text import Text

    if not sentences:
        console.print(
            Text("No sentence of the passages answers this well; read the passages below.", style="dim")
        )
        return
    console.print(Text("Answer", style="bold green"))
    for sentence in sentences:
        line = Text("  " + sentence.text)
        line.append(f"  [{sentence.paper_id} · {sentence.section} · p. {sentence.page}]", style="cyan")
        console.print(line)
    console.print()


def _shorten(text: str, width: int = 320) -> str:
    return text if len(text) <= width else text[:width].rsplit(" ", 1)[0] + " …"


@app.command()
@friendly_errors
def similar(
    paper_id: Annotated[
        str,
        typer.Argument(
            help="A paper id from `paperstudy list`.", show_default=False, autocompletion=complete_paper_id
        ),
    ],
    domain: DomainOption = None,
    limit: Annotated[int, typer.Option("--limit", "-n", help="How many papers.")] = 10,
    notes: NotesOption = None,
    json_output: JsonOption = False,
) -> None:
    """List the papers closest to one paper (by their passages' embeddings)."""
    from paperstudy.service import ask  # start-up time (numpy)

    found = ask.similar(load_settings(notes), paper_id, limit=limit, domain=domain)
    if json_output:
        print_json([{"paper_id": s.paper_id, "score": s.score} for s in found])
        return
    if not found:
        console.print("No other papers to compare with yet.")
        return
    from rich.table import Table

    table = Table(title=escape(f"Papers closest to {paper_id}"))
    for column in ("paper id", "year", "title", "similarity"):
        table.add_column(column)
    for s in found:
        table.add_row(escape(s.paper_id), str(s.year or "—"), escape(s.title), f"{s.score:.3f}")
    console.print(table)
