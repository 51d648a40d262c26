# ruff: noqa: E501  (sentences of test papers read better unwrapped)
"""A parser that reads a tiny JSON "PDF" (so tests can make papers with distinct text) and vault helpers."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

from paperstudy.models import (
    Dataset,
    FacetName,
    FacetSummary,
    Metric,
    PageSpan,
    ParsedPaper,
    Section,
    Sentence,
)
from paperstudy.settings import Settings


class JsonParser:
    """Parses files written by ``write_paper``; importable, so it can run in the parse worker."""

    def parse(self, path: Path) -> ParsedPaper:
        spec = json.loads(path.read_bytes().split(b"\n", 1)[1])
        pages: list[str] = []
        sections: list[Section] = []
        for number, (heading, facet, text) in enumerate(spec["sections"], start=1):
            pages.append(text)
            sections.append(
                Section(
                    level=1,
                    number=str(number),
                    heading=heading,
                    page_start=number,
                    page_end=number,
                    spans=[PageSpan(page=number, start=0, end=len(text))],
                    text=text,
                    facet=facet,
                )
            )
        return ParsedPaper(
            title=spec["title"],
            year=spec["year"],
            page_count=len(pages),
            pages=pages,
            sections=sections,
            abstract=spec.get("abstract", ""),
            datasets=[Dataset(name=n, pages=[1]) for n in spec.get("datasets", [])],
            metrics=[
                Metric(name=n, values=v, pages=[len(pages)]) for n, v in spec.get("metrics", {}).items()
            ],
            facets={
                "results": FacetSummary(sentences=[Sentence(text=spec["sections"][-1][2], page=len(pages))])
            },
        )


def write_paper(
    folder: Path,
    name: str,
    title: str,
    year: int,
    sections: list[tuple[str, FacetName, str]],
    *,
    datasets: list[str] | None = None,
    metrics: dict[str, list[str]] | None = None,
) -> Path:
    path = folder / f"{name}.pdf"
    spec = {
        "title": title,
        "year": year,
        "sections": sections,
        "datasets": datasets or [],
        "metrics": metrics or {},
    }
    path.write_bytes(b"%PDF-1.4\n" + json.dumps(spec).encode())
    return path


PAPERS = {
    "fmnet": (
        "FMNet: Factorization Machines Meet Deep Networks",
        2017,
        [
            (
                "Introduction",
                "other",
                "Click prediction needs feature interactions. Manual feature crosses are costly to engineer by hand.",
            ),
            (
                "Model",
                "architecture",
                "FMNet learns dense embeddings for sparse categorical fields. A factorization machine and a deep network share the embedding layer, so no manual crosses are needed.",
            ),
            (
                "Experiments",
                "results",
                "On the Criteo dataset FMNet reaches an AUC of 0.8007 and a logloss of 0.45.",
            ),
        ],
        ["Criteo"],
        {"AUC": ["0.8007"], "Logloss": ["0.45"]},
    ),
    "negsamp": (
        "Sampling Negatives for Implicit Feedback",
        2019,
        [
            (
                "Introduction",
                "other",
                "Implicit feedback has no explicit negative examples. Users only click what they like.",
            ),
            (
                "Negative sampling",
                "data",
                "We draw negative samples uniformly from unclicked items, five negatives per positive, and down-sample the rest.",
            ),
            (
                "Results",
                "results",
                "Recall at 20 improves by four points on MovieLens with our sampling strategy.",
            ),
        ],
        ["MovieLens", "Criteo"],
        {"Recall@20": ["0.31"], "AUC": ["0.79"]},
    ),
    "graphs": (
        "Convolutions on Graphs",
        2016,
        [
            (
                "Introduction",
                "other",
                "Graphs describe relations between nodes such as citations between papers.",
            ),
            (
                "Method",
                "architecture",
                "A graph convolutional network aggregates neighbour features with a normalised adjacency matrix.",
            ),
            ("Experiments", "results", "On the Cora citation graph the model reaches 81.5 percent accuracy."),
        ],
        ["Cora"],
        {"Accuracy": ["81.5"]},
    ),
}


def build_library(tmp_path: Path) -> Settings:
    """A vault holding the three papers: fmnet and negsamp in recsys, graphs in gnn (hash encoder)."""
    from paperstudy.pipeline import ingest_files

    settings = Settings(notes=tmp_path / "vault", parse_timeout=30, embedding_model="hash")
    pdfs = write_corpus(tmp_path / "pdfs")
    outcomes = ingest_files([pdfs["fmnet"], pdfs["negsamp"]], "recsys", settings, parser=JsonParser())
    outcomes += ingest_files([pdfs["graphs"]], "gnn", settings, parser=JsonParser())
    assert all(o.status == "ok" for o in outcomes), outcomes
    return settings


def write_corpus(folder: Path) -> dict[str, Path]:
    folder.mkdir(parents=True, exist_ok=True)
    out = {}
    for name, (title, year, sections, datasets, metrics) in PAPERS.items():
        out[name] = write_paper(folder, name, title, year, sections, datasets=datasets, metrics=metrics)  # type: ignore[arg-type]
    return out


def unindexed_papers(db: sqlite3.Connection) -> list[str]:
    """Papers with no passages at all: after ``reindex`` there must be none."""
    rows = db.execute(
        "SELECT id FROM papers WHERE NOT EXISTS (SELECT 1 FROM passages p WHERE p.paper_id = papers.id)"
        " ORDER BY id"
    ).fetchall()
    return [row["id"] for row in rows]
