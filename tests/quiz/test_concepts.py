"""Conceptual cards (issue #12) from a small hand-built paper whose sections print every kind of sentence."""

from __future__ import annotations

import pytest

from paperstudy.models import Dataset, Metric, Note, PaperRecord, ParsedPaper, QuizItem, Section
from paperstudy.quiz.concept_sources import candidates
from paperstudy.quiz.concepts import concept_items, key_span
from paperstudy.quiz.generate import domain_deck
from paperstudy.quiz.quality import answer_in_question, normalise, printed_on_page

ABSTRACT = (
    "Conventional CVR models are trained on clicked impressions but used on all impressions, which causes "
    "a sample selection bias problem. In this paper, we propose ESMM, which models CVR over the entire "
    "space of impressions with two auxiliary tasks."
)
SECTIONS: list[tuple[int, str | None, str, int, str, str]] = [
    (
        1,
        "1",
        "Introduction",
        1,
        "other",
        "Post-click conversion rate estimation matters for ranking in advertising. We propose the Entire "
        "Space Multi-task Model (ESMM), which shares embeddings between the CVR and CTR networks.",
    ),
    (1, "2", "The Proposed Approach", 2, "architecture", ""),
    (
        2,
        "2.1",
        "Model",
        2,
        "architecture",
        "The CTR tower predicts the probability that an impression is clicked from the shared embeddings. "
        "Unlike DIVISION, ESMM multiplies the CTR and CVR outputs, which avoids numerical instability. "
        "The loss function of ESMM is the sum of the cross-entropy losses of the CTR and CTCVR tasks. "
        "We train all networks jointly with Adam and a mini-batch size of one thousand.",
    ),
    (
        2,
        "2.2",
        "Inputs",
        2,
        "features",
        "The input features include user profile fields, item IDs and context fields, each one-hot "
        "encoded and embedded. Each impression is a training example whose label is one when it is "
        "clicked and zero otherwise.",
    ),
    (1, "3", "Experiments", 3, "results", ""),
    (
        2,
        "3.1",
        "Experimental Setup",
        3,
        "data",
        "We split the logs by time: the first half of the days is the training set and the rest is the "
        "test set.",
    ),
    (
        2,
        "3.2",
        "Results",
        3,
        "results",
        "ESMM improves AUC by 2.56% over the BASE model on the Public dataset, the largest gain of all.",
    ),
    (
        2,
        "3.3",
        "Ablation Study",
        4,
        "results",
        "Without the shared embedding, the AUC of ESMM drops by one point, so the feature transfer is "
        "important.",
    ),
    (
        2,
        "3.4",
        "Online A/B Test",
        4,
        "results",
        "In a two-week online A/B test on Taobao, ESMM increased the conversion rate of recommended items "
        "by three percent.",
    ),
]


def esmm_note() -> Note:
    sections = [
        Section(level=lvl, number=num, heading=head, page_start=page, page_end=page, text=text, facet=facet)  # type: ignore[arg-type]
        for lvl, num, head, page, facet, text in SECTIONS
    ]
    pages = [ABSTRACT, "", "", ""]
    for section in sections:
        pages[section.page_start - 1] += " " + section.text
    parsed = ParsedPaper(
        title="Entire Space Multi-Task Model: An Effective Approach for Estimating Post-Click "
        "Conversion Rate",
        abstract=ABSTRACT,
        page_count=4,
        pages=pages,
        sections=sections,
        model="ESMM",
        datasets=[Dataset(name="Public Dataset", pages=[3, 4])],
        metrics=[Metric(name="AUC", values=["65.32"], pages=[3, 4])],
    )
    record = PaperRecord(
        id="esmm-2018", title=parsed.title, sha256="e" * 8, domains=["ctr-prediction"], page_count=4
    )
    return Note(paper=record, parsed=parsed)


