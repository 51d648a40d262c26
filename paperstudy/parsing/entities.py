"""Entities: the datasets a paper uses, the metrics it reports (with values), the methods it compares,
its results-table rows and its headline.

Pure over ``ParsedPaper``; each kind has its own finder module (``datasets``, ``metrics``, ``baselines``,
``results``, ``headline``), sharing ``mentions``. This module runs them in order: results first (the own
model's rows are evidence for datasets and metrics), baselines last (a dataset or metric name is no model).
"""

from __future__ import annotations

from paperstudy.models import ParsedPaper
from paperstudy.parsing.baselines import find_baselines
from paperstudy.parsing.datasets import find_datasets
from paperstudy.parsing.headline import find_headline
from paperstudy.parsing.mentions import fold
from paperstudy.parsing.metrics import find_metrics
from paperstudy.parsing.results import (
    claimed_own_model,
    find_results,
    marked_own_model,
    on_sole_dataset,
)
from paperstudy.parsing.variants import own_variants


def extract_entities(paper: ParsedPaper) -> ParsedPaper:
    """Fill ``results`` (from the tables), then ``datasets``, ``metrics`` and ``baselines``."""
    if paper.model is None:  # the title and abstract name no model: a table may mark it "(ours)", or
        # print in its row a number the abstract claims
        model = marked_own_model(paper.text_tables) or claimed_own_model(paper.text_tables, paper.abstract)
        paper = paper.model_copy(update={"model": model})
    variants = own_variants(paper)
    paper = paper.model_copy(update={"results": find_results(paper.text_tables, paper.model, variants)})
    datasets = find_datasets(paper, variants)
    metrics = find_metrics(paper)
    taken = {fold(d.name) for d in datasets} | {fold(m.name) for m in metrics}
    taken |= {fold(m.name).split("@")[0] for m in metrics}  # "HR" of "HR@10" is no model either
    baselines = find_baselines(paper, taken | variants)
    results = on_sole_dataset(paper.results, datasets)
    paper = paper.model_copy(
        update={"datasets": datasets, "metrics": metrics, "baselines": baselines, "results": results}
    )
    return paper.model_copy(update={"headline": find_headline(paper, variants)})
