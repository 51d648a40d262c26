"""Pure parts: passages, fusion, query terms, vectors, highlighting."""

from __future__ import annotations

import numpy as np
import pytest

from paperstudy.errors import ConfigError
from paperstudy.index.embed import HashEncoder
from paperstudy.index.keyword import MAX_TERMS, fts_query, query_terms
from paperstudy.index.passages import MAX_WORDS, passages_of
from paperstudy.index.search import clean_query, highlight, parse_years
from paperstudy.index.vectors import VectorIndex, brute_force, pack_vector, unpack_vectors
from tests.fakes import fake_paper


def test_passages_cite_section_facet_and_page() -> None:
    passages = passages_of(fake_paper(), "deepthing-2017")
    assert [p.section for p in passages] == ["Abstract", "1 Introduction", "2 Experiments"]
    results = passages[2]
    assert (results.facet, results.page) == ("results", 2)
    assert "Criteo" in results.text


def test_long_sections_are_cut_into_passages_of_bounded_size() -> None:
    paper = fake_paper()
    body = " ".join(f"Sentence number {i} talks about click models and embeddings." for i in range(60))
    section = paper.sections[1].model_copy(update={"text": body, "spans": []})
    passages = passages_of(paper.model_copy(update={"sections": [section], "abstract": ""}), "p")
    assert len(passages) > 3
    assert all(len(p.text.split()) <= MAX_WORDS for p in passages)
    assert all(p.text.endswith(".") for p in passages)  # whole sentences
    assert [p.position for p in passages] == list(range(len(passages)))


def test_query_terms_are_safe_fts_and_capped() -> None:
    terms = query_terms('How do they handle "negative" sampling? NEAR(x) -drop *')
    assert terms == ["handle", "negative", "sampling", "near", "drop"]
    assert fts_query(['he said "hi"']) == '"he said ""hi"""'
    assert fts_query([]) is None
    assert len(query_terms("word " * 5000 + " ".join(f"w{i}" for i in range(500)))) == MAX_TERMS


def test_clean_query_refuses_empty_and_shortens_huge() -> None:
    with pytest.raises(ConfigError, match="empty"):
        clean_query("   \n\t ")
    text, notices = clean_query("embedding " * 2000)
    assert len(text) <= 1000 and notices


def test_parse_years() -> None:
    assert parse_years("2017") == (2017, 2017)
    assert parse_years("2016-2018") == (2016, 2018)
    assert parse_years("2016-") == (2016, None)
    assert parse_years("-2018") == (None, 2018)
    assert parse_years(None) == (None, None)
    for bad in ("last year", "2019-2016"):
        with pytest.raises(ConfigError):
            parse_years(bad)


def test_vector_search_matches_brute_force_and_masks() -> None:
    rng = np.random.default_rng(0)
    matrix = rng.standard_normal((5000, 32)).astype(np.float32)
    matrix /= np.linalg.norm(matrix, axis=1, keepdims=True)
    index = VectorIndex(ids=np.arange(100, 5100, dtype=np.int64), matrix=matrix)
    query = matrix[42]
    found = index.search(query, 10)
    assert [pid - 100 for pid, _ in found] == brute_force(matrix, query, 10).tolist()
    assert found[0][0] == 142 and found[0][1] == pytest.approx(1.0, abs=1e-5)
    mask = index.mask_for(np.array([150, 151], dtype=np.int64))
    assert {pid for pid, _ in index.search(query, 10, mask)} == {150, 151}


def test_float16_storage_keeps_cosines() -> None:
    vectors = HashEncoder(64).encode(["negative sampling", "graph convolution", "click through rate"])
    restored = unpack_vectors([pack_vector(v) for v in vectors], 64)
    assert np.allclose(restored, vectors, atol=2e-3)


def test_hash_encoder_is_deterministic_and_normalised() -> None:
    a = HashEncoder().encode(["negative sampling for implicit feedback", ""])
    b = HashEncoder().encode(["negative sampling for implicit feedback", ""])
    assert np.array_equal(a, b)
    assert np.linalg.norm(a[0]) == pytest.approx(1.0)


def test_highlight_picks_matching_sentences() -> None:
    text = "We use Criteo. Negative samples are drawn uniformly. The model is deep."
    found, sentences = highlight(text, ["negative", "sampling"])
    assert found == ["negative", "samples"] and sentences == ["Negative samples are drawn uniformly."]
    assert highlight(text, []) == ([], [])


def test_fuse_by_paper_puts_the_paper_both_rankers_rate_well_first() -> None:
    from paperstudy.index.fusion import fuse_by_paper

    paper_of = {1: "a", 2: "b", 3: "b", 4: "c"}
    # Keyword scores A's passage best and dense scores C's, but both score a passage of B nearly as high.
    keyword = [(1, 10.0), (2, 9.5), (4, 1.0)]
    dense = [(4, 0.80), (3, 0.78), (1, 0.10)]
    fused = fuse_by_paper([keyword, dense], paper_of)
    assert [paper_of[p] for p, _ in fused][:3] == ["b", "a", "c"]
    # One passage per paper first (B's best fused passage is 3), then B's second passage.
    assert [p for p, _ in fused] == [3, 1, 4, 2]
    scores = dict(fused)
    assert scores[1] == 0.5 * 1.0 + 0.5 * 0.0  # best keyword passage, worst dense one
    assert all(0.0 <= value <= 1.0 for value in scores.values())


def test_fuse_by_paper_with_one_ranking_keeps_its_paper_order() -> None:
    from paperstudy.index.fusion import fuse_by_paper

    paper_of = {1: "a", 2: "b", 3: "a", 4: "c"}
    fused = fuse_by_paper([[(1, 4.0), (2, 3.0), (3, 2.0), (4, 1.0)]], paper_of)
    assert [p for p, _ in fused] == [1, 2, 4, 3]


def test_fuse_by_paper_refuses_more_than_two_rankings() -> None:
    import pytest

    from paperstudy.index.fusion import fuse_by_paper

    with pytest.raises(ValueError, match="one or two"):
        fuse_by_paper([[], [], []], {})
