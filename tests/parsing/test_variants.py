"""The paper's own variants and components are never its baselines."""

from __future__ import annotations

from paperstudy.models import ParsedPaper, Section, TextTable
from paperstudy.parsing.entities import extract_entities
from paperstudy.parsing.variants import own_variants


def _paper(method: str, model: str = "PNN", tables: list[TextTable] | None = None) -> ParsedPaper:
    related = "We compare with the Factorization Machine (FM) [3]. Others use deep neural networks (DNNs)."
    return ParsedPaper(
        title="Product-based Neural Networks",
        page_count=2,
        pages=[method, related],
        model=model,
        sections=[
            Section(level=1, number="2", heading="Related Work", page_start=1, page_end=1, text=related),
            Section(
                level=1,
                number="3",
                heading="Our Model",
                page_start=1,
                page_end=1,
                text=method,
                facet="architecture",
            ),
        ],
        text_tables=tables or [],
    )


def test_names_the_paper_defines_in_its_own_voice_are_its_variants() -> None:
    method = (
        "In this section, we present PNN model in detail and discuss two variants of this model, namely "
        "Inner Product-based Neural Network (IPNN), which has an inner product layer. We thus design a novel "
        "compressed interaction network (CIN) to replace the cross network. We dub this model “NeuMF”, short "
        "for Neural Matrix Factorization. We compared our proposed NCF methods (GMF, MLP and NeuMF) with the "
        "following methods. We propose to use Deep Q-Learning (DQN) [31] framework, and two models using "
        "deep neural networks (DNNs)."
    )
    assert own_variants(_paper(method)) == {"ipnn", "cin", "neumf", "gmf", "mlp"}


def test_a_name_given_after_a_comma_is_a_variant_too() -> None:
    method = (
        "We design a new cross network, named Compressed Interaction Network (CIN), which generates "
        "feature interactions explicitly. We then develop a component, called Attention Pooling Layer (APL)."
    )
    assert own_variants(_paper(method)) == {"cin", "apl"}


def test_a_variant_row_is_neither_the_own_result_nor_the_best_baseline() -> None:
    method = "We discuss two variants of this model, namely Inner Product-based Neural Network (IPNN)."
    table = TextTable(
        label="Table 2",
        page=1,
        caption="Table 2: Overall performance on the Criteo dataset.",
        header_rows=1,
        rows=[["Model", "AUC"], ["LR", "71.48%"], ["CCPM", "76.71%"], ["IPNN", "77.79%"], ["PNN*", "77.00%"]],
    )
    paper = extract_entities(_paper(method, tables=[table]))
    assert [(r.model, r.value, r.best_baseline, r.baseline_value) for r in paper.results] == [
        ("PNN", 0.77, "CCPM", 0.7671)
    ]
    assert "IPNN" not in paper.baselines and {"LR", "CCPM"} <= set(paper.baselines)
