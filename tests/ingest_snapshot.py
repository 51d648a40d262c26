"""What two ingests must agree on: every paper's ``show --json``, its note file and its passage rows."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from typer.testing import CliRunner

from paperstudy.cli import app
from paperstudy.store import Library, Vault


def library_snapshot(vault: Path) -> dict[str, Any]:
    """The library's content as ``show --json`` and the database give it (paths inside the vault made
    relative, so two vaults compare)."""
    runner = CliRunner()
    with Library(Vault(vault)) as library:
        ids = sorted(library.paper_ids())
        notes = {pid: library.note_file(pid).read_text(encoding="utf-8") for pid in ids}
        passages = [
            tuple(row)
            for row in library.db.execute(
                "SELECT paper_id, position, section, facet, page, text, text_sha256, model, vector "
                "FROM passages ORDER BY paper_id, position"
            )
        ]
    shown = {}
    for pid in ids:
        result = runner.invoke(app, ["show", pid, "--json", "--notes", str(vault)])
        assert result.exit_code == 0, result.output
        shown[pid] = json.loads(result.stdout)
    return {"ids": ids, "show": shown, "notes": notes, "passages": passages}
