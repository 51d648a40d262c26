"""Line numbers in the margin of review copies and preprints stay out of the body text."""

from __future__ import annotations

from paperstudy.parsing.layout import Line, PageLayout, StyledSpan, _remove_gutters


def _line(y: float, *spans: tuple[str, float, float]) -> Line:
    styled = [StyledSpan(text, 9.0, False, False, x0, x1) for text, x0, x1 in spans]
    text = "   ".join(s.text for s in styled)
    return Line(text, spans[0][1], y, spans[-1][2], y + 9, styled, block=1, size=9.0)


def test_a_line_number_merged_into_its_line_or_printed_alone_in_the_margin_is_dropped() -> None:
    body = "the distribution of revised updates in weekly data"
    lines = [
        _line(100, (body, 198, 576), ("318", 588, 596)),  # joined to its line by the same-baseline merge
        _line(112, ("more than ninety days after are excluded from it", 198, 560)),
        _line(113, ("319", 588, 596)),  # printed as a line of its own
        _line(124, ("the 2023 season had 4 waves, as Table 2 shows", 198, 480), ("12", 500, 510)),
    ]
    page = PageLayout(1, 612, 792, lines)
    _remove_gutters(page)
    assert [ln.text for ln in page.lines] == [
        body,
        "more than ninety days after are excluded from it",
        "the 2023 season had 4 waves, as Table 2 shows   12",  # a number inside the column stays
    ]
    assert page.lines[0].x1 == 576
    assert page.furniture == ["318", "319"]
