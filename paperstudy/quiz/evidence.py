"""The sentences a paper printed, each with its page, section and facet: what drills cite. Pure.

A sentence is taken from the abstract (page 1), from the body of each section (its page found in the page
texts, as ``ask`` cites them) and from the note's facet summaries; fragments, captions, formulas and
bibliography entries are left out (``is_answer_like``), and so are the references and acknowledgements.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from paperstudy.index.answer import is_answer_like, normalised, sentence_page
from paperstudy.index.passages import passages_of
from paperstudy.models import FacetName, Note, QuizSource
from paperstudy.parsing.sentences import split_sentences

_SKIPPED_SECTIONS = re.compile(r"^\s*(\d+(\.\d+)*\s*)?(references|bibliography|acknowledg)", re.IGNORECASE)
_RELATED = re.compile(r"related work|background|prior work|literature", re.IGNORECASE)
_CITING = re.compile(r"\[\d+(?:[,–-]\s*\d+)*\]|\bet al\b|\(\D*\d{4}[a-z]?\)")
_FRONT = re.compile(r"abstract|introduction|motivation|conclusion", re.IGNORECASE)
_ABOUT_THE_PAPER = re.compile(
    r"^(\d+(\.\d+)*\s+[A-Z]|(in )?(section|sec\.|table|figure|fig\.)\s*\d)|\b(this|next|following) section\b|"
    r"\b(rest|remainder) of (this|the) paper\b",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class Evidence:
    """One printed sentence of one paper, in reading order (``position``)."""

    paper_id: str
    text: str
    page: int
    section: str
    facet: FacetName
    position: int

    @property
    def related_work(self) -> bool:
        """Said in a related-work / background section: more often about other papers."""
        return _RELATED.search(self.section) is not None

    @property
    def front(self) -> bool:
        """Said in the abstract, introduction or conclusion: where a paper states what it tackles."""
        return _FRONT.search(self.section) is not None

    @property
    def cites_others(self) -> bool:
        return _CITING.search(self.text) is not None

    @property
    def about_the_paper(self) -> bool:
        """A sentence about the paper's layout ("Section 4 describes ...") or opening with a heading."""
        return _ABOUT_THE_PAPER.search(self.text) is not None

    def source(self) -> QuizSource:
        return QuizSource(paper_id=self.paper_id, section=self.section, page=self.page, text=self.text)


def _split(text: str) -> Iterator[str]:
    for span in split_sentences(text):
        yield " ".join(text[span.start : span.end].split())


def paper_sentences(note: Note) -> list[Evidence]:
    """The paper's answer-like sentences, abstract first, then the sections', then the facet summaries'
    (each once: a summary sentence already read from a section is not repeated)."""
    pid = note.paper.id
    parsed = note.parsed
    out: list[Evidence] = []
    seen: set[str] = set()

    def add(text: str, page: int, section: str, facet: FacetName) -> None:
        key = normalised(text)
        if key in seen or not is_answer_like(text):
            return
        seen.add(key)
        out.append(Evidence(pid, text, page, section, facet, len(out)))

    for passage in passages_of(parsed, pid):
        if _SKIPPED_SECTIONS.match(passage.section):
            continue
        for sentence in _split(passage.text):
            add(sentence, sentence_page(sentence, passage.page, parsed.pages), passage.section, passage.facet)
    for facet, summary in sorted(parsed.facets.items()):
        for quoted in summary.sentences:
            add(" ".join(quoted.text.split()), quoted.page, quoted.section or facet, facet)
    return out
