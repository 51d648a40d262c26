"""The sentence splitter: abbreviations, decimals, hyphenated line breaks, table blocks, paragraphs."""

from __future__ import annotations

from paperstudy.parsing.sentences import clean, sentences, split_paragraphs, split_sentences


def test_abbreviations_and_decimals_do_not_split() -> None:
    text = (
        "As shown by Cheng et al. in Fig. 3 the model reaches an AUC of 0.8007, e.g. on Criteo. "
        "The second sentence starts here."
    )
    assert sentences(text) == [
        "As shown by Cheng et al. in Fig. 3 the model reaches an AUC of 0.8007, e.g. on Criteo.",
        "The second sentence starts here.",
    ]


def test_hyphenated_line_breaks_are_joined_and_ligatures_expanded() -> None:
    assert clean("the opti-\nmizer is eﬃcient\nand fast") == "the optimizer is efficient and fast"


def test_spans_point_into_the_original_text() -> None:
    text = "First one here. Second one there."
    spans = split_sentences(text)
    assert [text[s.start : s.end] for s in spans] == ["First one here.", "Second one there."]


def test_table_cells_are_cut_off_from_prose() -> None:
    lines = [
        "We report the results of all the compared models in the following table of numbers",
        "Table 2: Performance.",
        "LR",
        "0.8640",
        "FM",
        "0.8678",
        "Overall, our proposed model beats the competitors by more than 0.37% in terms of AUC on",
        "the private dataset which is a large improvement for a production system like this one.",
    ]
    out = sentences("\n".join(lines))
    assert out[-1].startswith("Overall, our proposed model beats")
    assert "0.8678" not in out[-1]


def test_yahoo_exclamation_is_not_a_boundary() -> None:
    assert len(sentences("We use the Yahoo! R3 dataset for all experiments here.")) == 1


def test_paragraphs_break_after_short_final_line() -> None:
    text = (
        "This is a long line of a paragraph that fills the whole column width of the page\n"
        "and it ends here.\n"
        "A new paragraph starts on this line and it is also long enough to fill the column\n"
        "width of the page before it ends.\n"
    )
    paras = split_paragraphs(text)
    assert len(paras) == 2
    assert text[paras[1].start :].startswith("A new paragraph")


def test_every_kind_of_whitespace_is_cleaned_to_one_space() -> None:
    odd = [chr(i) for i in range(0x110000) if chr(i).isspace() and chr(i) != " "]
    assert len(odd) > 20
    for c in odd:
        assert clean(f"a{c}b") == "a b", hex(ord(c))
        assert clean(f" a {c} b{c}") == "a b", hex(ord(c))
    assert clean("a  b") == "a b"
    assert clean("  a b ") == "a b"


def test_a_bracketed_item_letter_after_a_full_stop_starts_a_new_sentence() -> None:
    text = "The improvement is not well captured. (a) Architecture (b) SNN-RBM on 2997. See also (b) below."
    assert sentences(text) == [
        "The improvement is not well captured.",
        "(a) Architecture (b) SNN-RBM on 2997.",
        "See also (b) below.",
    ]
