"""The data types of paperstudy, in one place.

They flow one way: search → download → parse (``ParsedPaper``) → notes (``Note``) → index → quiz → app.
Text is stored once per page (``ParsedPaper.pages``); sections, sentences and captions point into it by
page number and character span, so every claim shown to a user can cite its page.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Literal, TypeVar

from pydantic import BaseModel, ConfigDict, Field, field_validator

FacetName = Literal["data", "features", "architecture", "results", "other"]
FACETS: tuple[FacetName, ...] = ("data", "features", "architecture", "results")
"""The four facets an interviewer probes, in the order a note shows them (``other`` is not shown)."""

BBox = tuple[float, float, float, float]
"""A rectangle on a page in PDF points: x0, y0, x1, y1 (origin top-left, as PyMuPDF reports it)."""

PAPER_ID_PATTERN = re.compile(r"^[a-z0-9][a-z0-9-]{0,80}$")
DOMAIN_PATTERN = re.compile(r"^[a-z0-9][a-z0-9-]{0,60}$")


class Model(BaseModel):
    """Base for every type: unknown fields are refused so a typo never passes silently. Validators are
    built on a type's first use, not at import: a command uses a few of these types, and building all of
    them was a third or more of this module's 0.1 s import (``paperstudy find`` from the shell)."""

    model_config = ConfigDict(extra="forbid", defer_build=True)


class PageSpan(Model):
    """A character span of one page's body text (``ParsedPaper.pages[page - 1]``); pages count from 1."""

    page: int = Field(ge=1)
    start: int = Field(ge=0)
    end: int = Field(ge=0)


class Sentence(Model):
    """One sentence quoted from a paper, with the page it is printed on."""

    text: str
    page: int = Field(ge=1)
    section: str | None = None
    """The heading of the section it comes from (for citations like "DeepFM, 3.1 Experiment Setup, p. 5")."""


class Section(Model):
    """A level-1 or level-2 heading and the body text under it, up to the next heading of any level."""

    level: Literal[1, 2]
    number: str | None = None
    """The number as printed: "3", "3.1", "IV", "A"; None when unnumbered."""
    heading: str
    """The heading text as printed, without its number."""
    page_start: int = Field(ge=1)
    page_end: int = Field(ge=1)
    spans: list[PageSpan] = Field(default_factory=list)
    """Where the section's body lies in the page texts (one span per page it covers)."""
    text: str = ""
    """The section's body text (a copy of the spans' text, kept for pure consumers such as facets)."""
    facet: FacetName = "other"
    paragraph_facets: list[FacetName] = Field(default_factory=list)
    """Per-paragraph facets where the heading alone is too generic (e.g. "Experiments")."""

    @property
    def title(self) -> str:
        """Number and heading as a reader would cite them: "3.1 Experiment Setup"."""
        return f"{self.number} {self.heading}" if self.number else self.heading


class Caption(Model):
    """A figure or table caption and the region of the page it labels."""

    kind: Literal["figure", "table"]
    label: str
    """"Figure 1", "Table 2"."""
    text: str
    page: int = Field(ge=1)
    caption_bbox: BBox
    region_bbox: BBox | None = None
    """The figure or table itself (above or below the caption), when it could be located."""
    section: str | None = None
    """Title of the section the caption stands in."""


class TableCells(Model):
    """Cells of a located table region, extracted lazily (``page.find_tables`` is slow)."""

    label: str
    page: int = Field(ge=1)
    rows: list[list[str | None]]


class TextTable(Model):
    """A table as printed, read from the page layout in the main pass (no ``find_tables``).

    ``rows`` is a grid: the first ``header_rows`` rows are header cells (a header cell spanning several
    columns is repeated in each), then one row per printed row with the row label first; "" is an empty
    cell.
    """

    label: str
    """"Table 2"."""
    page: int = Field(ge=1)
    caption: str = ""
    header_rows: int = Field(default=0, ge=0)
    rows: list[list[str]] = Field(default_factory=list)

    @property
    def header(self) -> list[list[str]]:
        return self.rows[: self.header_rows]

    @property
    def body(self) -> list[list[str]]:
        return self.rows[self.header_rows :]


