"""Tables read as text from the layout, results from results tables, table datasets and the headline."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pymupdf
import pytest

from paperstudy.models import Dataset, Metric, ParsedPaper, ResultRow, Section, TextTable
from paperstudy.parsing.captions import find_captions
from paperstudy.parsing.headline import find_headline
from paperstudy.parsing.layout import Line, PageLayout, StyledSpan
from paperstudy.parsing.results import (
    compared_models,
    metric_of,
    names_model,
    on_sole_dataset,
    parse_value,
    table_results,
)
from paperstudy.parsing.structure import parse_structure
from paperstudy.parsing.table_entities import header_metrics, statistics_datasets

from .conftest import LOREM, _paragraph, _write

ROWS = [
    ("LR", "0.7686", "0.47762", "+0.00%"),
    ("FM", "0.7892", "0.46077", "+2.68%"),
    ("PNN", "0.7987", "0.45214", "+3.92%"),
    ("DeepFM", "0.8007", "0.45083", "+4.18%"),
]


def _results_page(doc: pymupdf.Document, caption_above: bool = True) -> None:
    page = doc.new_page(width=612, height=792)
    _write(page, 54, 60, "DeepFM: A Test of Tables", size=16, bold=True)
    _write(page, 54, 90, "1 Experiments", size=12, bold=True)
    y = _paragraph(page, 54, 110, 95, 4, LOREM)
    caption_y = y + 20 if caption_above else y + 20 + 14 * (len(ROWS) + 3)
    _write(page, 200, caption_y, "Table 2: Performance on the Criteo dataset.", size=9)
    top = y + 40 if caption_above else y + 20
    _write(page, 260, top, "Criteo", size=9)
    for x, head in ((230, "AUC"), (300, "Logloss"), (380, "Impr.")):
        _write(page, x, top + 14, head, size=9)
    _write(page, 120, top + 14, "Model", size=9)
    for i, (model, auc, loss, gain) in enumerate(ROWS):
        row_y = top + 28 + 14 * i
        _write(page, 120, row_y, model, size=9)
        _write(page, 230, row_y, auc, size=9)
        _write(page, 300, row_y, loss, size=9)
        _write(page, 380, row_y, gain, size=9)
    _paragraph(page, 54, top + 40 + 14 * (len(ROWS) + 3), 95, 4, LOREM)


@pytest.mark.parametrize("caption_above", [True, False])
def test_a_table_is_read_as_a_grid_from_the_layout(
    make_pdf: Callable[..., Path], caption_above: bool
) -> None:
    paper = parse_structure(make_pdf(lambda doc: _results_page(doc, caption_above)))
    assert [t.label for t in paper.text_tables] == ["Table 2"]
    table = paper.text_tables[0]
    assert table.header == [["", "Criteo", "Criteo", "Criteo"], ["Model", "AUC", "Logloss", "Impr."]]
    assert table.body == [list(row) for row in ROWS]
    # The grid is kept as the table, not run into the page's sentences; caption and prose stay.
    text = paper.pages[0]
    assert "0.8007" not in text and "Logloss" not in text
    assert "Table 2: Performance on the Criteo dataset." in text
    assert text.count(LOREM.split(".")[0]) >= 2


def _table(rows: list[list[str]], header_rows: int = 1, caption: str = "Table 2: Results.") -> TextTable:
    return TextTable(label="Table 2", page=5, caption=caption, header_rows=header_rows, rows=rows)


def test_results_compare_the_own_model_with_the_best_baseline_per_metric_and_dataset() -> None:
    rows = [["", "Criteo", "Criteo", "Criteo"], ["Model", "AUC", "Logloss", "Impr."]]
    table = _table(rows + [list(r) for r in ROWS], header_rows=2)
    got = {(r.metric, r.dataset): r for r in table_results(table, "DeepFM")}
    assert set(got) == {("AUC", "Criteo"), ("Logloss", "Criteo")}  # the gain column is never a result
    auc = got[("AUC", "Criteo")]
    assert (auc.model, auc.value, auc.best_baseline, auc.baseline_value) == ("DeepFM", 0.8007, "PNN", 0.7987)
    loss = got[("Logloss", "Criteo")]
    assert loss.best_baseline == "PNN" and loss.baseline_value == 0.45214 and not loss.higher_is_better
    assert (auc.table, auc.page, auc.printed) == ("Table 2", 5, "0.8007")
    assert table_results(table, "xDeepFM") == []  # no row of the own model: no results


def test_percentages_become_fractions_and_notes_leave_the_printed_value() -> None:
    table = _table(
        [
            ["Method", "Citeseer", "Cora"],
            ["ICA", "69.1", "75.1"],
            ["GCN (this paper)", "70.3 (7s)", "81.5 (4s)"],
            ["-attention", "71.0", "82.0"],
        ],
        caption="Table 2: Summary of results in terms of classification accuracy (in percent).",
    )
    got = {r.dataset: r for r in table_results(table, "GCN")}
    assert got["Citeseer"].value == pytest.approx(0.703) and got["Citeseer"].printed == "70.3"
    assert got["Cora"].baseline_value == pytest.approx(0.751)
    assert got["Cora"].best_baseline == "ICA"  # an ablation row is never the best baseline
    assert parse_value("71.48%", percent=False) == pytest.approx(0.7148)
    assert parse_value("66.00 ± 0.37", percent=True) == pytest.approx(0.66)
    assert parse_value("+0.5%", percent=False) is None and parse_value("2.96h", percent=False) is None


def test_transposed_tables_and_model_variants() -> None:
    table = _table([["Model", "DCN", "DC", "DNN"], ["Logloss", "0.4419", "0.4425", "0.4428"]])
    [row] = table_results(table, "DCN")
    assert (row.metric, row.value, row.best_baseline) == ("Logloss", 0.4419, "DC")
    assert names_model("NFM-1", "NFM") and names_model("LINE(1st+2nd)", "LINE")
    assert names_model("BERTBASE", "BERT") and names_model("Our(T-CVAE)", "T-CVAE")
    assert not names_model("DeepFMachine", "DeepFM") and not names_model("IPNN", "PNN")
    assert compared_models([table], "DCN") == ["DC", "DNN"]


def test_ablations_of_the_own_model_are_no_compared_models() -> None:
    rows = [["Model", "BLEU"], ["Seq2Seq", "2.9"], ["T-CVAE", "4.3"], ["-Shared", "4.0"], ["+ BiLSTM", "4.1"]]
    assert compared_models([_table(rows)], "T-CVAE") == ["Seq2Seq"]


def test_metric_headers() -> None:
    assert metric_of("AUC (%)") == "AUC"
    assert metric_of("AUC(mean ± std) on CVR task") == "AUC"
    assert metric_of("HR@10") == "HR@10"
    assert metric_of("AdverSuc%") == "AdverSuc"
    assert metric_of("Overall (%)") is None  # a plain word is a sub-score, not a metric's name
    assert metric_of("Impr.") is None and metric_of("Criteo") is None


def test_statistics_tables_name_the_datasets_with_their_size() -> None:
    stats = _table(
        [
            ["Dataset", "#Users", "#Items", "Sparsity"],
            ["MovieLens", "6,040", "3,706", "95.53%"],
            ["Pinterest", "55,187", "9,916", "99.73%"],
        ],
        caption="Table 1: Statistics of the evaluation datasets.",
    )
    named = statistics_datasets(stats)
    assert [(n.name, n.size, n.certain) for n in named] == [
        ("MovieLens", "6,040 users", True),
        ("Pinterest", "55,187 users", True),
    ]
    # The count column's header read as the unit after the count, however the table prints it.
    for header, unit in [("User", "users"), ("Interaction#", "interactions"), ("# of nodes", "nodes")]:
        table = _table([["Dataset", header, "#Items"], ["Books", "603,668", "367,982"]])
        assert [n.size for n in statistics_datasets(table)] == [f"603,668 {unit}"], header
    transposed = _table(
        [["Name", "BlogCatalog", "Flickr"], ["|V|", "10,312", "80,513"], ["|E|", "333,983", "5"]]
    )
    assert [n.name for n in statistics_datasets(transposed)] == ["BlogCatalog", "Flickr"]
    results = _table([["Method", "Param#", "RMSE"], ["AFM", "1.45M", "0.3102"], ["FM", "1.38M", "0.34"]])
    assert statistics_datasets(results) == []  # a parameter count is not a dataset statistic
    assert [m.name for m in header_metrics(results)] == ["RMSE"]


def _paper(abstract: str, results: list[ResultRow] | None = None) -> ParsedPaper:
    section = Section(level=1, heading="Conclusion", page_start=3, page_end=3, text="We conclude here.")
    return ParsedPaper(
        title="DeepFM",
        abstract=abstract,
        page_count=3,
        pages=["", "", "We conclude here."],
        sections=[section],
        model="DeepFM",
        results=results or [],
    )


def test_headline_is_the_abstracts_number_bearing_claim() -> None:
    abstract = (
        "We propose DeepFM for CTR prediction. It has 3 layers. "
        "DeepFM improves the AUC by 0.86% over the best baseline on the Criteo dataset."
    )
    headline = find_headline(_paper(abstract))
    assert headline is not None and headline.page == 1
    assert headline.text.startswith("DeepFM improves the AUC by 0.86%")


def test_an_abstract_number_the_own_models_row_prints_makes_the_headline() -> None:
    abstract = (
        "An ensemble of these residual nets achieves 3.57% error on the test set. "
        "We obtain a 28% relative improvement on the COCO detection dataset."
    )
    row = ResultRow(
        metric="top-5 err.",
        dataset=None,
        model="ResNet (ILSVRC’15)",
        value=0.0357,
        best_baseline="BN-inception",
        baseline_value=0.0482,
        page=8,
        table="Table 5",
        printed="3.57",
        baseline_printed="4.82",
        higher_is_better=False,
    )
    paper = _paper(abstract, [row]).model_copy(update={"model": "ResNet"})
    headline = find_headline(paper)
    assert headline is not None and headline.text.startswith(
        "An ensemble of these residual nets achieves 3.57%"
    )


def test_headline_falls_back_to_the_largest_gap_in_a_results_table() -> None:
    small = ResultRow(
        metric="AUC",
        dataset="Avazu",
        model="DeepFM",
        value=0.78,
        best_baseline="PNN",
        baseline_value=0.779,
        page=5,
        table="Table 2",
        printed="0.7800",
        baseline_printed="0.7790",
    )
    large = small.model_copy(
        update={
            "dataset": "Criteo",
            "value": 0.8007,
            "baseline_value": 0.7686,
            "printed": "0.8007",
            "baseline_printed": "0.7686",
            "best_baseline": "LR",
        }
    )
    headline = find_headline(_paper("We propose DeepFM for CTR prediction.", [small, large]))
    assert headline is not None and headline.page == 5
    assert headline.text == (
        "DeepFM reaches AUC 0.8007 on Criteo, against 0.7686 for LR, the best baseline (Table 2)."
    )
    assert find_headline(_paper("We propose DeepFM for CTR prediction.")) is None


def _auc_row(value: float, baseline: str, baseline_value: float) -> ResultRow:
    """DeepFM's AUC against a baseline's, in Table 2 on page 5."""
    return ResultRow(
        metric="AUC",
        model="DeepFM",
        value=value,
        best_baseline=baseline,
        baseline_value=baseline_value,
        page=5,
        table="Table 2",
        printed=f"{value:.4f}",
        baseline_printed=f"{baseline_value:.4f}",
    )


def _discussed(results_text: str, heading: str = "Performance Comparison") -> ParsedPaper:
    """A paper whose abstract claims no number, with one results section printing ``results_text``."""
    section = Section(level=1, heading=heading, page_start=4, page_end=4, text=results_text, facet="results")
    return _paper("We propose DeepFM for CTR prediction.").model_copy(
        update={"sections": [section], "pages": ["", "", "", results_text]}
    )


def test_headline_is_next_the_results_discussion_of_the_own_model_beating_others() -> None:
    row = _auc_row(0.8007, "PNN", 0.7987)
    text = (
        "Table 2 lists the results. FNN beats LR by 3.1% on Criteo. Although DeepFM does not outperform "
        "PNN by 1% on Avazu, it is close. DeepFM outperforms LR by 4.18% in terms of AUC on Criteo. "
        "DeepFM also beats FM by 2.0%."
    )
    paper = _discussed(text).model_copy(update={"results": [row]})
    headline = find_headline(paper)
    # not another model's gain, not a concession: the first sentence where DeepFM beats others by a percentage
    assert headline is not None and headline.page == 4
    assert headline.text == "DeepFM outperforms LR by 4.18% in terms of AUC on Criteo."
    # an own variant counts as the own model; a study of the own variants is no headline
    variant = "NeuMF achieves the best performance, with a relative improvement over BPR of 4.9%."
    assert find_headline(_discussed(variant), frozenset({"neumf"})) == find_headline(
        _discussed(variant).model_copy(update={"model": "NeuMF"})
    )
    assert find_headline(_discussed(variant)) is None
    ablation = _discussed(text, heading="Ablation Study").model_copy(update={"results": [row]})
    table_line = find_headline(ablation)
    assert table_line is not None and table_line.text.startswith("DeepFM reaches AUC 0.8007")


def test_a_table_can_mark_the_own_model_when_the_abstract_names_none() -> None:
    from paperstudy.parsing.results import display_name, marked_own_model

    table = _table(
        [["Method", "Cora"], ["ICA", "75.1"], ["GCN (this paper)", "81.5"]],
        caption="Table 2: Classification accuracy (in percent).",
    )
    assert marked_own_model([table]) == "GCN"
    assert marked_own_model([_table([["Method", "Cora"], ["ICA", "75.1"]])]) is None
    [row] = table_results(table, "GCN")
    assert row.model == "GCN" and row.best_baseline == "ICA"
    assert display_name("Our(T-CVAE)") == "T-CVAE" and display_name("LINE(2nd)") == "LINE(2nd)"


def test_the_row_printing_a_number_the_abstract_claims_is_the_own_model() -> None:
    from paperstudy.parsing.results import claimed_own_model

    abstract = "We evaluate residual nets. An ensemble of these residual nets achieves 3.57% error."
    table = _table(
        [["method", "top-5 err. (test)"], ["VGG [41] (ILSVRC’14)", "7.32"], ["ResNet (ILSVRC’15)", "3.57"]],
        caption="Table 5. Error rates (%) of ensembles.",
    )
    assert claimed_own_model([table], abstract) == "ResNet"
    # no number claimed, none printed in a row, or two names printing as many: no model
    assert claimed_own_model([table], "We evaluate residual nets on ImageNet.") is None
    assert claimed_own_model([table], "It achieves 2.5% error.") is None
    tie = _table([["Method", "Error"], ["Alpha", "3.57"], ["Beta", "3.57"]])
    assert claimed_own_model([tie], abstract) is None
    # a line of text read into the grid is no model's row
    prose = _table([["", "Error"], ["for testing. Since there is no", "3.57"]])
    assert claimed_own_model([prose], abstract) is None


def test_abbreviated_error_columns_are_lower_is_better_and_own_rows_are_no_baselines() -> None:
    table = _table(
        [
            ["method", "top-1 err."],
            ["PReLU-net [13]", "21.59"],
            ["VGG [41](v5)", "24.4"],
            ["ResNet-34 B", "21.84"],
            ["ResNet-152", "19.38"],
        ],
        caption="Table 4. Error rates (%) of single-model results.",
    )
    [row] = table_results(table, "ResNet")
    assert (row.model, row.printed, row.best_baseline, row.baseline_printed) == (
        "ResNet-152",
        "19.38",
        "PReLU-net",
        "21.59",
    )
    assert not row.higher_is_better
    ours = _table(
        [
            ["", "val2", "test"],
            ["GoogLeNet [44]", "-", "43.9"],
            ["our single model (ILSVRC’15)", "60.5", "58.8"],
            ["our ensemble (ILSVRC’15)", "63.6", "62.1"],
        ],
        caption="Table 12. Our results (mAP, %) on the detection dataset.",
    )
    rows = table_results(ours, "ResNet")
    assert {r.model for r in rows} == {"our ensemble (ILSVRC’15)"}
    assert {r.best_baseline for r in rows} == {"GoogLeNet"}  # "our single model" is no baseline


def test_headline_comes_from_the_first_main_comparison_not_an_ablation() -> None:
    main = ResultRow(
        metric="Logloss",
        model="DCN",
        value=0.4419,
        best_baseline="DC",
        baseline_value=0.4425,
        page=5,
        table="Table 1",
        printed="0.4419",
        baseline_printed="0.4425",
        higher_is_better=False,
    )
    later = main.model_copy(update={"table": "Table 3", "value": 0.40, "printed": "0.4000"})
    ablation = main.model_copy(update={"table": "Table 2", "value": 0.30, "printed": "0.3000"})
    tables = [
        TextTable(label="Table 2", page=5, caption="Table 2: Ablation study of the cross network."),
        TextTable(label="Table 1", page=5, caption="Table 1: Best test logloss from different models."),
    ]
    paper = _paper("We propose DCN for CTR prediction.", [ablation, main, later])
    headline = find_headline(paper.model_copy(update={"model": "DCN", "text_tables": tables}))
    assert headline is not None and "0.4419" in headline.text and "(Table 1)" in headline.text


def test_a_full_model_printed_as_its_parts_in_the_last_row_is_the_own_model() -> None:
    # no row names "DRN": the last row, strictly best on every metric, is the full model; the rows its
    # label extends are its partial variants, never its baselines
    rows = [
        ["Method", "CTR", "nDCG"],
        ["LR", "0.0059", "0.0326"],
        ["DN", "0.0100", "0.0474"],
        ["DDQN", "0.0111", "0.0477"],
        ["DDQN + U", "0.0089", "0.0425"],
        ["DDQN + U + DBGD", "0.0113", "0.0492"],
    ]
    got = {r.metric: r for r in table_results(_table(rows), "DRN")}
    assert (got["CTR"].model, got["CTR"].value, got["CTR"].best_baseline) == ("DDQN + U + DBGD", 0.0113, "DN")
    assert got["nDCG"].baseline_value == 0.0474
    # not best on every metric, a single name (a cited model) or a setting: no own row, no results
    tied = [*rows[:-1], ["DDQN + U + DBGD", "0.0113", "0.0400"]]
    assert table_results(_table(tied), "DRN") == []
    assert table_results(_table([*rows[:-1], ["DeepFM", "0.0113", "0.0492"]]), "xDeepFM") == []
    assert table_results(_table([*rows[:-1], ["all features", "0.0113", "0.0492"]]), "DRN") == []


def test_a_column_numbering_the_rows_is_neither_values_nor_names() -> None:
    rows = [
        ["#", "Models", "NDCG@1", "NDCG@3"],
        ["1", "TF-IDF", "0.319", "0.382"],
        ["2", "BM25", "0.308", "0.373"],
    ]
    rows += [["3", "DNN", "0.342", "0.410"], ["4", "L-WH DNN", "0.362", "0.425"]]
    got = {r.metric: r for r in table_results(_table(rows), "DSSM")}
    assert (got["NDCG@1"].model, got["NDCG@1"].value, got["NDCG@1"].best_baseline) == (
        "L-WH DNN",
        0.362,
        "DNN",
    )


def _caption_line(spans: list[tuple[str, bool]], y: float, block: int = 1) -> Line:
    text = "".join(t for t, _ in spans)
    line = Line(text, 54, y, 300, y + 9, [StyledSpan(t, 9, b, False) for t, b in spans], block)
    line.size = 9
    return line


def test_a_caption_label_set_in_its_own_style_starts_a_caption_with_no_gap_above() -> None:
    lines = [
        _caption_line([("12 L-WH DNN   0.362   0.425", False)], 100),
        _caption_line([("Table 2:", True), (" Comparative results of the models.", False)], 110),
        _caption_line([("Table 3 shows the same for other settings of the models.", False)], 121),
    ]
    found = find_captions(PageLayout(6, 612, 792, lines), 9.0)
    assert [c.label for c in found] == ["Table 2"]  # a sentence that starts "Table 3 shows" is no caption


def test_a_label_closed_by_a_colon_starts_a_caption_with_no_gap_above() -> None:
    lines = [
        _caption_line([("the figure's last axis label", False)], 100),
        _caption_line([("Figure 6: Performance of NeuMF w.r.t. the number of negatives.", False)], 110),
        _caption_line([("Figure 7 shows the same for other settings of the models.", False)], 121),
    ]
    assert [c.label for c in find_captions(PageLayout(6, 612, 792, lines), 9.0)] == ["Figure 6"]


def test_scores_under_user_and_item_rows_are_no_dataset_statistics() -> None:
    scores = [["", "k = 1", "k = 3"], ["Item", "0.2293", "0.4575"], ["User", "0.2283", "0.4539"]]
    assert statistics_datasets(_table(scores)) == []
    counts = [["Name", "BlogCatalog", "Flickr"], ["Users", "10,312", "80,513"], ["Edges", "333,983", "5.9M"]]
    assert [n.name for n in statistics_datasets(_table(counts))] == ["BlogCatalog", "Flickr"]


def test_a_row_of_missing_values_printed_twice_is_no_repeated_header(make_pdf: Callable[..., Path]) -> None:
    """A baseline that could not run prints dashes in both groups of a table; walking up from a caption
    below the table, the second such row is not "the header printed again" (the table does not end)."""
    groups = [("Micro-F1", "37.95", "39.28", "40.08"), ("Macro-F1", "29.22", "31.83", "33.06")]

    def page_with_table(doc: pymupdf.Document) -> None:
        page = doc.new_page(width=612, height=792)
        _write(page, 54, 60, "DeepWalk: A Test of Tables", size=16, bold=True)
        _write(page, 54, 90, "1 Experiments", size=12, bold=True)
        y = _paragraph(page, 54, 110, 95, 4, LOREM) + 30
        _write(page, 120, y, "% Labeled", size=9)
        for k, x in enumerate((230, 300, 370)):
            _write(page, x, y, f"{k + 1}%", size=9)
        for metric, *values in groups:
            for model, cells in (("DeepWalk", values), ("Spectral", ["-"] * 3), ("wvRN", ["26.79"] * 3)):
                y += 14
                _write(page, 120, y, model, size=9)
                for x, cell in zip((230, 300, 370), cells, strict=True):
                    _write(page, x, y, cell, size=9)
            _write(page, 30, y, metric, size=9)  # beside the group's last row, not the row of dashes
            y += 6
        _write(page, 200, y + 24, "Table 4: Multi-label classification results in YouTube.", size=9)
        _paragraph(page, 54, y + 60, 95, 4, LOREM)

    paper = parse_structure(make_pdf(page_with_table))
    [table] = paper.text_tables
    labels = [" ".join(row[:-3]) for row in table.body]
    assert [label.split()[-1] for label in labels].count("Spectral") == 2, table.rows
    assert any("37.95" in row for row in table.body) and any("33.06" in row for row in table.body)


def test_rows_with_missing_first_values_do_not_cut_the_table_short(make_pdf: Callable[..., Path]) -> None:
    """Leaderboard rows print dashes where a split was not scored ("Human | - | - | 82.3 | 91.2"); the
    rows below that fill those columns line up with them, so the walk up from the caption keeps them."""
    rows = [
        ("Human", ["-", "-", "82.3", "91.2"]),
        ("Ensemble A", ["-", "-", "86.0", "91.7"]),
        ("Reader B", ["81.2", "87.9", "82.3", "88.5"]),
        ("Ours base", ["80.8", "88.5", "-", "-"]),
        ("Ours large", ["84.1", "90.9", "-", "-"]),
        ("Ours large ensemble", ["85.8", "91.8", "-", "-"]),
        ("Ours large extra", ["86.2", "92.2", "87.4", "93.2"]),
    ]

    def page_with_table(doc: pymupdf.Document) -> None:
        page = doc.new_page(width=612, height=792)
        _write(page, 54, 60, "A Test of Leaderboards", size=16, bold=True)
        _write(page, 54, 90, "1 Experiments", size=12, bold=True)
        y = _paragraph(page, 54, 110, 95, 4, LOREM) + 30
        heads = ("System", "Dev EM", "Dev F1", "Test EM", "Test F1")
        for x, head in zip((120, 250, 310, 370, 430), heads, strict=True):
            _write(page, x, y, head, size=9)
        for label, cells in rows:
            y += 14
            _write(page, 120, y, label, size=9)
            for x, cell in zip((250, 310, 370, 430), cells, strict=True):
                _write(page, x, y, cell, size=9)
        _write(page, 200, y + 24, "Table 2: Question answering results.", size=9)
        _paragraph(page, 54, y + 60, 95, 4, LOREM)

    paper = parse_structure(make_pdf(page_with_table))
    [table] = paper.text_tables
    assert [row[0] for row in table.body] == [label for label, _ in rows], table.rows


def test_a_label_printed_beside_the_line_of_values_above_it_joins_them() -> None:
    """Marks of a taller glyph sit on a line of their own above the row's label ("√ √ √ √" over
    "DeepFM"): the label joins the line above when that line was kept whole."""
    from paperstudy.parsing.table_text import _merge_split_rows

    grid = [
        ["", "Pre-training", "Features"],
        ["", "√", ""],
        ["FNN", "", "×"],
        ["", "√", "√"],
        ["DeepFM", "", ""],
    ]
    assert _merge_split_rows(grid, 1)[-1] == ["DeepFM", "√", "√"]
    # a label followed by its unlabelled values still takes those (a row wrapped under its label)
    assert _merge_split_rows([["Model", "AUC"], ["DeepFM", ""], ["", "0.80"]], 1) == [
        ["Model", "AUC"],
        ["DeepFM", "0.80"],
    ]


def test_caption_metrics_in_the_plural_splits_and_human_performance() -> None:
    rows = [
        ["System", "Dev", "Test"],
        ["ESIM+ELMo", "59.1", "59.2"],
        ["OpenAI GPT", "-", "78.0"],
        ["BERT", "86.6", "86.3"],
        ["Human (expert)", "-", "85.0"],
    ]
    table = _table(rows, caption="Table 4: SWAG Dev and Test accuracies.")
    got = table_results(table, "BERT")
    # "accuracies" names the metric; "Dev" and "Test" are splits, not datasets; humans are no baseline
    assert {(r.metric, r.dataset) for r in got} == {("accuracy", None)}
    assert got[0].best_baseline == "OpenAI GPT" and got[0].printed == "86.3"
    assert "Human (expert)" not in compared_models([table], "BERT")
    # a caption naming a metric per column names no single one: no guess
    glue = _table(
        [["System", "QQP", "QNLI"], ["OpenAI GPT", "70.3", "87.4"], ["BERT", "72.1", "92.7"]],
        caption="Table 1: GLUE results. F1 scores are reported for QQP, and accuracy scores for QNLI.",
    )
    assert table_results(glue, "BERT") == []


def test_a_name_may_start_in_lower_case_when_it_is_camel_case() -> None:
    rows = [["Model", "AUC"], ["FNN", "76.19%"], ["PNN", "79.14%"]]
    caption = _table(rows, caption="TABLE II: Overall Performance on the iPinYou Dataset.")
    assert [r.dataset for r in table_results(caption, "PNN")] == ["iPinYou"]
    header = _table(
        [
            ["Algorithm", "Dataset", "Dataset"],
            ["", "Facebook", "arXiv"],
            ["DeepWalk", "0.968", "0.934"],
            ["node2vec", "0.968", "0.937"],
        ],
        header_rows=2,
        caption="Table 4: Area Under Curve (AUC) scores for link prediction.",
    )
    assert {r.dataset for r in table_results(header, "node2vec")} == {"Facebook", "arXiv"}
    # a lower-case word is still no name: "on the test set" names no dataset
    plain = _table(rows, caption="Table 3: AUC on the test set.")
    assert [r.dataset for r in table_results(plain, "PNN")] == [None]


def test_a_caption_line_whose_box_overlaps_the_next_keeps_its_continuation() -> None:
    def line(text: str, y0: float, y1: float) -> Line:
        made = Line(text, 108, y0, 504, y1, [StyledSpan(text, 10.0, False, False)], 7)
        made.size = 10.0
        return made

    lines = [
        line("Table 2: Summary of results in terms of classification accuracies, for Cora.", 91.9, 100.8),
        line("GCN-64∗ corresponds to the best GCN result computing 64 hidden features.", 100.5, 112.0),
    ]
    [caption] = find_captions(PageLayout(8, 612, 792, lines), 10.0)
    assert caption.last == 1 and caption.text.endswith("64 hidden features.")


@pytest.mark.parametrize("at", [1, 2])  # the label just above its group's middle, or just below
def test_a_sparse_metric_column_groups_rows_in_blocks_of_one_size(at: int) -> None:
    models = ["GF", "DeepWalk", "SkipGram", "LINE"]
    micro = ["79.6", "78.9", "82.1", "83.7"]
    macro = ["79.5", "78.8", "82.0", "83.6"]
    rows = [["Metric", "Algorithm", "90%"]]
    for label, values in (("Micro-F1", micro), ("Macro-F1", macro)):
        rows += [
            [label if i == at else "", m, v] for i, (m, v) in enumerate(zip(models, values, strict=True))
        ]
    got = {r.metric: r for r in table_results(_table(rows), "LINE")}
    # the last row of the first block is Micro-F1's, however far the next label is
    assert (got["Micro-F1"].printed, got["Micro-F1"].best_baseline) == ("83.7", "SkipGram")
    assert got["Macro-F1"].printed == "83.6"


def test_a_long_label_of_numbers_and_arrows_is_no_prose() -> None:
    from paperstudy.parsing.cells import Cell
    from paperstudy.parsing.table_text import _is_prose, _Row

    def row(*cells: tuple[str, float, float]) -> _Row:
        return _Row([Cell(t, x0, x1, 138, 147) for t, x0, x1 in cells], 138, 147, {1}).complete()

    # "1024 ReLU → 512 ReLU → 256 ReLU | 34.6%": three words, however wide the cell
    assert not _is_prose(row(("1024 ReLU → 512 ReLU → 256 ReLU", 322, 479), ("34.6%", 504, 528)), 254)
    # a wide cell of six words and more beside one number is a line of text
    text = "the deeper networks reduce the loss further, as expected"
    assert _is_prose(row((text, 322, 479), ("34.6%", 504, 528)), 254)


def test_a_caption_line_spaced_wide_by_justification_still_continues_the_caption() -> None:
    def spaced(words: list[str], y: float, gap: float = 8) -> Line:
        # justified to the full column: words set wider apart than half an em, each its own cell, so the
        # line looks like a table row
        spans, x = [], 54.0
        for w in words:
            spans.append(StyledSpan(w, 9.0, False, False, x, x + 5 * len(w)))
            x += 5 * len(w) + gap
        text = " ".join(words)
        return Line(text, spans[0].x0, y, spans[-1].x1, y + 9, spans, block=1, size=9.0)

    lines = [
        _caption_line([("Table 1: Logistic Regression and boosted trees make a good pair. We", False)], 100),
        spaced(["evaluate", "them", "by", "their", "Normalized", "Entropy"], 111),
        _caption_line([("relative to that of the Trees only model.", False)], 122),
        spaced(["Model", "Structure", "NE"], 138, 40),  # the table's header: the caption has ended
    ]
    [caption] = find_captions(PageLayout(4, 612, 792, lines), 9.0)
    assert caption.text.endswith("Normalized Entropy relative to that of the Trees only model.")
    assert caption.last == 2


def test_the_last_line_of_the_paragraph_above_a_table_is_no_header(make_pdf: Callable[..., Path]) -> None:
    """A paragraph's short last line ("ness of our approach.") can sit as close above a table as its
    header does; walking up from a caption below the table, a lone line ending a sentence ends the walk."""

    def page_with_table(doc: pymupdf.Document) -> None:
        page = doc.new_page(width=612, height=792)
        _write(page, 54, 60, "A Test of Tables", size=16, bold=True)
        _write(page, 54, 90, "1 Experiments", size=12, bold=True)
        y = _paragraph(page, 54, 110, 95, 4, LOREM)
        _write(page, 54, y + 2, "ness of our approach.", size=9)
        y += 16
        for x, head in zip((120, 250, 330), ("Method", "GAUC", "AUC"), strict=True):
            _write(page, x, y, head, size=9)
        for label, gauc, auc in (("baseline", "0.6205", "0.6758"), ("Ours", "0.6283", "0.6814")):
            y += 14
            for x, cell in zip((120, 250, 330), (label, gauc, auc), strict=True):
                _write(page, x, y, cell, size=9)
        _write(page, 200, y + 24, "Table 6: Offline result", size=9)
        _paragraph(page, 54, y + 60, 95, 4, LOREM)

    paper = parse_structure(make_pdf(page_with_table))
    [table] = paper.text_tables
    assert table.header == [["Method", "GAUC", "AUC"]], table.rows
    assert [row[0] for row in table.body] == ["baseline", "Ours"]


def test_without_a_claimed_comparison_the_headline_is_the_first_reported_value_in_prose() -> None:
    """A competition report or a use case beats no baseline, yet prints what it got: the first results
    sentence, in prose, that states a value of one of its metrics (a table's cells run together do not)."""
    text = (
        "GAUC 0.6260 0.6283 0.6230 AUC 0.6814 0.6795. "
        "On the test data we were ranked first with an average precision of 51.55% on the leaderboard."
    )
    section = Section(level=1, heading="Results", page_start=2, page_end=2, text=text, facet="results")
    paper = ParsedPaper(
        title="A Competition",
        page_count=2,
        pages=["", text],
        sections=[section],
        metrics=[Metric(name="average precision", values=["51.55%"]), Metric(name="GAUC", values=["0.6260"])],
    )
    headline = find_headline(paper)
    assert headline is not None and headline.page == 2
    assert headline.text.startswith("On the test data we were ranked first"), headline.text
    assert find_headline(paper.model_copy(update={"metrics": []})) is None


def test_a_table_naming_no_dataset_reports_on_the_papers_only_dataset() -> None:
    # Table 1 prints AUC per advertiser and names no dataset; the paper evaluates on one log only.
    def row(table: str, dataset: str | None) -> ResultRow:
        return ResultRow(
            metric="AUC", dataset=dataset, model="FNN", value=0.707, page=8, table=table, printed="70.70%"
        )

    results = [
        row("Table 1", None),
        row("Table 2", "iPinYou"),
        row("Table 2", None),
        row("Table 3", "Criteo"),
    ]
    sole = on_sole_dataset(results, [Dataset(name="iPinYou")])
    assert [(r.table, r.dataset) for r in sole] == [
        ("Table 1", "iPinYou"),
        ("Table 2", "iPinYou"),
        ("Table 3", "Criteo"),
    ]
    two = on_sole_dataset(results, [Dataset(name="iPinYou"), Dataset(name="Criteo")])
    assert [r.dataset for r in two] == [None, "iPinYou", None, "Criteo"]  # which of the two: unknown
    assert [r.dataset for r in on_sole_dataset(results, [])] == [None, "iPinYou", None, "Criteo"]


def test_a_transposed_table_stores_a_percentage_as_a_fraction_too() -> None:
    """Models as column headers ("plain | ResNet") and an error printed in per cent: 25.03 is 0.2503."""
    table = _table(
        [["", "plain", "ResNet"], ["Top-1 error", "28.54", "25.03"]],
        caption="Table 2. Top-1 error (%, 10-crop testing) on ImageNet validation.",
    )
    [row] = table_results(table, "ResNet")
    assert (row.model, row.printed, row.best_baseline) == ("ResNet", "25.03", "plain")
    assert (row.value, row.baseline_value) == (0.2503, 0.2854)
