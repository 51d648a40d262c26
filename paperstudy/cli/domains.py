"""A domain at a glance: ``compare`` papers side by side, ``brief`` a domain
(``paperstudy.service.domains``; stored data only, no model load). Service modules are imported inside
the commands (start-up time)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.table import Table

from paperstudy.cli import app
from paperstudy.cli.common import (
    JsonOption,
    NotesOption,
    console,
    err_console,
    escape,
    friendly_errors,
    print_json,
)
from paperstudy.cli.completion import complete_domain, complete_paper_id
from paperstudy.settings import load_settings


@app.command()
@friendly_errors
def compare(
    paper_ids: Annotated[
        list[str],
        typer.Argument(help="2 to 4 paper ids.", show_default=False, autocompletion=complete_paper_id),
    ],
    notes: NotesOption = None,
    json_output: JsonOption = False,
) -> None:
    """Put 2–4 papers' facets side by side: data, features, architecture, results, headline numbers."""
    from paperstudy.service import domains  # start-up time (PyMuPDF, numpy)

    comparison = domains.compare(load_settings(notes), paper_ids)
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
        table.add_column(escape(pid), ratio=1)
    for name, cells in comparison.rows:
        table.add_row(escape(name), *(escape(c) for c in cells))
    console.print(table)


@app.command()
@friendly_errors
def brief(
    domain: Annotated[
        str,
        typer.Argument(
            help="A domain id, e.g. recommender-systems.", show_default=False, autocompletion=complete_domain
        ),
    ],
    output: Annotated[
        Path | None, typer.Option("--output", "-o", help="Write the sheet as Markdown to this file.")
    ] = None,
    notes: NotesOption = None,
    json_output: JsonOption = False,
) -> None:
    """The domain at a glance: datasets, features, architectures, metrics — each line with citations."""
    from paperstudy.service import domains  # start-up time (PyMuPDF, numpy)

    sheet, markdown = domains.brief(load_settings(notes), domain, output)
    if output is not None:
        err_console.print(escape(f"wrote {output}"))
    if json_output:
        print_json(
            {
                "domain": sheet.domain,
                "papers": [p.model_dump() for p in sheet.papers],
                **{
                    key: [line.model_dump() for line in getattr(sheet, key)]
                    for key in ("datasets", "features", "architectures", "metrics")
                },
            }
        )
    elif output is None:
        from rich.markdown import Markdown  # markdown-it is slow to import: only `brief` needs it

        console.print(Markdown(markdown))