class Dataset(Model):
    name: str
    pages: list[int] = Field(default_factory=list)
    size: str | None = None
    """What the paper says of its size ("45 million users", "7 days"), when found near the name."""


class Metric(Model):
    name: str
    values: list[str] = Field(default_factory=list)
    """Reported values as printed ("0.8007", "+4.18%"), most prominent first."""
    pages: list[int] = Field(default_factory=list)


class ResultRow(Model):
    """One headline number of a results table: the paper's own model against the best baseline.

    ``value`` and ``baseline_value`` are numbers, a percentage stored as a fraction (71.48 % → 0.7148);
    ``printed`` keeps the cell as printed ("71.48%", "66.00 ± 0.37").
    """

    metric: str
    dataset: str | None = None
    model: str
    value: float
    best_baseline: str | None = None
    baseline_value: float | None = None
    page: int = Field(ge=1)
    table: str
    """The printed label of the table ("Table 2")."""
    printed: str
    baseline_printed: str | None = None
    higher_is_better: bool = True


class Headline(Model):
    """The paper's headline result: one number-bearing claim, with the page that prints it."""

    text: str
    page: int = Field(ge=1)


class FacetSummary(Model):
    """An extractive summary: the most informative sentences of one facet, never invented text."""

    sentences: list[Sentence] = Field(default_factory=list)

    @property
    def summary(self) -> str:
        return " ".join(s.text for s in self.sentences)

    @property
    def pages(self) -> list[int]:
        return sorted({s.page for s in self.sentences})


class ParsedPaper(Model):
    """What the parser recovers from one PDF: pure data, no user content."""

    title: str
    authors: list[str] = Field(default_factory=list)
    abstract: str = ""
    year: int | None = None
    arxiv_id: str | None = None
    doi: str | None = None
    page_count: int = Field(ge=1)
    pages: list[str] = Field(default_factory=list)
    """Each page's body text in reading order (no headers, footers, page numbers, gutters or stamps)."""
    sections: list[Section] = Field(default_factory=list)
    references: str = ""
    captions: list[Caption] = Field(default_factory=list)
    tables: list[TableCells] = Field(default_factory=list)
    text_tables: list[TextTable] = Field(default_factory=list)
    """Every located table's grid as printed (header cells, row labels, numbers), read in the main pass."""
    facets: dict[FacetName, FacetSummary] = Field(default_factory=dict)
    datasets: list[Dataset] = Field(default_factory=list)
    metrics: list[Metric] = Field(default_factory=list)
    baselines: list[str] = Field(default_factory=list)
    model: str | None = None
    """The paper's own model as the title or abstract introduces it ("DIEN", "Deep & Cross Network")."""
    results: list[ResultRow] = Field(default_factory=list)
    headline: Headline | None = None

    def cite(self, page_start: int, page_end: int | None = None) -> str:
        end = page_end if page_end is not None else page_start
        return f"p. {page_start}" if end == page_start else f"pp. {page_start}–{end}"


class ListCorrection(Model):
    """User corrections to an extracted list: names to add and names to drop."""

    add: list[str] = Field(default_factory=list)
    remove: list[str] = Field(default_factory=list)


class Corrections(Model):
    """The user's fixes to extracted fields, kept in the note's front matter and never overwritten.

    Metric additions may carry values: ``"RelaImpr: 3.5%"`` adds metric RelaImpr with value 3.5%.
    """

    title: str | None = None
    authors: list[str] | None = None
    year: int | None = None
    datasets: ListCorrection = Field(default_factory=ListCorrection)
    metrics: ListCorrection = Field(default_factory=ListCorrection)
    baselines: ListCorrection = Field(default_factory=ListCorrection)


