"""Where a caption ends, and what is no caption: the body text that goes on in the caption's own text block
is not the caption's; a full-width caption's short last line is; an in-text reference printed unlike the
paper's captions is running text."""

from __future__ import annotations

from paperstudy.parsing.captions import FoundCaption, find_captions, in_caption_style
from paperstudy.parsing.layout import Line, PageLayout, StyledSpan, _finish_line, _keep_last_lines_in_band


def _line(
    text: str, y: float, size: float = 9.0, x0: float = 54.0, x1: float = 297.0, block: int = 1
) -> Line:
    span = StyledSpan(text, size, False, False, x0, x1)
    return _finish_line(Line(text, x0, y, x1, y + size, [span], block=block, column=1))


def _caption_texts(lines: list[Line], body_size: float = 10.0) -> list[str]:
    return [c.text for c in find_captions(PageLayout(3, 612, 792, lines, two_column=True), body_size)]


def test_a_caption_in_small_print_ends_where_the_body_size_resumes_in_its_block() -> None:
    lines = [
        _line("Figure 2: Validation error of the model w.r.t. different dropout", 168),
        _line("ratios on the pair-wise interaction layer", 178, x1=195),
        _line("mention, the attention factor is also 256, same as the em-", 192, size=10.0),
        _line("bedding size. We carefully tuned the L2 regularization for", 203, size=10.0),
    ]
    assert _caption_texts(lines) == [
        "Figure 2: Validation error of the model w.r.t. different dropout ratios on the pair-wise "
        "interaction layer"
    ]


def test_a_caption_at_body_size_ends_with_a_short_line_that_closes_its_sentence() -> None:
    lines = [
        _line("Figure 3: The architecture of DNN.", 432, size=10.0, x0=110, x1=241),
        _line("The deep component is a feed-forward neural network,", 446, size=10.0, x0=64),
        _line("which is used to learn high-order feature interactions. As", 457, size=10.0),
    ]
    assert _caption_texts(lines) == ["Figure 3: The architecture of DNN."]


def test_a_caption_keeps_its_own_lines_whatever_their_length() -> None:
    lines = [
        _line("Figure 1: Overall procedures for the model. Apart from output layers, the", 260, size=10.0),
        _line("same architectures are used in both stages.", 272, size=10.0, x1=240),
        _line("Figure 2 shows the input representation, which is the sum of", 284, size=10.0),
    ]
    small = [
        _line("Table 4: Error rates of the models on the validation set.", 300),
        _line("In italics are best results achieved by others.", 310, x1=250),
    ]
    assert _caption_texts(lines) == [
        "Figure 1: Overall procedures for the model. Apart from output layers, the same architectures "
        "are used in both stages."
    ]
    assert _caption_texts(small) == [
        "Table 4: Error rates of the models on the validation set. In italics are best results achieved by "
        "others."
    ]


def test_the_short_last_line_of_a_full_width_caption_spans_the_page_with_it() -> None:
    wide = [
        _line(
            "Figure 3: Deep candidate generation model architecture showing embedded sparse",
            427,
            x0=54,
            x1=556,
        ),
        _line(
            "features. At serving, a nearest neighbor lookup generates hundreds of candidate video",
            438,
            9,
            54,
            556,
        ),
        _line("recommendations.", 449, x0=54, x1=138),
    ]
    for line in wide:
        line.column = 0 if line.x1 - line.x0 > 300 else 1
    beside = _line("case in which the user has just issued a query", 460, x0=54, x1=293, block=2)
    _keep_last_lines_in_band([*wide, beside])
    assert [line.column for line in wide] == [0, 0, 0]
    assert beside.column == 1  # a column's own line in another block stays in its column
    assert _caption_texts(wide, 9.0)[0].endswith("hundreds of candidate video recommendations.")


def _found(label: str, style: tuple[bool, bool, str]) -> FoundCaption:
    kind = "figure" if label.startswith("Figure") else "table"
    return FoundCaption(kind, label, label, 1, 0, 0, (0, 0, 1, 1), None, style)


def test_a_reference_printed_unlike_the_papers_captions_is_no_caption() -> None:
    captions = [_found(f"Figure {n}", (True, False, ":")) for n in range(1, 5)]
    captions += [_found(f"Table {n}", (True, False, ":")) for n in range(1, 4)]
    references = [_found("Figure 5", (False, False, ".")), _found("Table 3", (False, False, "."))]
    assert in_caption_style(captions + references) == captions


def test_captions_of_mixed_style_or_too_few_to_tell_are_all_kept() -> None:
    mixed = [_found("Figure 1", (True, False, ":")), _found("Figure 2", (True, False, ":"))]
    mixed += [_found("Figure 3", (False, False, ".")), _found("Figure 4", (False, False, "."))]
    few = [_found("Table 1", (True, False, ":")), _found("Table 2", (False, False, "."))]
    # a paper may print its tables in another style than its figures
    other_kind = [_found(f"Figure {n}", (True, False, ":")) for n in range(1, 5)]
    other_kind += [_found(f"Table {n}", (False, False, ".")) for n in range(1, 4)]
    for captions in (mixed, few, other_kind):
        assert in_caption_style(captions) == captions
