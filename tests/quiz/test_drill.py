"""Design drills: rubric points from what the domain's papers state (each citing a printed sentence),
metrics only when a paper reports them, typical values, and the model answer in interview order."""

from __future__ import annotations

from collections.abc import Sequence

from paperstudy.models import (
    Corrections,
    Dataset,
    FacetSummary,
    ListCorrection,
    Metric,
    Note,
    PaperRecord,
    ParsedPaper,
    ResultRow,
    Sentence,
)
from paperstudy.quiz.drill import STAGES, drill_item, drill_rubric, on_one_scale, reported_metrics
from paperstudy.quiz.grade import grade_drill
from tests.quiz.builders import PAPERS, make_note

PROMPT = "Design an ad click prediction system"


def note(
    pid: str,
    abstract: str,
    sentences: Sequence[tuple[str, int, str, str]] = (),
    *,
    metrics: list[Metric] | None = None,
    results: list[ResultRow] | None = None,
    datasets: list[Dataset] | None = None,
    corrections: Corrections | None = None,
) -> Note:
    """A note whose printed sentences are its abstract and facet summaries (text, page, section, facet)."""
    facets: dict[str, list[Sentence]] = {}
    for text, page, section, facet in sentences:
        facets.setdefault(facet, []).append(Sentence(text=text, page=page, section=section))
    parsed = ParsedPaper(
        title=f"Paper {pid}",
        abstract=abstract,
        page_count=9,
        pages=["page text"] * 9,
        facets={k: FacetSummary(sentences=v) for k, v in facets.items()},
        metrics=metrics or [],
        results=results or [],
        datasets=datasets or [],
    )
    record = PaperRecord(id=pid, title=parsed.title, sha256=pid * 4, domains=["ctr"], page_count=9)
    return Note(paper=record, parsed=parsed, corrections=corrections or Corrections())


def row(metric: str, printed: str, page: int = 6) -> ResultRow:
    return ResultRow(
        metric=metric, model="Ours", value=float(printed), page=page, table="Table 2", printed=printed
    )


BIAS = "Clicks logged at the top slots are inflated by position bias, which the model must remove."


def test_a_problem_point_appears_only_with_a_citing_sentence() -> None:
    plain = note("a-2020", "We predict the click-through rate of ads shown to users.")
    stated = note(
        "b-2021",
        "We predict the click-through rate of ads shown to users.",
        [(BIAS, 3, "2 Position Bias", "data")],
    )
    assert "data:problem:position-bias" not in {p.id for p in drill_rubric([plain], "ctr", PROMPT).points}
    rubric = drill_rubric([plain, stated], "ctr", PROMPT)
    point = next(p for p in rubric.points if p.id == "data:problem:position-bias")
    assert [(s.paper_id, s.page, s.section, s.text) for s in point.sources] == [
        ("b-2021", 3, "2 Position Bias", BIAS)
    ]
    # A sentence of the references or a fragment is never evidence.
    cited = note("c-2022", "We predict clicks.", [("position bias [3]", 9, "References", "other")])
    assert "data:problem:position-bias" not in {p.id for p in drill_rubric([cited], "ctr", PROMPT).points}


def test_every_point_cites_a_printed_sentence_with_its_page() -> None:
    notes = [make_note(p, ["ctr-prediction"]) for p in PAPERS]
    rubric = drill_rubric(notes, "ctr-prediction", PROMPT)
    assert len(rubric.points) >= 10
    printed = {(n.paper.id, s.text) for n in notes for f in n.parsed.facets.values() for s in f.sentences} | {
        (n.paper.id, s.strip()) for n in notes for s in n.parsed.abstract.split(". ")
    }
    for point in rubric.points:
        assert point.sources, point.id
        for source in point.sources:
            assert source.page is not None and source.paper_id
            assert (source.paper_id, source.text) in printed or (
                source.paper_id,
                source.text.rstrip("."),
            ) in printed, (point.id, source.text)
    stages = [p.stage for p in rubric.points]
    assert stages == sorted(stages, key=STAGES.index)
    ids = {p.id for p in rubric.points}
    assert {"goal:goal", "data:datasets", "model:architectures", "metrics:auc", "evaluation:online"} <= ids
    assert "metrics:problem:calibration" in ids  # Facebook's paper says NE is sensitive to calibration
    # The same notes in another order give the same rubric and model answer.
    again = drill_rubric(list(reversed(notes)), "ctr-prediction", PROMPT)
    assert again.model_dump() == rubric.model_dump()