@pytest.fixture(scope="module")
def cards() -> dict[str, QuizItem]:
    items = concept_items(esmm_note(), "Entire Space Multi-Task Model")
    return {item.question: item for item in items}


def _card(cards: dict[str, QuizItem], start: str) -> QuizItem:
    found = [item for question, item in cards.items() if question.startswith(start)]
    assert len(found) == 1, (start, list(cards))
    return found[0]


def test_every_concept_card_is_a_clause_of_a_printed_sentence(cards: dict[str, QuizItem]) -> None:
    note = esmm_note()
    assert len(cards) >= 10
    for item in cards.values():
        assert item.kind == "concept" and item.choices == [] and item.accept == []
        assert len(item.answer.split()) >= 6, item.answer
        assert normalise(item.answer) not in normalise(item.question)
        assert not answer_in_question(item)
        assert printed_on_page(item.source.text, note.parsed.pages, item.source.page), item.source
        assert "ESMM" in item.question  # the model's name, not the long title


def test_problem_and_how_from_the_motivation_and_proposal_sentences(cards: dict[str, QuizItem]) -> None:
    item = _card(cards, "What problem does ESMM address")
    assert item.answer.startswith("Conventional CVR models are trained on clicked impressions")
    assert "; We propose ESMM, which models CVR over the entire space" in item.answer
    assert item.source.page == 1 and item.source.section == "Abstract"
    contribution = _card(cards, "What does ESMM propose")
    assert contribution.source.section == "1 Introduction"
    assert contribution.answer.startswith("We propose the Entire Space Multi-task Model")


def test_example_features_and_component(cards: dict[str, QuizItem]) -> None:
    example = _card(cards, "In ESMM, what is one training example")
    assert example.answer.startswith("Each impression is a training example whose label")
    assert example.facet == "data"
    features = _card(cards, "Which input features go into ESMM")
    assert features.answer.startswith("The input features include user profile fields")
    component = cards["In ESMM, what does the CTR tower predict?"]
    assert component.answer == "the probability that an impression is clicked from the shared embeddings"
    assert component.source.section == "2.1 Model" and component.source.page == 2


def test_contrast_names_both_sides_and_answers_with_the_main_clause(cards: dict[str, QuizItem]) -> None:
    item = cards["How does ESMM differ from DIVISION?"]
    assert item.answer == "ESMM multiplies the CTR and CVR outputs, which avoids numerical instability"
    assert item.source.text.startswith("Unlike DIVISION,")


def test_loss_training_evaluation_ablation_and_headline(cards: dict[str, QuizItem]) -> None:
    assert "cross-entropy losses" in _card(cards, "What loss").answer
    assert "jointly with Adam" in _card(cards, "How is ESMM trained").answer
    offline = _card(cards, "How was ESMM evaluated offline")
    assert offline.answer.startswith("We split the logs by time") and offline.source.page == 3
    online = _card(cards, "How was ESMM evaluated online")
    assert "online A/B test on Taobao" in online.answer and online.source.section == "3.4 Online A/B Test"
    ablation = _card(cards, "What did ESMM's ablation")
    assert ablation.answer.startswith("Without the shared embedding")
    headline = _card(cards, "What is ESMM's headline result")
    assert headline.answer.startswith("ESMM improves AUC by 2.56% over the BASE model")
    assert headline.source.section == "3.2 Results"


def test_ids_are_stable_and_differ_between_cards(cards: dict[str, QuizItem]) -> None:
    again = concept_items(esmm_note(), "Entire Space Multi-Task Model")
    assert [i.id for i in again] == [i.id for i in cards.values()]
    assert len({i.id for i in again}) == len(again)


def test_key_span_drops_the_connective_and_the_stop() -> None:
    assert key_span("In this paper, we propose a model that learns crosses.") == (
        "We propose a model that learns crosses"
    )
    assert key_span("To address these problems, we share the embeddings.") == "We share the embeddings"


