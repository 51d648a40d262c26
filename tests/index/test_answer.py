"""The extractive answer's sentence selection (pure: hits in, cited sentences out; hash encoder)."""

from __future__ import annotations

from paperstudy.index.answer import (
    Candidate,
    answer,
    candidates,
    is_answer_like,
    select,
    sentence_page,
)
from paperstudy.index.embed import HashEncoder
from paperstudy.models import FacetName, PassageHit


def hit(
    paper_id: str, text: str, *, page: int = 1, section: str = "3 Method", facet: FacetName = "other"
) -> PassageHit:
    return PassageHit(
        paper_id=paper_id, title=paper_id, section=section, facet=facet, page=page, score=0.1, text=text
    )


NEGATIVES = "We draw negative samples uniformly from the unclicked items of each user."


def test_fragments_captions_references_and_formulas_are_not_answers() -> None:
    assert is_answer_like(NEGATIVES)
    assert is_answer_like("DeepFM shares the same input embeddings between its FM and deep components.")
    for text in [
        "Negative samples.",  # too short
        "we draw negative samples uniformly from the unclicked items of each user.",  # starts mid-sentence
        "We draw negative samples uniformly from the unclicked items of each",  # cut window
        "Figure 3: Negative samples drawn uniformly from the unclicked items of each user.",
        "Table 2. AUC and logloss of the negative sampling strategies on Criteo and Avazu.",
        "[12] H. Cheng et al. Wide & deep learning for recommender systems. In Proceedings of DLRS, 2016.",
        "Rendle, S. Factorization machines. In Proceedings of ICDM, pages 995-1000, 2010.",
        "y = σ(w0 + Σ wi xi + Σ ⟨vi, vj⟩ xi xj) where x ∈ R^n and v ∈ R^k are vectors.",
        "L = − 1 N Σ y log p + ( 1 − y ) log ( 1 − p ) + λ ||W||.",
    ]:
        assert not is_answer_like(text), text


def test_sentence_page_is_where_it_is_printed() -> None:
    pages = [
        "Intro text about clicks.",
        "3 Method\nWe draw nega-\ntive samples at random. Each user gets five of",
        "them per positive. Later, we down-sample the\nrest of the unclicked items for speed.",
    ]
    assert sentence_page("We draw negative samples at random.", 2, pages) == 2
    assert sentence_page("Later, we down-sample the rest of the unclicked items for speed.", 2, pages) == 3
    assert sentence_page("Each user gets five of them per positive.", 2, pages) == 2  # starts on page 2
    assert sentence_page("A sentence the pages do not hold at all.", 2, pages) == 2
    assert sentence_page("Later, we down-sample the rest of the unclicked items.", 2, []) == 2


def test_candidates_keep_each_sentence_page_and_skip_references() -> None:
    pages = {
        "neg": [
            "Title page.",
            "We draw negative samples uniformly from the unclicked items of each",
            "user. Five negatives per positive are drawn for every click in the log.",
        ]
    }
    hits = [
        hit("neg", NEGATIVES + " Five negatives per positive are drawn for every click in the log.", page=2),
        hit(
            "neg",
            "Rendle and others wrote about negative samples uniformly drawn for each user in 2010.",
            section="References",
        ),
    ]
    found = candidates(hits, pages)
    assert [(c.text, c.page, c.rank) for c in found] == [
        (NEGATIVES, 2, 0),
        ("Five negatives per positive are drawn for every click in the log.", 3, 0),
    ]


def test_best_sentence_first_and_near_duplicates_dropped() -> None:
    question = "how do they draw negative samples from unclicked items?"
    hits = [
        hit(
            "fm",
            "Factorization machines model pairwise feature interactions with latent vectors. They are fast.",
        ),
        hit(
            "neg",
            "Implicit feedback has no explicit negative examples at all. "
            + NEGATIVES
            + " The model is trained with Adam for ten epochs on four GPUs.",
        ),
        hit("neg2", "In short, we draw negative samples uniformly from the unclicked items of each user."),
    ]
    result = answer(question, hits, {}, HashEncoder())
    texts = [s.text for s in result]
    assert 1 <= len(result) <= 4
    assert (result[0].paper_id, result[0].text) == ("neg", NEGATIVES)
    assert "Factorization machines model pairwise feature interactions with latent vectors." not in texts[:1]
    assert len([t for t in texts if "uniformly from the unclicked items" in t]) == 1  # one of the two
    assert all(s.section == "3 Method" and s.page == 1 for s in result)


def test_select_orders_by_score_and_stops_far_below_the_best() -> None:
    found = [
        Candidate("Sentence one about the first thing we measured here.", "a", "1 Intro", 1, 0),
        Candidate("Sentence two about a different second finding entirely.", "b", "2 Model", 4, 1),
        Candidate("Sentence three describing yet another unrelated topic now.", "c", "3 Data", 2, 2),
        Candidate("Sentence four with words nobody asked about in the question.", "d", "4 End", 9, 3),
    ]
    chosen = select(found, [0.5, 0.9, 0.85, 0.1])
    assert [c.paper_id for c in chosen] == ["b", "c"]  # best first; "a" is under 0.8 × best, so the list ends
    assert select(found, [0.9, 0.9, 0.9, 0.9], limit=2) == found[:2]  # ties keep the better passage
    assert select([], []) == []


def test_no_answer_like_sentence_gives_an_empty_answer() -> None:
    hits = [hit("x", "Table 1: AUC of all models. Figure 2: the loss curve over epochs and batches.")]
    assert answer("what is the auc?", hits, {}, None) == []


def test_a_sentence_about_other_papers_ranks_below_one_about_this_paper() -> None:
    question = "how do they draw negative samples from unclicked items?"
    citing = "Earlier work [12] draws negative samples uniformly from the unclicked items of each user."
    hits = [
        hit("other", citing, section="2 Related Work"),
        hit("neg", NEGATIVES),
    ]
    result = answer(question, hits, {}, HashEncoder())
    assert [s.paper_id for s in result][:1] == ["neg"]
    assert result[0].text == NEGATIVES