def test_no_metric_point_for_a_metric_no_paper_reports_and_typical_values() -> None:
    reports_auc = "The AUC of our model reaches 0.8007 on Criteo."
    a = note(
        "a-2020",
        "We predict the click-through rate of ads.",
        [
            (reports_auc, 6, "4 Results", "results"),
            ("We also discuss accuracy of the model.", 6, "4", "other"),
        ],
        # "Accuracy" was extracted but no table or value reports it: it is no metric of the domain.
        metrics=[Metric(name="AUC"), Metric(name="Accuracy")],
        results=[row("AUC", "0.8007")],
    )
    b = note(
        "b-2021",
        "We estimate click-through rate with a deep model.",
        [("Our model improves AUC to 0.7792 on Avazu.", 7, "5 Experiments", "results")],
        metrics=[Metric(name="AUC", values=["0.7792"], pages=[7])],
    )
    c = note(
        "c-2022",
        "We predict clicks.",
        [("Logloss drops to 0.4419 with the cross network.", 6, "5 Results", "results")],
        corrections=Corrections(metrics=ListCorrection(add=["Logloss"])),  # the user says it is reported
    )
    assert [(n, p) for n, p, _ in reported_metrics([a, b, c])] == [
        ("AUC", ["a-2020", "b-2021"]),
        ("Logloss", ["c-2022"]),
    ]
    rubric = drill_rubric([a, b, c], "ctr", PROMPT)
    metrics = {p.id: p for p in rubric.points if p.stage == "metrics"}
    assert set(metrics) == {"metrics:auc", "metrics:logloss"}
    auc = metrics["metrics:auc"]
    assert "2 of 3 papers" in auc.label and "median 0.7899 (range 0.7792–0.8007, n=2)" in auc.label
    assert [(s.paper_id, s.page) for s in auc.sources] == [("a-2020", 6), ("b-2021", 7)]
    assert auc.sources[0].text == reports_auc
    # A reported metric no printed sentence names is left out too (nothing to cite).
    d = note("d-2023", "We predict clicks.", results=[row("NDCG", "0.41")])
    assert "metrics:ndcg" not in {p.id for p in drill_rubric([d], "ctr", PROMPT).points}


def test_model_answer_in_interview_order_from_cited_sentences() -> None:
    notes = [make_note(p, ["ctr-prediction"]) for p in PAPERS]
    rubric = drill_rubric(notes, "ctr-prediction", PROMPT)
    parts = rubric.model_answer
    assert parts[0].stage == "goal" and parts[-1].stage == "evaluation"
    assert [p.stage for p in parts] == sorted((p.stage for p in parts), key=STAGES.index)
    # the four CTR notes state no loss outside their results: no training step rather than a made-up one
    assert {p.stage for p in parts} == {"goal", "data", "features", "model", "metrics", "evaluation"}
    by_label = {p.label: p for p in rubric.points}
    for part in parts:
        point = by_label[part.point]
        assert part.source in point.sources and part.text == part.source.text and part.source.page
    assert len({p.text for p in parts}) == len(parts)  # each sentence once
    online = next(p for p in parts if p.stage == "evaluation")
    assert online.source.paper_id == "dien-2019" and online.source.page == 8