def test_a_domain_deck_keeps_the_concepts_and_is_mostly_conceptual() -> None:
    deck = domain_deck([esmm_note()], "ctr-prediction")
    concepts = [i for i in deck if i.kind == "concept"]
    assert len(concepts) >= 10 and len(concepts) >= 0.4 * len(deck)
    assert {i.source.paper_id for i in deck} == {"esmm-2018"}


def test_a_generic_subsection_is_explained_under_its_parents_heading() -> None:
    text = (
        "Tree SHAP computes exact Shapley values for tree ensembles because it walks every path of each tree."
    )
    sections = [
        Section(level=1, number="6", heading="TREE SHAP", page_start=2, page_end=2, text=""),
        Section(level=2, number="6.1", heading="Description", page_start=2, page_end=2, text=text),
        Section(
            level=2,
            number="7.1",
            heading="Description",
            page_start=3,
            page_end=3,
            text=text.replace("Tree SHAP", "LIME"),
        ),
    ]
    parsed = ParsedPaper(title="On Explanations", page_count=3, pages=["", text, ""], sections=sections)
    record = PaperRecord(id="xai-2019", title=parsed.title, sha256="f" * 8, domains=["fraud"], page_count=3)
    note = Note(paper=record, parsed=parsed)
    topics = [c.topic for c in candidates(note) if c.section.endswith("Description")]
    assert topics == ["TREE SHAP", "TREE SHAP"]  # both "Description" sections under the last level-1 heading
    questions = [item.question for item in concept_items(note, "On Explanations")]
    assert any("explain “TREE SHAP”" in q for q in questions)
    assert not any("“Description”" in q for q in questions)


def _survey_note() -> Note:
    """A tutorial-style paper: no model of its own, "this text" for "we", a section per technique."""
    abstract = (
        "Explanations of complex models are often demanded but rarely checked by practitioners today. "
        "This text presents real-world usage recommendations for four explanatory methods with a use case."
    )
    shap = (
        "Tree SHAP computes exact local feature contributions by traversing the internal tree structures. "
        "Unlike LIME, tree SHAP gives a numeric contribution for every input feature of a prediction."
    )
    sections = [
        Section(
            level=1, number="1", heading="Introduction", page_start=1, page_end=1, text="", facet="other"
        ),
        Section(level=1, number="5", heading="Tree SHAP", page_start=2, page_end=2, text=shap),
    ]
    parsed = ParsedPaper(
        title="On the Art of Explaining Machine Learning Models to People",
        abstract=abstract,
        page_count=2,
        pages=[abstract, shap],
        sections=sections,
    )
    record = PaperRecord(id="xai-2019", title=parsed.title, sha256="a" * 8, domains=["fraud"], page_count=2)
    return Note(paper=record, parsed=parsed)


def test_a_paper_that_calls_itself_this_text_states_what_it_presents() -> None:
    questions = {item.question: item for item in concept_items(_survey_note(), "On the Art")}
    problem = _card(questions, "What problem does On the Art address")
    assert problem.answer == (
        "This text presents real-world usage recommendations for four explanatory methods with a use case"
    )


def test_a_contrast_in_a_technique_section_compares_that_technique() -> None:
    questions = {item.question: item for item in concept_items(_survey_note(), "On the Art")}
    contrast = _card(questions, "In On the Art, how does Tree SHAP differ from LIME?")
    assert contrast.answer.startswith("Tree SHAP gives a numeric contribution for every input feature")
    assert contrast.source.page == 2


def test_a_comparison_of_sizes_in_a_technique_section_is_no_contrast() -> None:
    note = _survey_note()
    note.parsed.sections[
        1
    ].text = "Tree SHAP values are small compared to the intercept of the model at the median prediction."
    note.parsed.pages[1] = note.parsed.sections[1].text
    questions = [item.question for item in concept_items(note, "On the Art")]
    assert not any("differ from" in q for q in questions)
