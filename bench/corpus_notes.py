"""A note straight from a corpus PDF, with no library: what the deck and drill benches build on."""

from __future__ import annotations

from pathlib import Path

from paperstudy.models import Note, PaperRecord
from paperstudy.parsing import parse_pdf


def note_from_pdf(pdf: Path, paper_id: str, domain: str) -> Note:
    """Parse ``pdf`` and wrap it as the note of ``paper_id`` in ``domain`` (the id stands in for the hash)."""
    parsed = parse_pdf(pdf)
    record = PaperRecord(
        id=paper_id,
        title=parsed.title or paper_id,
        year=parsed.year,
        sha256=paper_id,
        domains=[domain],
        page_count=parsed.page_count,
    )
    return Note(paper=record, parsed=parsed)