class PaperRecord(Model):
    """A paper as the library knows it: identity, provenance and domains."""

    id: str
    title: str
    authors: list[str] = Field(default_factory=list)
    year: int | None = None
    arxiv_id: str | None = None
    doi: str | None = None
    sha256: str
    domains: list[str] = Field(min_length=1)
    """The first domain is where the note lives; the rest are listed in its front matter."""
    page_count: int = Field(ge=1)
    source_path: str | None = None
    """Where the PDF was ingested from (informational: the vault keeps its own copy)."""
    citekey: str | None = None
    """The citation key: the imported entry's, else one made like Better BibTeX's (``guo2017deepfm``)."""
    venue: str | None = None
    entry_type: str | None = None
    """The BibTeX entry type an imported entry had (``inproceedings``), kept for export."""
    metadata_from: str | None = None
    """Set when title, authors, year, venue, DOI and arXiv id come from an imported BibTeX or CSL-JSON
    entry (``"bibtex"``, ``"csl-json"``): they then win over what the parser guessed, on every re-parse."""

    @field_validator("id")
    @classmethod
    def _check_id(cls, value: str) -> str:
        if not PAPER_ID_PATTERN.match(value):
            raise ValueError(f"paper id {value!r} must be lower-case letters, digits and dashes")
        return value

    @field_validator("domains")
    @classmethod
    def _check_domains(cls, value: list[str]) -> list[str]:
        for domain in value:
            if not DOMAIN_PATTERN.match(domain):
                raise ValueError(f"domain {domain!r} must be lower-case letters, digits and dashes")
        return value


class Note(Model):
    """One structured note: a paper's record, what was extracted, and the user's own content."""

    paper: PaperRecord
    parsed: ParsedPaper
    corrections: Corrections = Field(default_factory=Corrections)
    my_notes: str = ""
    """The body of the note's "## My notes" section, verbatim."""
    related: list[RelatedPaper] = Field(default_factory=list)
    """Library papers this one links to (similar papers, baselines that are in the library)."""

    @property
    def title(self) -> str:
        return self.corrections.title or self.paper.title

    @property
    def authors(self) -> list[str]:
        return self.corrections.authors if self.corrections.authors is not None else self.paper.authors

    @property
    def year(self) -> int | None:
        return self.corrections.year if self.corrections.year is not None else self.paper.year

    def datasets(self) -> list[Dataset]:
        return _apply_named(self.parsed.datasets, self.corrections.datasets, _make_dataset)

    def metrics(self) -> list[Metric]:
        def make(spec: str) -> Metric:
            name, _, value = spec.partition(":")
            return Metric(name=name.strip(), values=[value.strip()] if value.strip() else [])

        return _apply_named(self.parsed.metrics, self.corrections.metrics, make)

    def baselines(self) -> list[str]:
        removed = {_fold(n) for n in self.corrections.baselines.remove}
        kept = [b for b in self.parsed.baselines if _fold(b) not in removed]
        known = {_fold(b) for b in kept}
        return kept + [b for b in self.corrections.baselines.add if _fold(b) not in known]


def _make_dataset(spec: str) -> Dataset:
    return Dataset(name=spec.strip())


def _fold(name: str) -> str:
    return " ".join(name.casefold().split())


NamedT = TypeVar("NamedT", Dataset, Metric)


def _apply_named(
    extracted: list[NamedT], correction: ListCorrection, make: Callable[[str], NamedT]
) -> list[NamedT]:
    removed = {_fold(n.partition(":")[0]) for n in correction.remove}
    kept = [item for item in extracted if _fold(item.name) not in removed]
    known = {_fold(item.name) for item in kept}
    for spec in correction.add:
        if _fold(spec.partition(":")[0]) not in known:
            kept.append(make(spec))
    return kept


class SearchHit(Model):
    """One paper found by a search source; after merging, the richest view across sources."""

    title: str
    authors: list[str] = Field(default_factory=list)
    year: int | None = None
    arxiv_id: str | None = None
    """Without version suffix (``1703.04247``), so hits from different sources compare equal."""
    doi: str | None = None
    pdf_url: str | None = None
    sources: list[str] = Field(default_factory=list)
    """Which services returned it ("arxiv", "scholar"), in the order they were merged."""
    citations: int | None = None
    """Known only from Google Scholar; None means unknown, not zero."""
    venue: str | None = None
    abstract: str = ""
    url: str | None = None
    """A landing page for humans (arXiv abstract page, publisher page)."""


