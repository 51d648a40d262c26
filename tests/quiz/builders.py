"""Small but realistic notes for quiz tests: four CTR papers with distinct datasets, metrics and models."""

from __future__ import annotations

from pathlib import Path

from paperstudy.models import (
    Dataset,
    FacetSummary,
    Metric,
    Note,
    PaperRecord,
    ParsedPaper,
    Sentence,
)
from paperstudy.notes import render_note
from paperstudy.store import Library, Vault


def _s(text: str, page: int, section: str) -> Sentence:
    return Sentence(text=text, page=page, section=section)


PAPERS: dict[str, dict[str, object]] = {
    "deepfm-2017": {
        "title": "DeepFM: A Factorization-Machine based Neural Network for CTR Prediction",
        "abstract": "Learning feature interactions is critical for CTR prediction. "
        "We propose DeepFM, a model that combines factorization machines and deep learning in one network.",
        "datasets": [Dataset(name="Criteo", pages=[5, 6]), Dataset(name="Company*", pages=[5, 6])],
        "metrics": [
            Metric(name="AUC", values=["0.8007"], pages=[6, 7]),
            Metric(name="Logloss", values=["0.45"], pages=[6, 7]),
        ],
        "baselines": ["LR", "FM", "FNN", "PNN", "Wide & Deep"],
        "facets": {
            "data": [
                _s(
                    "We evaluate on the Criteo dataset, which includes 45 million users' click records.",
                    5,
                    "3.1 Experiment Setup",
                )
            ],
            "architecture": [
                _s(
                    "The FM component is a factorization machine that learns order-2 feature "
                    "interactions from the shared embeddings.",
                    3,
                    "2.1 DeepFM",
                )
            ],
            "features": [
                _s(
                    "Each categorical field is one-hot encoded and mapped to a dense embedding vector.",
                    3,
                    "2.1 DeepFM",
                )
            ],
            "results": [
                _s(
                    "DeepFM improves AUC over LR by 4.18% on the Criteo dataset.",
                    6,
                    "3.2 Performance Evaluation",
                )
            ],
        },
    },
    "dcn-2017": {
        "title": "Deep & Cross Network for Ad Click Predictions",
        "abstract": "We propose the Deep & Cross Network (DCN) which keeps the benefits of a DNN model. "
        "It applies explicit feature crossing at each layer.",
        "datasets": [Dataset(name="Criteo", pages=[5, 6]), Dataset(name="Forest Covertype", pages=[6, 7])],
        "metrics": [Metric(name="Logloss", values=["0.4419"], pages=[6, 7])],
        "baselines": ["DNN", "LR", "FM", "Deep Crossing"],
        "facets": {
            "data": [
                _s(
                    "We also use the Forest Covertype data from the UCI repository for non-CTR tasks.",
                    6,
                    "4.1 Datasets",
                )
            ],
            "architecture": [
                _s(
                    "The cross network computes explicit feature crossings of bounded degree at "
                    "every layer with few parameters.",
                    3,
                    "2.2 Cross Network",
                )
            ],
            "results": [
                _s(
                    "DCN reaches a logloss of 0.4419 with only 40% of the memory used by the DNN.",
                    6,
                    "5 Results",
                )
            ],
        },
    },
    "dien-2019": {
        "title": "Deep Interest Evolution Network for Click-Through Rate Prediction",
        "abstract": "We propose a novel model, named Deep Interest Evolution Network (DIEN), "
        "for CTR prediction. "
        "An interest extractor layer captures temporal interests from history behavior sequences.",
        "datasets": [
            Dataset(name="Amazon Books", pages=[6, 7]),
            Dataset(name="Amazon Electronics", pages=[6, 7]),
        ],
        "metrics": [Metric(name="AUC", values=["0.7792"], pages=[7, 8]), Metric(name="CTR", pages=[8])],
        "baselines": ["BaseModel", "Wide & Deep", "PNN", "DIN"],
        "facets": {
            "data": [
                _s(
                    "We use two subsets of the Amazon Dataset, Books and Electronics, with user reviews "
                    "as behaviors.",
                    6,
                    "5.1 Datasets",
                )
            ],
            "architecture": [
                _s(
                    "The interest evolving layer models the interest evolving process that is "
                    "relative to the target item with an attention update gate.",
                    4,
                    "4.3 Interest Evolving Layer",
                )
            ],
            "features": [
                _s(
                    "User behavior sequences are ordered by time and each behavior is an item id "
                    "with its category id.",
                    4,
                    "4.1 Feature Representation",
                )
            ],
            "results": [
                _s(
                    "In the online A/B test DIEN improves CTR by 20.7% over the base model.",
                    8,
                    "5.6 Online Serving",
                )
            ],
        },
    },
    "fb-gbdt-lr-2014": {
        "title": "Practical Lessons from Predicting Clicks on Ads at Facebook",
        "abstract": "We present a model which combines decision trees with logistic regression. "
        "The most important thing is to have the right features.",
        "datasets": [Dataset(name="Facebook ads click logs", pages=[2, 3])],
        "metrics": [
            Metric(name="Normalized Entropy", values=["0.7"], pages=[2, 4]),
            Metric(name="Calibration"),
        ],
        "baselines": ["LR", "Trees only"],
        "facets": {
            "data": [
                _s(
                    "The offline training data covers an arbitrary week of the fourth quarter of 2013.",
                    2,
                    "2 Experimental Setup",
                )
            ],
            "architecture": [
                _s(
                    "The boosted decision trees transform each input feature into a binary "
                    "vector of leaf indices for the linear classifier.",
                    3,
                    "3.1 Decision Tree Feature Transforms",
                )
            ],
            "results": [
                _s(
                    "Normalized Entropy is used instead of AUC because it is sensitive to the "
                    "calibration of the predictions.",
                    2,
                    "2.1 Evaluation Metrics",
                ),
                _s(
                    "The hybrid model reduces normalized entropy by 3.4% relative to trees only.",
                    4,
                    "3.1 Decision Tree Feature Transforms",
                ),
            ],
        },
    },
}


