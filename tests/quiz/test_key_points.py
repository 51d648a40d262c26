"""Free-text grading per key point: the expected span split into clauses, each covered or missed."""

from __future__ import annotations

from paperstudy.models import QuizItem, QuizSource
from paperstudy.quiz.grade import grade, is_conceptual, key_points

ESMM_SOURCE = (
    "Conventional CVR models are trained on clicked impressions only. "
    "ESMM models CVR over the entire space of impressions, which eliminates the sample selection bias, "
    "and it shares the embedding dictionary with the CTR task so that the data sparsity of CVR is eased."
)
ESMM_SPAN = (
    "ESMM models CVR over the entire space of impressions, which eliminates the sample selection bias, "
    "and it shares the embedding dictionary with the CTR task so that the data sparsity of CVR is eased"
)


def concept(answer: str = ESMM_SPAN, source: str = ESMM_SOURCE) -> QuizItem:
    return QuizItem(
        id="c1",
        kind="concept",
        question="What problem does ESMM address, and how?",
        answer=answer,
        source=QuizSource(paper_id="esmm-2018", section="1 Introduction", page=2, text=source),
    )


def test_key_points_are_the_clauses_of_the_span() -> None:
    assert key_points(ESMM_SPAN) == [
        "ESMM models CVR over the entire space of impressions",
        "eliminates the sample selection bias",
        "it shares the embedding dictionary with the CTR task",
        "the data sparsity of CVR is eased",
    ]
    # A clause under three content words joins the one before it; one long clause stays whole.
    assert key_points("the cross network learns bounded-degree crosses, cheaply, and it is fast") == [
        "the cross network learns bounded-degree crosses, cheaply, and it is fast"
    ]
    assert key_points("explicit feature crossings of bounded degree at every layer") == [
        "explicit feature crossings of bounded degree at every layer"
    ]
    # A short first clause joins the next one instead.
    assert key_points("in short, the model shares embeddings between both tasks") == [
        "in short, the model shares embeddings between both tasks"
    ]


def test_per_point_verdicts_with_their_sentence_lexical() -> None:
    feedback = grade(
        concept(),
        "It models CVR over the entire space of impressions, removing sample selection bias.",
    )
    assert feedback.method == "lexical" and "no embedding model" in feedback.explanation
    verdicts = {v.text: v.covered for v in feedback.key_points}
    assert verdicts == {
        "ESMM models CVR over the entire space of impressions": True,
        "eliminates the sample selection bias": True,
        "it shares the embedding dictionary with the CTR task": False,
        "the data sparsity of CVR is eased": False,
    }
    assert feedback.score == 0.5 and feedback.suggested == "hard" and not feedback.correct
    assert "Covered 2 of 4 key points" in feedback.explanation
    # Each point names the printed sentence it comes from (the second sentence of the source), and its page.
    assert {v.sentence for v in feedback.key_points} == {ESMM_SOURCE.split(". ", 1)[1]}
    assert {v.page for v in feedback.key_points} == {2}


def test_per_point_verdicts_semantic_when_a_model_is_given() -> None:
    def similarity(a: str, b: str) -> float:  # stands in for the encoder: "same meaning" on one cue word
        return 0.9 if ("sparse" in a.lower() and "sparsity" in b.lower()) else 0.2

    feedback = grade(concept(), "CVR data is too sparse on its own.", similarity)
    assert feedback.method == "semantic"
    assert [v.covered for v in feedback.key_points] == [False, False, False, True]
    assert feedback.score == 0.25 and feedback.suggested == "again"


def test_everything_covered_and_empty_answers() -> None:
    full = grade(
        concept(),
        "ESMM models CVR on the entire space of impressions, which eliminates sample selection bias; "
        "it shares the embedding dictionary with the CTR task, easing the data sparsity of CVR.",
    )
    assert all(v.covered for v in full.key_points) and full.correct and full.suggested == "good"
    empty = grade(concept(), "   ")
    assert empty.method == "empty" and empty.suggested == "again" and empty.score == 0
    assert len(empty.key_points) == 4 and not any(v.covered for v in empty.key_points)


def test_which_items_are_graded_per_key_point() -> None:
    assert is_conceptual(concept())
    assert is_conceptual(concept(answer="a clause of six words in it"))
    short = concept(answer="bounded-degree crosses").model_copy(update={"kind": "facet_recall"})
    assert not is_conceptual(short)
    listed = short.model_copy(update={"accept": ["Criteo", "Avazu"]})
    assert not is_conceptual(listed)
    chosen = concept().model_copy(update={"kind": "multiple_choice", "choices": ["a", "b"]})
    assert not is_conceptual(chosen)
    # A short answer graded the old way carries no key points.
    assert grade(short, "bounded-degree crosses").key_points == []
