from pathlib import Path

from paperstudy.parsing.structure import parse_structure


def test_two_column_structure(two_column_pdf: Path):
    paper = parse_structure(two_column_pdf)
    assert paper.title == "A Study of Testing Parsers"
    assert paper.page_count == 2
    titles = [(s.level, s.number, s.heading) for s in paper.sections]
    assert titles == [
        (1, "1", "Introduction"),
        (1, "2", "Related Work"),
        (2, "2.1", "Deep Models"),
        (1, "3", "Experiments"),
        (2, "3.1", "Datasets"),
        (1, None, "References"),
    ]
    assert paper.abstract.startswith("Deep models learn")


def test_page_text_is_clean(two_column_pdf: Path):
    paper = parse_structure(two_column_pdf)
    first = paper.pages[0]
    assert "Proceedings of the Test Conference" not in first
    assert "classifier" in first
    assert "representative corpus" in first
    # left column before right column
    assert first.index("1 Introduction") < first.index("2 Related Work")
    assert not first.rstrip().endswith("1")


def test_sections_spans_and_references(two_column_pdf: Path):
    paper = parse_structure(two_column_pdf)
    intro = paper.sections[0]
    assert intro.page_start == 1 and intro.text.startswith("Deep models")
    span = intro.spans[0]
    assert paper.pages[span.page - 1][span.start : span.end].startswith("Deep models")
    refs = paper.sections[-1]
    assert refs.heading == "References" and refs.text == ""
    assert "A paper about things" in paper.references


def test_figure_caption_and_region(two_column_pdf: Path):
    paper = parse_structure(two_column_pdf)
    caption = next(c for c in paper.captions if c.label == "Figure 1")
    assert caption.kind == "figure" and caption.page == 2
    assert caption.section == "3 Experiments"
    assert caption.region_bbox is not None
    assert caption.region_bbox[3] <= caption.caption_bbox[1] + 1