class Domain(Model):
    """A research area to study: what to search for and what interviewers tend to ask."""

    id: str
    title: str
    description: str
    arxiv_query: str
    """An arXiv API query with field prefixes (``ti:``, ``abs:``), combined with ``categories``."""
    categories: list[str] = Field(default_factory=list)
    """arXiv categories (``cs.IR``); a paper in any of them qualifies."""
    scholar_query: str | None = None
    """Plain keywords for Google Scholar (which has no field prefixes); defaults to the title."""
    questions: list[str] = Field(default_factory=list)
    """Typical interview questions for the area."""

    @field_validator("id")
    @classmethod
    def _check_domain_id(cls, value: str) -> str:
        if not DOMAIN_PATTERN.match(value):
            raise ValueError(f"domain {value!r} must be lower-case letters, digits and dashes")
        return value


# --- quiz (cards, reviews, drills) ---------------------------------------------------------------------

QuizKind = Literal["facet_recall", "cloze", "multiple_choice", "compare", "concept", "drill"]
RatingName = Literal["again", "hard", "good", "easy"]
RATINGS: dict[RatingName, int] = {"again": 1, "hard": 2, "good": 3, "easy": 4}
"""A rating as FSRS and the review log number it."""
RATING_NAMES: dict[int, RatingName] = {v: k for k, v in RATINGS.items()}


def as_utc(moment: datetime) -> datetime:
    """An aware UTC datetime (naive ones are taken to be UTC already)."""
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)


class QuizSource(Model):
    """Where a quiz item comes from: the sentence that makes its answer right, and where it is printed."""

    paper_id: str | None = None
    section: str | None = None
    page: int | None = None
    text: str = ""


class QuizItem(Model):
    """One generated question, grounded in a note. ``deck --json`` prints the first six fields."""

    id: str
    """Stable: a hash of paper, kind, slot and source text, so regenerating keeps review history."""
    kind: QuizKind
    question: str
    answer: str
    choices: list[str] = Field(default_factory=list)
    source: QuizSource
    facet: FacetName | None = None
    accept: list[str] = Field(default_factory=list)
    """For list answers, the expected elements; for short answers, other accepted spellings."""


class QuizCard(Model):
    """A stored card: the item as last generated (with the user's edits) and its scheduling state."""

    item: QuizItem
    domains: list[str] = Field(default_factory=list)
    state: Literal["new", "learning", "review", "relearning"] = "new"
    due: str
    """ISO 8601 UTC."""
    stability: float | None = None
    difficulty: float | None = None
    last_review: str | None = None
    reps: int = 0
    lapses: int = 0
    suspended: bool = False
    deleted: bool = False
    edited: bool = False
    orphaned: bool = False
    """The card's source no longer produces it (paper removed or re-parsed): kept, never dropped."""
    retired: bool = False
    """The deck's rules retired it (it does not teach): out of decks and sessions, reviews kept."""
    retired_reason: str | None = None
    kept: bool = False
    """The user brought it back from retirement: the rules never retire it again."""

    @property
    def id(self) -> str:
        return self.item.id


class Review(Model):
    """One answer to one card, as committed to the library (review history is never rewritten)."""

    id: int
    card_id: str
    rating: RatingName
    reviewed_at: str
    domains: list[str] = Field(default_factory=list)
    kind: str = ""
    facet: str | None = None
    state_before: str = "new"
    response: str | None = None
    score: float | None = None
    method: str | None = None
    duration_ms: int | None = None
    due_after: str | None = None


DrillStage = Literal["goal", "data", "features", "model", "training", "metrics", "evaluation"]
"""The interview structure of a design answer, in order: goal → data → features → model with pros and
cons → training → metrics → offline/online evaluation."""


class RubricPoint(Model):
    """One thing a good design answer mentions; ``keywords`` are what grading looks for (``re:`` marks a
    regular expression); ``sources`` are the papers' sentences that state it, with their pages."""

    id: str
    stage: DrillStage
    label: str
    keywords: list[str] = Field(default_factory=list)
    sources: list[QuizSource] = Field(default_factory=list)


