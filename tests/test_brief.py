# ruff: noqa: E501
"""brief and compare: pure aggregation over notes."""

from __future__ import annotations

from paperstudy.brief import build_brief, compare_notes, render_markdown, typical_value
from paperstudy.models import Dataset, Metric, Note, PaperRecord, ResultRow
from tests.fakes import fake_paper


def note(paper_id: str, auc: str, datasets: list[str]) -> Note:
    parsed = fake_paper().model_copy(
        update={
            "datasets": [Dataset(name=d, pages=[2]) for d in datasets],
            "metrics": [Metric(name="AUC", values=[auc], pages=[5])],
        }
    )
    sections = [
        s.model_copy(
            update={
                "facet": "architecture",
                "text": "We feed one-hot categorical fields to an embedding layer and a multi-layer perceptron.",
            }
        )
        if s.number == "1"
        else s
        for s in parsed.sections
    ]
    parsed = parsed.model_copy(update={"sections": [s.model_copy(update={"spans": []}) for s in sections]})
    record = PaperRecord(
        id=paper_id, title=f"Paper {paper_id}", year=2017, sha256="0" * 64, domains=["recsys"], page_count=2
    )
    return Note(paper=record, parsed=parsed)


def test_brief_counts_and_cites_papers() -> None:
    notes = [note("a-2017", "0.80", ["Criteo", "Avazu"]), note("b-2018", "0.78", ["criteo"])]
    brief = build_brief("recsys", notes)
    criteo = brief.datasets[0]
    assert (criteo.name, criteo.count) == ("Criteo", 2)
    assert [c.paper_id for c in criteo.citations] == ["a-2017", "b-2018"] and criteo.citations[0].pages == [2]
    auc = brief.metrics[0]
    assert auc.name == "AUC" and auc.values == ["0.80", "0.78"]
    families = {line.name for line in brief.architectures}
    assert "Deep MLP (feed-forward DNN)" in families and "Embedding layer for sparse inputs" in families
    assert any(line.name.startswith("Sparse categorical") for line in brief.features)
    markdown = render_markdown(brief)
    assert markdown.startswith("# recsys")
    assert "**Criteo** (2 papers) [@a-2017, p. 2; @b-2018, p. 2]" in markdown
    assert (
        "- [[a-2017|Paper a-2017]] @a-2017: Paper a-2017 (2017)" in markdown
    )  # no key stored: the id stands in
    assert "median 0.79 (range 0.78–0.8, n=2)" in markdown


def test_brief_of_nothing_says_so() -> None:
    assert "_Nothing found" in render_markdown(build_brief("empty", []))


def test_typical_value() -> None:
    assert typical_value(["0.8007", "0.79", "+4.18%"]) == "median 0.7954 (range 0.79–0.8007, n=2)"
    assert typical_value(["n/a"]) is None
    assert typical_value(["0.5"]) == "0.5"


def test_compare_puts_facets_side_by_side() -> None:
    comparison = compare_notes([note("a-2017", "0.80", ["Criteo"]), note("b-2018", "0.78", ["Avazu"])])
    rows = dict(comparison.rows)
    assert comparison.paper_ids == ["a-2017", "b-2018"]
    assert rows["datasets"] == ["Criteo", "Avazu"]
    assert rows["headline numbers"] == ["AUC 0.80", "AUC 0.78"]
    assert "(p. 2)" in rows["results"][0] and rows["architecture"] == ["—", "—"]


def test_typical_values_come_from_results_tables_in_one_unit() -> None:
    """ESMM prints AUC as "65.32"; its results row holds 0.6532, which is what the range is made of."""
    esmm = note("esmm-2018", "65.32 ± 0.49", ["Taobao"])
    row = ResultRow(
        metric="AUC",
        dataset="Public",
        model="ESMM",
        value=0.6532,
        page=4,
        table="Table 2",
        printed="65.32 ± 0.49",
    )
    esmm = esmm.model_copy(update={"parsed": esmm.parsed.model_copy(update={"results": [row]})})
    brief = build_brief("ctr", [note("deepfm-2017", "0.8007", ["Criteo"]), esmm])
    auc = brief.metrics[0]
    assert auc.values == ["0.8007", "0.6532"]
    assert typical_value(auc.values) == "median 0.7269 (range 0.6532–0.8007, n=2)"


def test_a_qualified_dataset_name_counts_under_the_plain_one() -> None:
    notes = [
        note("a-2017", "0.80", ["Criteo", "AvazuTe"]),
        note("b-2018", "0.78", ["Criteo Display Ads", "Avazu"]),
        note("c-2019", "0.79", ["Criteo"]),
    ]
    brief = build_brief("recsys", notes)
    lines = {line.name: line for line in brief.datasets}
    assert set(lines) == {"Criteo", "Avazu", "AvazuTe"}  # "AvazuTe" shares no whole word with "Avazu"
    criteo = lines["Criteo"]
    assert criteo.count == 3 and criteo.also == ["Criteo Display Ads"]
    assert [c.paper_id for c in criteo.citations] == ["a-2017", "b-2018", "c-2019"]
    assert "**Criteo** (3 papers; also Criteo Display Ads)" in render_markdown(brief)
    # Without the plain name in the domain, a qualified name keeps its own line.
    alone = build_brief("recsys", [note("b-2018", "0.78", ["Criteo Display Ads"])])
    assert [(line.name, line.also) for line in alone.datasets] == [("Criteo Display Ads", [])]


def test_a_metric_named_with_score_counts_with_the_plain_name() -> None:
    notes = [note("a-2017", "0.80", ["Cora"]), note("b-2018", "0.78", ["PPI"])]
    notes[1] = notes[1].model_copy(
        update={
            "parsed": notes[1].parsed.model_copy(update={"metrics": [Metric(name="F1-score", pages=[3])]})
        }
    )
    notes[0] = notes[0].model_copy(
        update={"parsed": notes[0].parsed.model_copy(update={"metrics": [Metric(name="F1", pages=[5])]})}
    )
    lines = {(line.name, line.count) for line in build_brief("graphs", notes).metrics}
    assert lines == {("F1", 2)}
    for a, b in (("top-5 error", "top-5 err."), ("Top-1 error", "top-1 err.")):
        pair = [
            n.model_copy(
                update={"parsed": n.parsed.model_copy(update={"metrics": [Metric(name=m, pages=[2])]})}
            )
            for n, m in zip(notes, (a, b), strict=True)
        ]
        assert [(line.name, line.count) for line in build_brief("vision", pair).metrics] == [(a, 2)]
