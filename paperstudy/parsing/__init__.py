"""PDF → ``ParsedPaper``: layout, section tree, captions, facets and entities.

The parser sits behind the ``PaperParser`` protocol so the pipeline can run any implementation in a worker
process (and tests can inject a deliberately slow one to exercise the per-file time limit).

Stages (each its own module):
- ``structure.parse_structure(path)``: PyMuPDF read → layout lines → metadata, headings, section tree,
  page texts, references, captions (the only stage that reads the PDF).
- ``facets.assign_facets(paper)``: classify sections/paragraphs and write extractive facet summaries (pure).
- ``entities.extract_entities(paper)``: datasets, metrics with values, baselines (pure).
"""

from __future__ import annotations

from pathlib import Path
from typing import Protocol

from paperstudy.models import ParsedPaper


class PaperParser(Protocol):
    """Anything that turns a PDF path into a ``ParsedPaper``; must be picklable (it runs in a worker)."""

    def parse(self, path: Path) -> ParsedPaper: ...


def parse_pdf(path: Path) -> ParsedPaper:
    """The full parse of one PDF: structure, then facets, then entities."""
    from paperstudy.parsing.entities import extract_entities
    from paperstudy.parsing.facets import assign_facets
    from paperstudy.parsing.layout import collector_paused
    from paperstudy.parsing.structure import parse_structure

    with collector_paused():  # the stages build only acyclic objects (see ``collector_paused``)
        paper = parse_structure(path)
        paper = assign_facets(paper)
        return extract_entities(paper)


class PyMuPdfParser:
    """The default parser."""

    def parse(self, path: Path) -> ParsedPaper:
        return parse_pdf(path)
