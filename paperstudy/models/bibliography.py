"""Bibliography import and export and vault links."""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from paperstudy.models.base import Model
from paperstudy.models.views import FinishedKind


class BibAttachment(Model):
    """One ``file = {…}`` attachment of an entry, its path resolved against the bibliography's folder."""

    path: str
    description: str = ""
    mime: str | None = None
    """As written (``application/pdf``, JabRef's ``PDF``); None for a bare path."""

    @property
    def is_pdf(self) -> bool:
        kind = (self.mime or "").casefold()
        return kind in ("application/pdf", "pdf") or (not kind and self.path.casefold().endswith(".pdf"))


class BibEntry(Model):
    """One bibliography entry as read from BibTeX or CSL-JSON: what the user's library says of a paper."""

    key: str
    entry_type: str = "article"
    title: str = ""
    authors: list[str] = Field(default_factory=list)
    """"First Last" order, as the library shows names."""
    year: int | None = None
    venue: str | None = None
    doi: str | None = None
    arxiv_id: str | None = None
    url: str | None = None
    abstract: str = ""
    files: list[BibAttachment] = Field(default_factory=list)
    line: int | None = None
    """Where the entry starts in its file (BibTeX only), for messages."""
    source: Literal["bibtex", "csl-json"] = "bibtex"


class BibProblem(Model):
    """An entry that could not be read: reported by its key and line, the rest of the file still imports."""

    key: str
    line: int | None = None
    message: str


class ImportOutcome(Model):
    """One row of ``paperstudy import --json``: a stable contract for scripts."""

    key: str
    path: str | None = None
    """The PDF that was ingested (attachment, folder file or download), if any."""
    paper_id: str | None = None
    status: Literal["ok", "failed"]
    outcome: FinishedKind
    error: str | None = None
    notes: list[str] = Field(default_factory=list)
    """Problems that did not stop the entry, one line each ("file not found: …")."""