def test_grading_a_drill_against_the_cited_rubric() -> None:
    notes = [make_note(p, ["ctr-prediction"]) for p in PAPERS]
    rubric = drill_rubric(notes, "ctr-prediction", PROMPT)
    answer = (
        "Goal: predict the click-through rate. Train on Criteo logs, each impression labelled clicked or "
        "not. Use one-hot categorical fields and feature crosses. Start from logistic regression, then "
        "DeepFM. Evaluate AUC and logloss offline, watch calibration, then run an online A/B test."
    )
    feedback = grade_drill(rubric, answer)
    covered = {p.id for p in feedback.covered}
    assert {
        "goal:goal",
        "data:datasets",
        "features:problem:feature-interactions",
        "model:baseline",
        "metrics:auc",
        "metrics:problem:calibration",
        "evaluation:online",
    } <= covered
    missed = {p.id for p in feedback.missed}
    assert "features:problem:behaviour-sequences" in missed and not covered & missed
    assert 0.5 < feedback.score < 1 and "no embedding model" in feedback.explanation
    off_topic = grade_drill(rubric, "I like turtles and sunny weather.")
    assert off_topic.score < 0.2 and off_topic.suggested == "again"
    assert grade_drill(rubric, "").suggested == "again"
    assert all(p.label in drill_item(rubric).answer for p in rubric.points)


def test_training_is_cited_from_a_training_sentence_never_from_a_result() -> None:
    result_only = note(
        "a-2020",
        "We predict the click-through rate of ads.",
        [("Our model reaches a logloss of 0.4419 on Criteo.", 6, "5 Results", "results")],
    )
    assert "training:loss" not in {p.id for p in drill_rubric([result_only], "ctr", PROMPT).points}
    trains = "We train the network with the cross-entropy loss, optimised by Adam in mini-batches."
    stated = note(
        "b-2021", "We predict the click-through rate of ads.", [(trains, 4, "3.2 Training", "architecture")]
    )
    rubric = drill_rubric([result_only, stated], "ctr", PROMPT)
    point = next(p for p in rubric.points if p.id == "training:loss")
    assert [(s.paper_id, s.page, s.text) for s in point.sources] == [("b-2021", 4, trains)]
    assert [(p.stage, p.text) for p in rubric.model_answer if p.stage == "training"] == [("training", trains)]


def test_a_problem_only_related_work_names_is_not_in_the_rubric() -> None:
    others = note(
        "a-2020",
        "We predict the click-through rate of ads shown to users.",
        [("Earlier systems correct position bias with a shallow tower.", 2, "2 Related Work", "other")],
    )
    assert "data:problem:position-bias" not in {p.id for p in drill_rubric([others], "ctr", PROMPT).points}


def test_one_papers_side_metric_is_not_the_domains() -> None:
    """Four CTR papers report Logloss; one also reports accuracy on a non-CTR data set: no accuracy point."""
    notes = [
        note(
            f"p{i}-2020",
            "We predict the click-through rate of ads.",
            [(f"Our model reaches a Logloss of 0.44{i} on Criteo.", 6, "5 Results", "results")],
            metrics=[Metric(name="Logloss")],  # no value extracted: the results sentence prints one
        )
        for i in range(4)
    ]
    notes.append(
        note(
            "p9-2021",
            "We predict the click-through rate of ads.",
            [("On Covertype the model reaches an accuracy of 0.974.", 6, "5 Results", "results")],
            metrics=[Metric(name="accuracy", values=["0.974"])],
        )
    )
    assert [(n, len(p)) for n, p, _ in reported_metrics(notes)] == [("Logloss", 4), ("accuracy", 1)]
    metrics = [p.id for p in drill_rubric(notes, "ctr", PROMPT).points if p.stage == "metrics"]
    assert metrics == ["metrics:logloss"]


def test_typical_values_keep_one_scale() -> None:
    # A score, a gain and a percentage are not averaged together.
    assert on_one_scale(["0.8007", "0.7792", "65.32", "0.0055", "+4.18%", "n/a"]) == ["0.8007", "0.7792"]
    assert on_one_scale([]) == []


def test_a_sentence_about_the_paper_layout_is_cited_last() -> None:
    layout = "Section 4 describes the online joiner, which keeps serving latency low."
    said = "Serving latency must stay within ten milliseconds for every request."
    paper = note(
        "a-2020",
        "We predict the click-through rate of ads.",
        [(layout, 2, "1 Introduction", "other"), (said, 5, "3 System", "architecture")],
    )
    point = next(p for p in drill_rubric([paper], "ctr", PROMPT).points if p.id == "goal:problem:latency")
    assert [s.text for s in point.sources] == [said]
