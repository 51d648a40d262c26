"""Paper text is text in every Markdown file: a renderer shows what the paper printed, never HTML or links."""

from __future__ import annotations

import html
import re
from pathlib import Path

import pytest
from markdown_it import MarkdownIt

from paperstudy.brief import build_brief, render_markdown
from paperstudy.mdescape import escape_block, escape_inline, link_label
from paperstudy.models import Caption, Dataset, Note, PaperRecord
from paperstudy.notes import render_note, split_front_matter
from tests.fakes import fake_paper

HOSTILE = [
    "<script>alert('x')</script> Networks",
    "[click](javascript:alert(1)) and ![img](http://evil/x.png)",
    "<img src=x onerror=alert(1)> &amp; &#60;b&#62;",
    "cost $x_1$ is 5 $ and *not* __bold__ `code` ~~gone~~ ==mark== %%hidden%% #tag [[wikilink]]",
    "a <http://autolink.example> b | c \\ d",
]
# Renderers that allow raw HTML (GitHub and Obsidian do) are the worst case.
RENDER = MarkdownIt("commonmark", {"html": True}).enable("table").enable("strikethrough")


def visible_text(markdown: str) -> str:
    rendered = RENDER.render(markdown)
    return html.unescape(re.sub(r"<[^>]+>", "", rendered)).strip()


@pytest.mark.parametrize("text", HOSTILE)
def test_escaped_text_renders_as_exactly_what_was_printed(text: str) -> None:
    escaped = escape_inline(text)
    rendered = RENDER.render(escaped)
    assert not re.search(r"<(script|img|a|em|strong|code|del)\b", rendered), rendered
    assert visible_text(escaped) == text


def test_blocks_keep_paragraphs_and_do_not_start_lists_or_headings() -> None:
    text = "# Not a heading\n- not a list\n1. not numbered\n> not a quote\n\nSecond paragraph."
    rendered = RENDER.render(escape_block(text))
    assert not re.search(r"<(h1|ul|ol|blockquote)\b", rendered) and rendered.count("<p>") == 2


def test_intra_word_underscores_stay_readable() -> None:
    assert escape_inline("feature_x and user_id") == "feature_x and user_id"
    assert link_label("A [b] | c#d <x> &amp; D&C") == "A b c d x amp; D C"


def test_a_hostile_paper_lands_in_its_note_as_text() -> None:
    parsed = fake_paper(title=HOSTILE[0]).model_copy(
        update={
            "abstract": HOSTILE[1] + "\n" + HOSTILE[2],
            "datasets": [Dataset(name="<b>Criteo</b>", pages=[2])],
            "captions": [
                Caption(kind="figure", label="Figure 1", text="Figure 1: [x](javascript:y)", page=1,
                        caption_bbox=(0, 0, 1, 1))
            ],
        }
    )  # fmt: skip
    record = PaperRecord(
        id="script-2017",
        title=HOSTILE[0],
        authors=["<i>Ada</i>"],
        sha256="0" * 64,
        domains=["ctr"],
        page_count=2,
    )
    text = render_note(Note(paper=record, parsed=parsed))
    front, body = split_front_matter(text, Path("n.md"))
    assert front["title"] == HOSTILE[0]  # front matter holds the value itself, quoted by YAML
    rendered = RENDER.render(body)
    assert not re.search(r"<(script|img|a|b|i)\b", rendered), rendered
    shown = visible_text(body)
    for printed in (HOSTILE[0], HOSTILE[1], HOSTILE[2], "<b>Criteo</b>", "<i>Ada</i>", "[x](javascript:y)"):
        assert printed in shown
    brief = render_markdown(build_brief("ctr", [Note(paper=record, parsed=parsed)]))
    assert not re.search(r"<(script|img|a|b)\b", RENDER.render(brief))
    assert "<b>Criteo</b>" in visible_text(brief)


def test_the_markdown_deck_shows_paper_text_as_printed() -> None:
    from paperstudy.models import QuizItem, QuizSource
    from paperstudy.quiz.export import deck_markdown

    item = QuizItem(
        id="c1",
        kind="cloze",
        question="The model <script>x</script> uses ____ layers.",
        answer="[cross](javascript:y)",
        source=QuizSource(paper_id="p-2017", page=2, text="It uses *cross* layers <img src=x>."),
    )
    markdown = deck_markdown("ctr", [item], {"p-2017": "<b>Title</b>"})
    assert not re.search(r"<(script|img|a|b|em)\b", RENDER.render(markdown))
    shown = visible_text(markdown)
    for printed in (item.question, item.answer, item.source.text, "<b>Title</b>"):
        assert printed in shown
