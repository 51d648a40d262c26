"""A parsed paper and what is kept of it: sections, captions, tables, entities, the note and its record."""

from __future__ import annotations

from collections.abc import Callable
from typing import Literal, TypeVar

from pydantic import Field, field_validator

from paperstudy.models.base import DOMAIN_PATTERN, PAPER_ID_PATTERN, BBox, FacetName, Model


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


class Footnote(Model):
    """A note printed at the foot of a page ("¹ Code: https://…"): kept apart from the page's body text."""

    mark: str
    """The note's mark as printed ("1", "∗")."""
    text: str
    page: int = Field(ge=1)


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
    """Each page's body text in reading order (no headers, footers, page numbers, gutters, stamps, text
    inside figures, footnotes, or the grids of tables, which are ``text_tables``)."""
    sections: list[Section] = Field(default_factory=list)
    references: str = ""
    captions: list[Caption] = Field(default_factory=list)
    footnotes: list[Footnote] = Field(default_factory=list)
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


class RelatedPaper(Model):
    """A wikilink from one note to another paper of the library."""

    paper_id: str
    label: str
    reason: Literal["similar", "baseline"]


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
