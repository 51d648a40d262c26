"""A paragraph goes on across a column break or below a float when its sentence does; the float's caption
follows the paragraph instead of splitting its sentence."""

from __future__ import annotations

from paperstudy.parsing.captions import FoundCaption
from paperstudy.parsing.layout import Line, PageLayout, StyledSpan, _finish_line
from paperstudy.parsing.structure import PARAGRAPH_BREAK, _page_text


def _line(text: str, y: float, column: int = 1, block: int = 1, size: float = 9.0) -> Line:
    x0 = 54.0 if column == 1 else 320.0
    span = StyledSpan(text, size, False, False, x0, x0 + 250)
    return _finish_line(Line(text, x0, y, x0 + 250, y + size, [span], block=block, column=column))


def _caption(index: int, line: Line) -> FoundCaption:
    return FoundCaption("table", "Table 2", line.text, 1, index, index, line.bbox, None)


def _paragraphs(lines: list[Line], captions: list[FoundCaption] = ()) -> list[str]:  # type: ignore[assignment]
    page = PageLayout(1, 612, 792, lines, two_column=True)
    return _page_text(page, [], list(captions), 9.0).text.split(PARAGRAPH_BREAK)


def test_a_sentence_goes_on_at_the_top_of_the_next_column() -> None:
    lines = [
        _line("We train the model on the click", 700),
        _line("logs of the last week and test it on the next day.", 60, column=2, block=2),
    ]
    assert _paragraphs(lines) == [
        "We train the model on the click logs of the last week and test it on the next day."
    ]


def test_a_new_column_starts_a_paragraph_when_the_sentence_ended_or_the_next_line_is_capitalised() -> None:
    ended = [_line("We train the model on the logs.", 700), _line("then it is tested.", 60, 2, 2)]
    capital = [_line("We train the model on the logs", 700), _line("Then it is tested.", 60, 2, 2)]
    small = _line("notes in small print", 60, 2, 2, size=7.0)
    smaller = [_line("We train the model on the logs", 700), small]
    for lines in (ended, capital, smaller):
        assert len(_paragraphs(lines)) == 2


def test_a_caption_inside_a_paragraph_follows_it() -> None:
    caption = _line("Table 2: Results on the public datasets.", 300, block=2)
    lines = [
        _line("The results show that the model outperforms the", 200),
        caption,
        _line("baselines on every dataset we use.", 420, block=3),
    ]
    assert _paragraphs(lines, [_caption(1, caption)]) == [
        "The results show that the model outperforms the baselines on every dataset we use.",
        "Table 2: Results on the public datasets.",
    ]


def test_a_caption_that_runs_on_keeps_its_lines_and_the_paragraph_is_not_taken_up_again() -> None:
    caption = _line("Table 2: Results on the public datasets, the best in bold", 300, block=2)
    lines = [
        _line("The results show that the model outperforms the", 200),
        caption,
        _line("printed here in a block of its own.", 311, block=3),  # the caption's second line
        _line("baselines on every dataset we use.", 420, block=4),
    ]
    assert _paragraphs(lines, [_caption(1, caption)]) == [
        "The results show that the model outperforms the",
        "Table 2: Results on the public datasets, the best in bold printed here in a block of its own.",
        "baselines on every dataset we use.",
    ]


def test_a_reference_opening_a_line_of_the_paragraph_is_not_moved() -> None:
    reference = _line("Figure 5. We name the new model after its parts.", 211)
    lines = [_line("The architecture is shown in", 200), reference, _line("where each part is a layer.", 222)]
    assert _paragraphs(lines, [_caption(1, reference)]) == [
        "The architecture is shown in",
        "Figure 5. We name the new model after its parts.",
        "where each part is a layer.",
    ]


def test_body_text_in_the_captions_own_block_is_not_taken_into_the_caption() -> None:
    # where the caption ends inside its block was decided where it was found (its last line closed it)
    caption = _line("Figure 3: The architecture of DNN.", 300, block=2)
    lines = [
        _line("and the inner product units represent the impact of the", 200),
        caption,
        _line("The deep component is a feed-forward neural network.", 311, block=2),
    ]
    assert _paragraphs(lines, [_caption(1, caption)]) == [
        "and the inner product units represent the impact of the",
        "Figure 3: The architecture of DNN.",
        "The deep component is a feed-forward neural network.",
    ]
