"""Commands over the search index: find, similar, compare, brief, reindex.

sentence-transformers is imported only when a query has to be embedded (``find``) or passages have to be
(``reindex``); ``similar``, ``compare`` and ``brief`` use stored data only.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Annotated

import typer
from rich.table import Table
from rich.text import Text

from paperstudy.cli import app
from paperstudy.cli.common import JsonOption, NotesOption, console, err_console, friendly_errors, print_json
from paperstudy.settings import load_settings

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
    from paperstudy.errors import ConfigError
    from paperstudy.index.model_choice import library_encoder
    from paperstudy.index.search import Filters, check_facet, parse_years
    from paperstudy.index.search import find as run_find
    from paperstudy.store import Library, Vault

    if mode not in ("hybrid", "keyword", "dense"):
        raise ConfigError(f"--mode {mode!r}: use hybrid, keyword or dense")
    settings = load_settings(notes)
    year_from, year_to = parse_years(year)
    filters = Filters(
        domain=_checked_domain(domain),
        facet=check_facet(facet),
        year_from=year_from,
        year_to=year_to,
    )
    with Library(Vault(settings.notes)) as library:
        choice = library_encoder(library.db, settings.embedding_model)
        result = run_find(library, query, choice.encoder, filters=filters, limit=limit, mode=mode)  # type: ignore[arg-type]
    for notice in ([choice.notice] if choice.notice and mode != "keyword" else []) + result.notices:
        err_console.print(f"[yellow]note:[/] {notice}", highlight=False)
    if json_output:
        print_json(
            [
                h.model_dump(include={"paper_id", "section", "facet", "page", "score", "text"})
                for h in result.hits
            ]
        )
        return
    if not result.hits:
        console.print("No passages match. Try other words, or drop a filter.")
        return
    for rank, hit in enumerate(result.hits, start=1):
        head = Text(f"{rank}. {hit.paper_id}", style="bold")
        head.append(f" · {hit.section} · {hit.facet} · p. {hit.page}", style="cyan")
        head.append(f"   {hit.score:.4f}", style="dim")
        console.print(head)
        body = Text("   " + (" … ".join(hit.highlights) if hit.highlights else _shorten(hit.text)))
        for term in hit.terms:
            body.highlight_regex(rf"(?i)\b{re.escape(term)}\b", "bold yellow")
        console.print(body)


def _checked_domain(domain: str | None) -> str | None:
    if domain is None:
        return None
    from paperstudy.pipeline import check_domain  # the pipeline imports the parser: only when needed

    return check_domain(domain)


def _shorten(text: str, width: int = 320) -> str:
    return text if len(text) <= width else text[:width].rsplit(" ", 1)[0] + " …"


@app.command()
@friendly_errors
def similar(
    paper_id: Annotated[str, typer.Argument(help="A paper id from `paperstudy list`.", show_default=False)],
    domain: DomainOption = None,
    limit: Annotated[int, typer.Option("--limit", "-n", help="How many papers.")] = 10,
    notes: NotesOption = None,
    json_output: JsonOption = False,
) -> None:
    """List the papers closest to one paper (by their passages' embeddings)."""
    from paperstudy.index.embed import get_encoder
    from paperstudy.index.search import similar as run_similar
    from paperstudy.store import Library, Vault

    settings = load_settings(notes)
    model_id = get_encoder(settings.embedding_model).model_id  # no model load: stored vectors only
    with Library(Vault(settings.notes)) as library:
        found = run_similar(library, paper_id, model_id, limit=limit, domain=domain)
    if json_output:
        print_json([{"paper_id": s.paper_id, "score": s.score} for s in found])
        return
    if not found:
        console.print("No other papers to compare with yet.")
        return
    table = Table(title=f"Papers closest to {paper_id}")
    for column in ("paper id", "year", "title", "similarity"):
        table.add_column(column)
    for s in found:
        table.add_row(s.paper_id, str(s.year or "—"), s.title, f"{s.score:.3f}")
    console.print(table)


@app.command()
@friendly_errors
def compare(
    paper_ids: Annotated[list[str], typer.Argument(help="2 to 4 paper ids.", show_default=False)],
    notes: NotesOption = None,
    json_output: JsonOption = False,
) -> None:
    """Put 2–4 papers' facets side by side: data, features, architecture, results, headline numbers."""
    from paperstudy.brief import compare_notes
    from paperstudy.errors import ConfigError
    from paperstudy.pipeline import load_note
    from paperstudy.store import Library, Vault

    if not 2 <= len(paper_ids) <= 4 or len(set(paper_ids)) != len(paper_ids):
        raise ConfigError(
            "compare takes 2 to 4 different paper ids, e.g. paperstudy compare deepfm-2017 dcn-2017"
        )
    settings = load_settings(notes)
    with Library(Vault(settings.notes)) as library:
        notes_ = [load_note(library, pid) for pid in paper_ids]
    comparison = compare_notes(notes_)
    if json_output:
        print_json(
            {
                "papers": comparison.paper_ids,
                "rows": [{"field": name, "values": cells} for name, cells in comparison.rows],
            }
        )
        return
    table = Table(show_lines=True)
    table.add_column("")
    for pid in comparison.paper_ids:
        table.add_column(pid, ratio=1)
    for name, cells in comparison.rows:
        table.add_row(name, *cells)
    console.print(table)


@app.command()
@friendly_errors
def brief(
    domain: Annotated[str, typer.Argument(help="A domain id, e.g. recommender-systems.", show_default=False)],
    output: Annotated[
        Path | None, typer.Option("--output", "-o", help="Write the sheet as Markdown to this file.")
    ] = None,
    notes: NotesOption = None,
    json_output: JsonOption = False,
) -> None:
    """The domain at a glance: datasets, features, architectures, metrics — each line with citations."""
    from dataclasses import asdict

    from paperstudy.brief import build_brief, render_markdown
    from paperstudy.index.search import check_domain_known
    from paperstudy.pipeline import check_domain, load_note
    from paperstudy.store import Library, Vault, atomic_write_text

    settings = load_settings(notes)
    domain = check_domain(domain)
    with Library(Vault(settings.notes)) as library:
        check_domain_known(library, domain)
        notes_ = [load_note(library, r.id) for r in library.records(domain)]
    sheet = build_brief(domain, notes_)
    markdown = render_markdown(sheet)
    if output is not None:
        atomic_write_text(output, markdown)
        err_console.print(f"wrote {output}")
    if json_output:
        print_json(
            {
                "domain": sheet.domain,
                "papers": [asdict(p) for p in sheet.papers],
                **{
                    key: [line.model_dump() for line in getattr(sheet, key)]
                    for key in ("datasets", "features", "architectures", "metrics")
                },
            }
        )
    elif output is None:
        from rich.markdown import Markdown  # markdown-it is slow to import: only `brief` needs it

        console.print(Markdown(markdown))


@app.command()
@friendly_errors
def reindex(
    notes: NotesOption = None,
    json_output: JsonOption = False,
) -> None:
    """Rebuild papers, passages and vectors from the vault's PDFs and notes (cards and reviews are kept)."""
    from paperstudy.index.embed import get_encoder
    from paperstudy.index.indexing import Indexer
    from paperstudy.index.rebuild import reindex as run_reindex
    from paperstudy.parsing import PyMuPdfParser

    settings = load_settings(notes)
    indexer = Indexer(get_encoder(settings.embedding_model))
    with console.status("Reindexing…") as status:
        report = run_reindex(
            settings,
            PyMuPdfParser(),
            indexer,
            on_result=lambda o: status.update(f"Reindexed {o.paper_id}"),
        )
    failed = [o for o in report.outcomes if o.status == "failed"]
    if json_output:
        print_json(
            {
                "papers": [o.model_dump(include={"paper_id", "status", "error"}) for o in report.outcomes],
                "kept_without_pdf": report.kept_without_pdf,
                "passages_embedded": report.embedded,
                "passages_reused": report.reused,
            }
        )
    else:
        console.print(
            f"{len(report.outcomes) - len(failed)} papers reindexed, {len(failed)} failed; "
            f"{report.embedded} passages embedded, {report.reused} reused unchanged"
        )
        for outcome in failed:
            console.print(f"[red]failed:[/] {outcome.paper_id}: {outcome.error}")
        if report.kept_without_pdf:
            console.print(
                "kept as they are (no PDF in the vault): " + ", ".join(report.kept_without_pdf),
                highlight=False,
            )
    if failed:
        raise typer.Exit(1)
