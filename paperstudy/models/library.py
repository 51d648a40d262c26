"""The index and the brief: passages, hits, citations, similar papers, ask answers."""

from __future__ import annotations

from pydantic import Field

from paperstudy.models.base import FacetName, Model


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
    also: list[str] = Field(default_factory=list)
    """Other printed names counted in this line: a dataset named with a qualifier ("Criteo Display Ads",
    "ImageNet 2012") counts under the plain name when some note of the domain lists the plain name."""


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
