"""What the service reports: per-paper outcomes, progress and the rows and views the CLI and app show."""

from __future__ import annotations

from pathlib import Path
from typing import Literal

from pydantic import Field

from paperstudy.models.base import FacetName, Model
from paperstudy.models.library import BriefLine, PassageHit
from paperstudy.models.paper import Caption, Note, SearchHit

OutcomeKind = Literal["downloaded", "added", "updated", "skipped", "failed"]
FinishedKind = Literal["added", "updated", "skipped", "failed"]
"""A finished outcome: every kind but ``downloaded`` (``PaperOutcome`` and ``ImportOutcome`` share it)."""


class PaperOutcome(Model):
    """What happened to one paper, carried from download through ingest to the CLI row and the app row.

    ``downloaded`` only lives between the two steps (the PDF is in the cache, not ingested yet); every
    finished outcome is ``added`` (new to the library), ``updated`` (an existing paper refreshed),
    ``skipped`` (already in the library: ``paper_id`` says as which paper) or ``failed`` (``message``
    says why and what to do).
    """

    kind: OutcomeKind
    paper_id: str | None = None
    path: str | None = None
    """The local PDF (ingested file, or the downloaded copy)."""
    url: str | None = None
    """Where the PDF was downloaded from, if it was."""
    title: str | None = None
    """What the user knows the paper as: a search hit's title, an uploaded file's name."""
    message: str = ""
    hit: SearchHit | None = None
    """The search hit it came from (``study`` and ``add``)."""

    @property
    def status(self) -> Literal["ok", "failed"]:
        """The stable ``ingest --json`` status: everything but a failure is ``ok``."""
        return "failed" if self.kind == "failed" else "ok"

    @property
    def error(self) -> str | None:
        return self.message if self.kind == "failed" else None

    @property
    def created(self) -> bool:
        return self.kind == "added"

    @property
    def skipped(self) -> bool:
        return self.kind == "skipped"

    @property
    def finished(self) -> bool:
        return self.kind != "downloaded"


class DayCount(Model):
    date: str
    reviews: int = 0
    again: int = 0
    new: int = 0


class Mastery(Model):
    cards: int = 0
    reviewed: int = 0
    mature: int = 0
    mastery: float = 0.0


class DueCounts(Model):
    now: int = 0
    today: int = 0
    new_available: int = 0
    next_days: list[DayCount] = Field(default_factory=list)
    """Reviews falling due on each of the coming days (``reviews`` holds the count)."""


class Progress(Model):
    """Everything the progress views show (``paperstudy progress --json``)."""

    generated_at: str
    reviews_total: int
    reviews_per_day: list[DayCount]
    retention: float | None
    """Share of reviews of already-studied cards not rated Again (None before any)."""
    retention_window: float | None
    """The same over the ``days`` window only."""
    due: DueCounts
    by_domain: dict[str, Mastery]
    by_facet: dict[str, Mastery]
    by_kind: dict[str, Mastery]


class WeakSpot(Model):
    """A paper whose cards the user remembers least (mean recall probability over reviewed cards)."""

    paper_id: str
    title: str
    recall: float
    cards: int
    lapses: int


class PassageResults(Model):
    """What ``find`` returns: the passages, best first, and what the user should know about the query."""

    hits: list[PassageHit]
    notices: list[str] = Field(default_factory=list)
    """Things the user should know (query shortened, no vectors for this model, …)."""


class SourceResults(Model):
    """What a search of arXiv / Google Scholar returns: merged hits, and warnings about failed sources."""

    hits: list[SearchHit]
    warnings: list[str] = Field(default_factory=list)


class ReindexReport(Model):
    """What ``paperstudy reindex`` did."""

    outcomes: list[PaperOutcome] = Field(default_factory=list)
    kept_without_pdf: list[str] = Field(default_factory=list)
    """Papers in the database whose PDF is not in the vault: left as they are (rows are never dropped)."""
    embedded: int = 0
    reused: int = 0


class ShownNote(Model):
    """``paperstudy show``: the note, where its file is, and the file's Markdown body."""

    note: Note
    path: Path
    markdown: str


class PaperView(Model):
    """Everything the Paper page shows about one paper, read once."""

    note: Note
    links: list[tuple[str, str]] = Field(default_factory=list)
    """(label, URL) pairs: arXiv abstract, arXiv PDF, DOI."""
    architecture: Caption | None = None
    """The figure most likely to show the model's architecture, when one with a located region exists."""
    has_pdf: bool = False
    pdf_path: Path


class DomainRow(Model):
    """One line of the domain overview."""

    id: str
    title: str
    description: str
    papers: int
    notes: int
    """Papers of the domain whose "My notes" the user has written in."""
    due: int | None
    """Quiz cards due now; None when the quiz is not available."""
    in_catalog: bool


class PaperRow(Model):
    """One paper in a domain's list."""

    id: str
    title: str
    year: int | None
    authors: str
    source: str
    """Where it came from: "arXiv" (has an arXiv id), "DOI" or "PDF" (uploaded or ingested file)."""
    facets: tuple[FacetName, ...]
    """The facets its sections cover."""
    pages: int


class SourceQuery(Model):
    """A search of arXiv / Google Scholar as the user asks it: their words and/or a catalog domain."""

    query: str = ""
    domain: str | None = None
    categories: list[str] = Field(default_factory=list)
    """arXiv categories; empty means the domain's own (or none)."""
    sources: str | list[str] = "auto"
    """"auto", "arxiv", "scholar", "all", or an explicit list of source names."""
    since: int | None = None
    until: int | None = None
    max_results: int = 20
    sort: Literal["relevance", "date"] = "relevance"


class PaperLine(Model):
    """A paper as a brief lists it."""

    paper_id: str
    title: str
    year: int | None
    citekey: str | None = None


class DomainBrief(Model):
    """A domain at a glance: its papers, and its datasets, feature kinds, architecture families and
    metrics, each line citing papers and pages."""

    domain: str
    papers: list[PaperLine] = Field(default_factory=list)
    datasets: list[BriefLine] = Field(default_factory=list)
    features: list[BriefLine] = Field(default_factory=list)
    architectures: list[BriefLine] = Field(default_factory=list)
    metrics: list[BriefLine] = Field(default_factory=list)


class Comparison(Model):
    """Rows of a side-by-side table: one column per paper, cells are short texts with page citations."""

    paper_ids: list[str]
    titles: list[str]
    rows: list[tuple[str, list[str]]]
