"""Paragraph headings: a styled lead-in is its own paragraph, not the first words of the sentence after it."""

from __future__ import annotations

from paperstudy.parsing.layout import Line, PageLayout, StyledSpan, _finish_line
from paperstudy.parsing.structure import PARAGRAPH_BREAK, _page_text


def _line(y: float, *spans: tuple[str, str]) -> Line:
    """A line of ``(text, style)`` spans, style "b" bold, "i" italic, "" plain."""
    styled = [StyledSpan(text, 9.0, "b" in style, "i" in style) for text, style in spans]
    text = " ".join(s.text for s in styled)
    return _finish_line(Line(text, 72, y, 300, y + 9, styled, block=1, column=1))


def _paragraphs(*lines: Line) -> list[str]:
    return _page_text(PageLayout(1, 612, 792, list(lines)), [], [], 9.0).text.split(PARAGRAPH_BREAK)


def test_a_lead_in_without_punctuation_is_a_paragraph_of_its_own() -> None:
    paragraphs = _paragraphs(
        _line(100, ("Datasets", "b")),  # printed alone over its paragraph
        _line(111, ("We evaluate our model on two public datasets of click logs", "")),
        _line(122, ("and report the results in Table 2.", "")),
        _line(145, ("MS COCO", "b"), ("The MS COCO dataset involves 80 object categories.", "")),  # run in
    )
    assert paragraphs == [
        "Datasets",
        "We evaluate our model on two public datasets of click logs and report the results in Table 2.",
        "MS COCO",
        "The MS COCO dataset involves 80 object categories.",
    ]


def test_a_lead_in_that_punctuation_ends_or_the_sentence_goes_on_stays_in_its_paragraph() -> None:
    kept = [
        _line(100, ("Datasets.", "b"), ("We use Criteo and Avazu for all experiments.", "")),
        _line(130, ("DeepWalk", "i"), ("learns latent representations of the vertices.", "")),
        _line(160, ("Selection of Target Lag", "b"), ("L", "i"), (": We study the lags of each report.", "")),
    ]
    for line in kept:
        assert _paragraphs(line) == [line.text]
    # A bold line that a lower-case line continues is the start of a sentence, not a heading.
    run_on = [_line(200, ("Bold Words", "b")), _line(211, ("continue the sentence here.", ""))]
    assert _paragraphs(*run_on) == ["Bold Words continue the sentence here."]
