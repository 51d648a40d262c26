"""The paper's own model (``ParsedPaper.model``), PDF-date years and people-only author lists."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pymupdf
import pytest

from paperstudy.parsing.layout import Line, PageLayout, StyledSpan
from paperstudy.parsing.metadata import find_authors, find_model, title_lines, title_text, year_from_pdf_date
from paperstudy.parsing.structure import parse_structure
from tests.corpus import CORPUS

from .conftest import _paragraph, _write


@pytest.mark.parametrize(
    ("title", "abstract", "model"),
    [
        ("DeepFM: A Factorization-Machine based Neural Network", "We show things.", "DeepFM"),
        ("node2vec: Scalable Feature Learning for Networks", "", "node2vec"),
        ("Image Matters: Visually modeling user behaviors", "Images help.", None),  # words, not a name
        (
            "Deep & Cross Network for Ad Click Predictions",
            "Click-through rate (CTR) matters. In this paper, we propose the Deep & Cross Network (DCN) "
            "which keeps the benefits of a DNN model.",
            "DCN",
        ),
        (
            "Field-aware Factorization Machines for CTR Prediction",
            "Click-through rate (CTR) prediction plays a role. Recently, a variant of FMs, field-aware "
            "factorization machines (FFMs), outperforms existing models.",
            "FFM",
        ),
        (
            "Deep Learning over Multi-field Categorical Data",
            "We propose two novel models using deep neural networks (DNNs) to learn patterns.",
            None,  # DNNs are what the models use, not what they are called
        ),
        (
            "Efficient Recommendation",
            "Relevance Matrix Factorization (Rel-MF) is recently proposed by others. We further propose "
            "Improved Solution with Power Function for Rel-MF (PRel-MF).",
            "PRel-MF",
        ),
        (
            "Inductive Learning on Graphs",
            "Here we present GraphSAGE, a general inductive framework.",
            "GraphSAGE",
        ),
        (
            "Attention Is All You Need",
            "We propose a new simple network architecture, the Transformer, based solely on attention.",
            "Transformer",
        ),
        (
            "Wide & Deep Learning",
            "In this paper, we present Wide & Deep learning—jointly trained.",
            "Wide & Deep",
        ),
        (
            "Neural Collaborative Filtering",
            "We present a general framework named NCF, short for Neural network-based CF.",
            "NCF",
        ),
        (
            "On the Art and Science of Explainable Machine Learning",
            "This text discusses methods such as local interpretable model-agnostic explanations (LIME).",
            None,  # a survey introduces no model of its own
        ),
        (
            "Deep Interest Evolution Network for Click-Through Rate Prediction",
            "Click-through rate (CTR) prediction is a core task. In this paper, we propose a novel model, "
            "named Deep Interest Evolution Network (DIEN), for CTR prediction.",
            "DIEN",
        ),
    ],
)
def test_find_model(title: str, abstract: str, model: str | None) -> None:
    assert find_model(title, abstract) == model


@pytest.mark.parametrize(
    ("introduction", "model"),
    [
        (
            "In this study we propose a series of Deep Structured Semantic Models (DSSM) for Web search.",
            "DSSM",
        ),
        (
            "We introduce two types of deep learning models, called Factorisation Machine supported Neural "
            "Network (FNN) and Sampling-based Neural Network (SNN).",
            "FNN",  # the first of a sentence that names two
        ),
        # the introduction spells out the task and what others built: not the paper's own model
        (
            "We study Deep Structured Semantic Models (DSSM) as others built them, with click-through "
            "rate (CTR).",
            None,
        ),
    ],
)
def test_find_model_falls_back_to_what_the_introduction_proposes(
    introduction: str, model: str | None
) -> None:
    title = "Learning Deep Structured Semantic Models for Web Search"
    assert find_model(title, "Latent models map queries to documents.", introduction) == model


def _line(text: str, x: float, y: float, size: float, bold: bool = True) -> Line:
    line = Line(text, x, y, x + 5 * len(text), y + size, [StyledSpan(text, size, bold, False)], int(y))
    line.size, line.bold = size, bold
    return line


def test_title_lines_follow_position_not_reading_order() -> None:
    # a centred second title line read into the right-hand column, after the first author block
    lines = [
        _line("Efficient Recommendation with Two-side", 82, 84, 17),
        _line("Ada Lovelace", 60, 131, 12, bold=False),
        _line("University of Somewhere", 60, 145, 10, bold=False),
        _line("Relevance for Implicit Feedback", 180, 104, 17),
        _line("Alan Turing", 320, 131, 12, bold=False),
    ]
    page = PageLayout(1, 612, 792, lines)
    indices, size = title_lines(page, 9.0)
    assert (
        title_text(page, indices) == "Efficient Recommendation with Two-side Relevance for Implicit Feedback"
    )
    assert size == 17
    assert find_authors(page, indices, len(lines)) == ["Ada Lovelace", "Alan Turing"]


def test_authors_are_read_by_position_above_the_abstract_in_any_column() -> None:
    # reading order: a grid author before the title, the left column's abstract, then the right
    # column's author (printed beside the first) and body text below the abstract
    lines = [
        _line("Lizi Liao", 300, 118, 12, bold=False),
        _line("Neural Collaborative Filtering", 150, 80, 17),
        _line("Xiangnan He", 60, 118, 12, bold=False),
        _line("National University of Singapore", 60, 130, 10, bold=False),
        _line("ABSTRACT", 54, 182, 11),
        _line("We study collaborative filtering with neural networks.", 54, 196, 9, bold=False),
        _line("Tat-Seng Chua", 300, 160, 12, bold=False),
        _line("Many methods such as Matrix Factorization exist.", 300, 300, 9, bold=False),
    ]
    page = PageLayout(1, 612, 792, lines)
    indices, _ = title_lines(page, 9.0)
    assert find_authors(page, indices, 4) == ["Xiangnan He", "Lizi Liao", "Tat-Seng Chua"]


def test_names_set_apart_by_wide_spaces_in_one_row_are_each_an_author() -> None:
    # one line whose spans stand a type size apart, no comma between the names (the ACL template)
    names = ["Jacob Devlin", "Ming-Wei Chang", "Kenton Lee", "Kristina Toutanova"]
    spans, x = [], 120.0
    for name in names:
        spans.append(StyledSpan(name, 12, False, False, x, x + 6 * len(name)))
        x += 6 * len(name) + 15
    row = Line(" ".join(names), 120, 131, x - 15, 143, spans, 131)
    row.size = 12
    title = _line("Pre-training of Deep Bidirectional Transformers", 116, 72, 14)
    page = PageLayout(1, 612, 792, [title, row, _line("Abstract", 150, 200, 12)])
    indices, _ = title_lines(page, 11.0)
    assert find_authors(page, indices, 2) == names
    # spans a word space apart are one name, accents composed as the line prints them
    close = [
        StyledSpan("Petar Veliˇckovi´c", 10, False, False, 114, 182.5),
        StyledSpan("∗", 7, False, False, 182.5, 186),
    ]
    lone = Line("Petar Veličković∗", 114, 131, 186, 141, close, 131)
    lone.size = 10
    page = PageLayout(1, 612, 792, [title, lone, _line("Abstract", 150, 200, 12)])
    assert find_authors(page, indices, 2) == ["Petar Veličković"]


@pytest.mark.parametrize(
    ("first", "second", "title"),
    [
        ("On Explainable Learning:", "Techniques and Responsibilities", "On Explainable Learning: "
         "Techniques and Responsibilities"),
        ("Deep Learning over Categorical Data", "– A Case Study on User Response", "Deep Learning over "
         "Categorical Data – A Case Study on User Response"),
        ("Neural Collaborative Filtering∗", "Ada Lovelace", "Neural Collaborative Filtering"),  # no subtitle
    ],
)  # fmt: skip
def test_a_smaller_bold_subtitle_joins_the_title_after_a_colon_or_before_a_dash(
    first: str, second: str, title: str
) -> None:
    lines = [
        _line(first, 80, 84, 17),
        _line(second, 120, 104, 14),
        _line("Body text here.", 54, 200, 9, False),
    ]
    page = PageLayout(1, 612, 792, lines)
    assert title_text(page, title_lines(page, 9.0)[0]) == title


def test_year_from_pdf_date() -> None:
    assert year_from_pdf_date("D:20170512093000+02'00'") == 2017
    assert year_from_pdf_date("20190627") == 2019
    assert year_from_pdf_date("D:17000101") is None
    assert year_from_pdf_date(None) is None and year_from_pdf_date("") is None


def _acm_journal_page(doc: pymupdf.Document) -> None:
    """ACM Transactions style: capitals author lines, an unlabelled abstract, then keyword blocks."""
    page = doc.new_page(width=612, height=792)
    _write(page, 54, 70, "Learning Things From Graphs", size=16, bold=True)
    _write(page, 54, 95, "ADA LOVELACE and ALAN TURING", size=10)
    _write(page, 54, 108, "University of Somewhere", size=10)
    _paragraph(page, 54, 130, 90, 4)
    _write(page, 54, 190, "CCS Concepts: Information systems; Recommender systems;", size=10)
    _write(page, 54, 204, "Additional Key Words and Phrases: Deep Learning, Graph Networks", size=10)
    _write(page, 54, 230, "1 INTRODUCTION", size=10, bold=True)
    _paragraph(page, 54, 246, 90, 20)
    doc.set_metadata({"creationDate": "D:20190301120000Z"})


def test_acm_journal_front_matter_gives_people_only_and_a_year(make_pdf: Callable[..., Path]) -> None:
    paper = parse_structure(make_pdf(_acm_journal_page))
    assert paper.authors == ["ADA LOVELACE", "ALAN TURING"]
    assert paper.year == 2019  # nothing printed: the PDF's creation date


# What each corpus abstract or title introduces, read by hand (None: the paper names no model of its own).
EXPECTED = {
    "afm-2017": "AFM", "alexnet-2012": None, "bert-2018": "BERT", "click-fraud-fdma-2013": None,
    "dcn-2017": "DCN", "deepfm-2017": "DeepFM", "deepwalk-2014": "DeepWalk",
    "delphirf-revisions-2025": "Delphi-RF", "demand-forecasting-pdf-2021": None, "dien-2019": "DIEN",
    "drn-2018": "DRN", "dssm-2013": "DSSM", "esmm-2018": "ESMM", "fb-gbdt-lr-2014": None, "ffm-2016": "FFM",
    "fnn-2016": "FNN", "gat-2018": "GAT", "gcn-2017": None, "graphsage-2017": "GraphSAGE",
    "image-matters-2018": "DICM", "line-2015": "LINE", "ncf-2017": "NCF", "nfm-2017": "NFM",
    "node2vec-2016": "node2vec", "pnn-2016": "PNN", "prel-mf-2020": "PRel-MF", "resnet-2015": None,
    "t-cvae-2019": "T-CVAE", "transformer-2017": "Transformer", "wide-deep-2016": "Wide & Deep",
    "xai-credit-kdd-2019": None, "xdeepfm-2018": "xDeepFM", "youtube-dnn-2016": None,
}  # fmt: skip


@pytest.mark.corpus
@pytest.mark.skipif(not CORPUS.exists(), reason="shared corpus (../shared/corpus) not available")
def test_own_model_hit_rate_over_the_corpus() -> None:
    pdfs = {p.stem: p for p in (CORPUS / "pdfs").glob("*.pdf")}
    hits = [parse_structure(pdfs[slug]).model == model for slug, model in EXPECTED.items() if slug in pdfs]
    assert len(hits) >= 30
    assert sum(hits) / len(hits) >= 0.9


def test_a_name_word_starts_with_a_capital_of_any_script() -> None:
    from paperstudy.parsing.metadata import _names_in

    assert _names_in("Aidan N. Gomez∗ †, Łukasz Kaiser∗") == ["Aidan N. Gomez", "Łukasz Kaiser"]


@pytest.mark.corpus
@pytest.mark.skipif(not CORPUS.exists(), reason="shared corpus (../shared/corpus) not available")
def test_the_row_printing_the_abstracts_number_names_the_model_on_three_papers() -> None:
    """The fallback for papers that name no model, checked where it can fire: ResNet, which needs it, and
    two papers whose abstract names the model another way, where it must agree."""
    from paperstudy.parsing.results import claimed_own_model, names_model

    expected = {"resnet-2015": "ResNet", "transformer-2017": "Transformer", "bert-2018": "BERT"}
    for slug, model in expected.items():
        paper = parse_structure(CORPUS / "pdfs" / f"{slug}.pdf")
        found = claimed_own_model(paper.text_tables, paper.abstract)
        # the model or one of its sizes ("BERTLARGE", whose row prints the abstract's SQuAD F1 93.2)
        assert found is not None and names_model(found, model), (slug, found)
