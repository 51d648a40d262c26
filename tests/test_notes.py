from pathlib import Path

import pytest

from paperstudy.errors import NoteFormatError
from paperstudy.models import Corrections, ListCorrection, Note, PaperRecord
from paperstudy.notes import MY_NOTES_HEADING, my_notes_of, read_user_content, render_note, split_front_matter
from tests.fakes import fake_paper

P = Path("notes/ctr/deepthing-2017.md")


def make_note(**updates: object) -> Note:
    record = PaperRecord(
        id="deepthing-2017",
        title="DeepThing: Learning Things",
        authors=["Ada Lovelace"],
        year=2017,
        arxiv_id="1703.04247",
        sha256="0" * 64,
        domains=["ctr-prediction", "recommender-systems"],
        page_count=2,
    )
    return Note(paper=record, parsed=fake_paper()).model_copy(update=updates)


def test_render_has_front_matter_facets_outline_and_my_notes_last() -> None:
    text = render_note(make_note())
    front, body = split_front_matter(text, P)
    assert front["id"] == "deepthing-2017"
    assert front["domains"] == ["ctr-prediction", "recommender-systems"]
    assert front["datasets"] == ["Criteo"]
    assert front["metrics"] == [{"name": "AUC", "values": ["0.8007"]}]
    assert front["corrections"]["datasets"] == {"add": [], "remove": []}
    for heading in ("## Data", "## Features", "## Architecture", "## Results", "## Sections"):
        assert heading in body
    assert "We use the Criteo dataset with 45 million examples. (p. 2)" in body
    assert "- 2 Experiments (p. 2) · results" in body
    assert body.rstrip().splitlines()[-1].startswith("<!--")  # My notes is last, and empty
    assert body.index(MY_NOTES_HEADING) > body.index("## Sections")


def test_user_content_round_trips_through_render() -> None:
    corrections = Corrections(
        title="DeepThing (corrected)",
        datasets=ListCorrection(add=["Avazu"], remove=["Criteo"]),
        metrics=ListCorrection(add=["RelaImpr: 3.5%"]),
    )
    my_notes = "Key idea: share embeddings.\n\n## A heading of mine\n- with a list\n"
    text = render_note(make_note(corrections=corrections, my_notes=my_notes.rstrip("\n")))
    user = read_user_content(text, P)
    assert user.corrections == corrections
    assert user.my_notes == my_notes.rstrip("\n")
    front, _ = split_front_matter(text, P)
    assert front["title"] == "DeepThing (corrected)"
    assert front["datasets"] == ["Avazu"]
    assert {"name": "RelaImpr", "values": ["3.5%"]} in front["metrics"]


def test_my_notes_absent_heading_means_empty() -> None:
    assert my_notes_of("# Title\n\nno user section\n") == ""


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ("no front matter", "does not start"),
        ("---\nid: x\n", "no closing"),
        ("---\nid: [unclosed\n---\nbody", "not valid YAML"),
        ("---\n- a list\n---\nbody", "must be a YAML mapping"),
        ("---\ncorrections: {datasets: {add: 5}}\n---\nbody", "corrections block is invalid"),
    ],
)
def test_broken_notes_raise_a_clear_error(text: str, problem: str) -> None:
    with pytest.raises(NoteFormatError, match=problem):
        read_user_content(text, P)


def test_generated_part_ignores_the_two_user_places_only() -> None:
    from paperstudy.notes import generated_part

    text = render_note(make_note())
    edited_user_places = text.replace("datasets: {add: [], remove: []}", "datasets:\n    add: [Avazu]")
    edited_user_places += "\nMy own thoughts.\n"
    assert generated_part(edited_user_places) == generated_part(text)
    assert generated_part(text.replace("## Abstract", "## Abstract\n\nmine")) != generated_part(text)


def test_results_facet_opens_with_the_headline_and_a_compact_results_table() -> None:
    from paperstudy.models import Headline, ResultRow

    row = ResultRow(
        metric="AUC",
        dataset="Criteo",
        model="DeepThing",
        value=0.8007,
        best_baseline="PNN|v2",
        baseline_value=0.7987,
        page=5,
        table="Table 2",
        printed="0.8007",
        baseline_printed="0.7987",
    )
    parsed = fake_paper().model_copy(
        update={
            "model": "DeepThing",
            "results": [row],
            "headline": Headline(text="DeepThing reaches AUC 0.8007 on Criteo.", page=5),
        }
    )
    text = render_note(make_note(parsed=parsed))
    front, body = split_front_matter(text, P)
    assert front["model"] == "DeepThing"
    results = body.split("## Results", 1)[1].split("\n## ", 1)[0].strip().splitlines()
    assert results[0] == "**Headline:** DeepThing reaches AUC 0.8007 on Criteo. (p. 5)"
    assert "| AUC | Criteo | DeepThing | 0.8007 | PNN\\|v2 | 0.7987 | Table 2, p. 5 |" in results


def test_metrics_and_baselines_are_paragraphs_of_their_own() -> None:
    """Markdown joins lines in a row into one paragraph: "… (p. 5) Baselines: LR" read as one list."""
    from markdown_it import MarkdownIt

    parsed = fake_paper().model_copy(update={"baselines": ["LR", "FM"]})
    body = split_front_matter(render_note(make_note(parsed=parsed)), P)[1]
    results = body[body.index("## Results") : body.index("## Sections")]
    html = MarkdownIt().render(results)
    assert "<p><strong>Metrics:</strong> AUC: 0.8007" in html
    assert "<p><strong>Baselines:</strong> LR, FM</p>" in html
