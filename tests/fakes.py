"""Parsers injected through the ``PaperParser`` interface (they must be importable: they run in a worker)."""

from __future__ import annotations

import time
from pathlib import Path

from paperstudy.errors import PdfError
from paperstudy.models import (
    Dataset,
    FacetSummary,
    Metric,
    PageSpan,
    ParsedPaper,
    Section,
    Sentence,
)

PAGES = [
    "We propose DeepThing for click prediction.",
    "We use the Criteo dataset with 45 million examples. DeepThing improves AUC to 0.8007.",
]


def fake_paper(title: str = "DeepThing: Learning Things", arxiv_id: str | None = "1703.04247") -> ParsedPaper:
    return ParsedPaper(
        title=title,
        authors=["Ada Lovelace", "Alan Turing"],
        abstract="We propose DeepThing.",
        year=2017,
        arxiv_id=arxiv_id,
        page_count=2,
        pages=PAGES,
        sections=[
            Section(
                level=1,
                number="1",
                heading="Introduction",
                page_start=1,
                page_end=1,
                spans=[PageSpan(page=1, start=0, end=len(PAGES[0]))],
                text=PAGES[0],
                facet="other",
            ),
            Section(
                level=1,
                number="2",
                heading="Experiments",
                page_start=2,
                page_end=2,
                spans=[PageSpan(page=2, start=0, end=len(PAGES[1]))],
                text=PAGES[1],
                facet="results",
            ),
        ],
        facets={
            "data": FacetSummary(
                sentences=[Sentence(text="We use the Criteo dataset with 45 million examples.", page=2)]
            ),
            "results": FacetSummary(sentences=[Sentence(text="DeepThing improves AUC to 0.8007.", page=2)]),
        },
        datasets=[Dataset(name="Criteo", pages=[2], size="45 million examples")],
        metrics=[Metric(name="AUC", values=["0.8007"], pages=[2])],
        baselines=["LR", "FM"],
    )


class FakeParser:
    """Returns a fixed paper whose title is taken from the file name (so tests can make distinct papers)."""

    def parse(self, path: Path) -> ParsedPaper:
        data = path.read_bytes()
        if not data.startswith(b"%PDF"):
            raise PdfError(path, "is not a PDF")
        stem = path.stem.replace("_", " ")
        arxiv_id = None if "noarxiv" in stem else "1703.04247"
        return fake_paper(title=f"{stem.title()}: A Study", arxiv_id=arxiv_id)


class SlowParser:
    """Never finishes in time: exercises the per-file time limit."""

    def parse(self, path: Path) -> ParsedPaper:
        time.sleep(60)
        return fake_paper()


class CrashingParser:
    """Raises an unexpected exception (a parser bug) for one file."""

    def parse(self, path: Path) -> ParsedPaper:
        raise ZeroDivisionError("boom")


class SlowOnSomeParser(FakeParser):
    """``FakeParser``, except that files whose name starts with ``slow`` never finish in time."""

    def parse(self, path: Path) -> ParsedPaper:
        if path.name.startswith("slow"):
            time.sleep(60)
        return super().parse(path)