def _pages(abstract: str, facets: dict[str, FacetSummary]) -> list[str]:
    """Nine page texts that print the abstract (page 1) and every facet sentence on its page, as a
    parsed paper's pages do: decks only keep sources printed on their page."""
    pages = [[abstract] if n == 1 else [] for n in range(1, 10)]
    for summary in facets.values():
        for sentence in summary.sentences:
            pages[sentence.page - 1].append(sentence.text)
    return [" ".join(texts) or "page text" for texts in pages]


def make_note(paper_id: str, domains: list[str], data: dict[str, object] | None = None) -> Note:
    spec = data or PAPERS[paper_id]
    facets = {k: FacetSummary(sentences=v) for k, v in spec["facets"].items()}  # type: ignore[attr-defined]
    parsed = ParsedPaper(
        title=str(spec["title"]),
        abstract=str(spec["abstract"]),
        year=int(paper_id.rsplit("-", 1)[1]),
        page_count=9,
        pages=_pages(str(spec["abstract"]), facets),
        facets=facets,
        datasets=spec["datasets"],
        metrics=spec["metrics"],
        baselines=spec["baselines"],
    )
    record = PaperRecord(
        id=paper_id, title=parsed.title, year=parsed.year, sha256=paper_id * 2, domains=domains, page_count=9
    )
    return Note(paper=record, parsed=parsed)


def make_vault(root: Path, papers: list[str] | None = None, domain: str = "ctr-prediction") -> Path:
    """A vault with the given papers (default: all four) saved straight into the library."""
    with Library(Vault(root)) as library:
        for paper_id in papers or list(PAPERS):
            note = make_note(paper_id, [domain])
            library.save(note, render_note(note), None)
    return root