class ModelAnswerPart(Model):
    """One step of a drill's model answer: a sentence a paper printed, for one rubric point."""

    stage: DrillStage
    point: str
    """The label of the rubric point the sentence illustrates."""
    text: str
    """The sentence, verbatim as the paper printed it."""
    source: QuizSource


class Rubric(Model):
    domain: str
    prompt: str
    points: list[RubricPoint]
    model_answer: list[ModelAnswerPart] = Field(default_factory=list)
    """A model answer in the interview structure, assembled from the points' cited sentences."""


class KeyPointVerdict(Model):
    """Whether a free-text answer covered one key point (a clause of the expected answer)."""

    text: str
    covered: bool
    sentence: str
    """The source sentence the key point comes from (the item's source when no finer one is known)."""
    page: int | None = None


class Feedback(Model):
    """The verdict on one answer: a suggested rating the user may override, and why."""

    card_id: str
    score: float = Field(ge=0, le=1)
    correct: bool
    suggested: RatingName
    method: Literal["exact", "fuzzy", "numeric", "choice", "list", "semantic", "lexical", "rubric", "empty"]
    expected: str
    explanation: str = ""
    source: QuizSource | None = None
    covered: list[RubricPoint] = Field(default_factory=list)
    missed: list[RubricPoint] = Field(default_factory=list)
    matched: list[str] = Field(default_factory=list)
    """For list answers and drills: which expected elements or keywords were found."""
    key_points: list[KeyPointVerdict] = Field(default_factory=list)
    """For conceptual answers: each key point of the expected answer, covered or missed."""


# --- index and brief (issue: Library) ---------------------------------------------------------------------


class Passage(Model):
    """A section-aware slice of a paper (about 128 tokens) that search ranks and cites."""

    paper_id: str
    position: int = Field(ge=0)
    section: str
    """The section's title as cited ("3.1 Experiment Setup"); "Abstract" for the abstract."""
    facet: FacetName
    page: int = Field(ge=1)
    text: str


class PassageHit(Model):
    """One ``find`` result; ``find --json`` prints the fields paper_id, section, facet, page, score, text."""

    paper_id: str
    title: str
    year: int | None = None
    section: str
    facet: FacetName
    page: int = Field(ge=1)
    score: float
    text: str
    highlights: list[str] = Field(default_factory=list)
    """The passage's sentences that match the query best, verbatim."""
    terms: list[str] = Field(default_factory=list)
    """Query words found in the passage (for highlighting)."""


class SimilarPaper(Model):
    """One ``similar`` result; ``similar --json`` prints paper_id and score."""

    paper_id: str
    title: str
    year: int | None = None
    score: float


class Citation(Model):
    """Where a brief line comes from: a paper and the pages that say it."""

    paper_id: str
    pages: list[int] = Field(default_factory=list)


class BriefLine(Model):
    """One line of a domain brief: a dataset, feature, architecture family or metric, with its papers."""

    name: str
    count: int = Field(ge=0)
    """How many of the domain's papers mention it."""
    values: list[str] = Field(default_factory=list)
    """Typical reported values (metrics) or sizes (datasets), as printed."""
    citations: list[Citation] = Field(default_factory=list)


# --- outcomes and progress (issue: One front door) --------------------------------------------------------

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


# --- bibliography import and export, vault links (issue: Zotero/BibTeX) ----------------------------------


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


class RelatedPaper(Model):
    """A wikilink from one note to another paper of the library."""

    paper_id: str
    label: str
    reason: Literal["similar", "baseline"]


Note.model_rebuild()


# --- ask answers (issue #12) -------------------------------------------------------------------------


class AnswerSentence(Model):
    """One sentence of an ``ask`` answer, verbatim from a passage, with its citation;
    ``ask --json`` prints text, paper_id, section and page."""

    text: str
    paper_id: str
    section: str
    page: int = Field(ge=1)
    """The 1-based page the sentence is printed on."""


class AskResults(Model):
    """What ``ask`` returns: the short answer (best sentence first) above the passages it came from."""

    answer: list[AnswerSentence]
    hits: list[PassageHit]
    notices: list[str] = Field(default_factory=list)
