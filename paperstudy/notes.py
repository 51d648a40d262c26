"""Note ⇄ Markdown with YAML front matter. Pure: text in, text out.

The generated parts are rebuilt on every ingest; two parts belong to the user and are carried over
verbatim: the ``corrections`` block of the front matter and everything under ``## My notes``.
"""

from __future__ import annotations

import hashlib
import re
from pathlib import Path
from typing import Any

import yaml
from pydantic import ValidationError

from paperstudy import __version__
from paperstudy.errors import NoteFormatError
from paperstudy.mdescape import escape_block, escape_inline, link_label, plain_value
from paperstudy.models import FACETS, Corrections, FacetName, Note, Section

MY_NOTES_HEADING = "## My notes"
MY_NOTES_HINT = "<!-- Everything below this heading is yours: paperstudy never changes it. -->"
CORRECTIONS_HINT = (
    "# corrections: your fixes to extracted fields; kept when the paper is ingested again.\n"
    "# e.g. datasets: {add: [Avazu], remove: [Company]}; metrics: {add: ['RelaImpr: 3.5%']}; title: ..."
)
_FENCE, _CLOSE = "---\n", "\n---\n"
"""The lines around the YAML front matter."""
FACET_TITLES: dict[FacetName, str] = {
    "data": "Data",
    "features": "Features",
    "architecture": "Architecture",
    "results": "Results",
}


class UserContent:
    """What a note holds that only the user writes."""

    def __init__(self, corrections: Corrections | None = None, my_notes: str = "") -> None:
        self.corrections = corrections or Corrections()
        self.my_notes = my_notes


def split_front_matter(text: str, path: Path) -> tuple[dict[str, Any], str]:
    """The YAML mapping between the leading ``---`` lines, and the body after it."""
    if not text.startswith(_FENCE):
        raise NoteFormatError(path, "the note does not start with a '---' front matter block")
    end = _front_matter_end(text)
    if end < 0:
        raise NoteFormatError(path, "the front matter block has no closing '---' line")
    try:
        data = yaml.safe_load(text[4:end]) or {}
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        where = f" (line {mark.line + 2})" if mark is not None else ""
        raise NoteFormatError(path, f"the front matter is not valid YAML{where}; fix it and retry") from error
    if not isinstance(data, dict):
        raise NoteFormatError(path, "the front matter must be a YAML mapping (key: value lines)")
    return data, text[end + len(_CLOSE) :]


def with_paper_id(text: str, path: Path, new_id: str) -> str:
    """The note with its front matter's ``id:`` line naming ``new_id`` (everything else byte for byte)."""
    split_front_matter(text, path)  # a broken note is reported, never rewritten
    end = _front_matter_end(text)
    head, n = re.subn(r"(?m)^id: .*$", f"id: {new_id}", text[:end], count=1)
    if n != 1:
        raise NoteFormatError(path, "the front matter has no 'id:' line; add the paper's id and retry")
    return head + text[end:]


def _front_matter_end(text: str) -> int:
    """Where the closing ``---`` line of the front matter starts (-1 when there is none)."""
    return text.find(_CLOSE, len(_FENCE)) if text.startswith(_FENCE) else -1


def read_user_content(text: str, path: Path) -> UserContent:
    """The user's corrections and "My notes" from an existing note (raises if it cannot be read safely)."""
    front, body = split_front_matter(text, path)
    try:
        corrections = Corrections.model_validate(front.get("corrections") or {})
    except ValidationError as error:
        problem = "; ".join(
            f"{'.'.join(str(p) for p in e['loc']) or 'corrections'}: {e['msg']}" for e in error.errors()
        )
        raise NoteFormatError(path, f"the corrections block is invalid ({problem})") from error
    return UserContent(corrections, my_notes_of(body))


def my_notes_of(body: str) -> str:
    """The text under the "## My notes" heading (to the end: it is the note's last section)."""
    lines = body.split("\n")
    for index, line in enumerate(lines):
        if line.strip() == MY_NOTES_HEADING:
            rest = "\n".join(lines[index + 1 :]).strip("\n")
            return rest.removeprefix(MY_NOTES_HINT).strip("\n")
    return ""


def generated_part(text: str) -> str:
    """The note without its two user-owned places (the ``corrections:`` block and the body of
    "## My notes"): what paperstudy regenerates, so a change here means a hand edit elsewhere."""
    kept: list[str] = []
    in_corrections = False
    for line in text.split("\n"):
        if line.strip() == MY_NOTES_HEADING:
            kept.append(line)
            break
        if line.startswith("corrections:"):
            in_corrections = True
            continue
        if in_corrections and (line.startswith((" ", "\t")) or not line.strip()):
            continue
        in_corrections = False
        kept.append(line)
    return "\n".join(kept)


def edited_by_hand(text: str, written_sha256: str | None) -> bool:
    """Whether a note's generated part differs from the one paperstudy last wrote (its hash)."""
    return hashlib.sha256(generated_part(text).encode("utf-8")).hexdigest() != written_sha256


def with_user_content(note: Note, user: UserContent | None) -> Note:
    """The note carrying the user's corrections and "My notes" over (unchanged when there are none)."""
    if user is None:
        return note
    return note.model_copy(update={"corrections": user.corrections, "my_notes": user.my_notes})


def note_body(text: str) -> str:
    """A note file's Markdown after its front matter (the whole text when it has none)."""
    end = _front_matter_end(text)
    return text[end + len(_CLOSE) :] if end >= 0 else text


def has_my_notes(text: str) -> bool:
    """Whether the user has written anything under "## My notes"."""
    return bool(my_notes_of(note_body(text)).strip())


def replace_my_notes(text: str, mine: str) -> str:
    """The note file with the body of its "## My notes" section replaced by ``mine`` (the heading is added
    when missing); nothing above the heading changes."""
    lines = text.split("\n")
    heading = next((i for i, line in enumerate(lines) if line.strip() == MY_NOTES_HEADING), None)
    head = (
        text.rstrip("\n") + "\n\n" + MY_NOTES_HEADING if heading is None else "\n".join(lines[: heading + 1])
    )
    cleaned = mine.replace("\r\n", "\n").strip("\n")
    new_text = head + "\n\n" + MY_NOTES_HINT + "\n\n" + (cleaned + "\n\n" if cleaned else "")
    return new_text.rstrip("\n") + "\n"


def render_note(note: Note) -> str:
    """The whole Markdown file for a note."""
    return "---\n" + _front_matter(note) + "---\n\n" + _body(note)


def _front_matter(note: Note) -> str:
    record = note.paper
    generated = {
        "id": record.id,
        "title": plain_value(note.title),
        "aliases": [plain_value(a) for a in aliases(note)],
        "tags": tags(note),
        "citekey": record.citekey,
        "authors": [plain_value(a) for a in note.authors],
        "year": note.year,
        "arxiv_id": record.arxiv_id,
        "doi": record.doi,
        "sha256": record.sha256,
        "domains": record.domains,
        "pages": record.page_count,
        "model": plain_value(note.parsed.model) if note.parsed.model else None,
        "datasets": [plain_value(d.name) for d in note.datasets()],
        "metrics": [
            {"name": plain_value(m.name), "values": [plain_value(v) for v in m.values[:5]]}
            for m in note.metrics()
        ],
        "baselines": [plain_value(b) for b in note.baselines()],
        "generated_by": f"paperstudy {__version__}",
    }
    # One line per correctable field, so the block is easy to edit by hand.
    corrections = note.corrections.model_dump(mode="json")
    lines = [f"  {key}: {_flow_yaml(value)}" for key, value in corrections.items()]
    return _dump_yaml(generated) + CORRECTIONS_HINT + "\ncorrections:\n" + "\n".join(lines) + "\n"


def _flow_yaml(value: Any) -> str:
    text = yaml.safe_dump(value, default_flow_style=True, allow_unicode=True, width=10_000)
    return text.removesuffix("\n").removesuffix("\n...").strip()


def _dump_yaml(data: dict[str, Any]) -> str:
    return yaml.safe_dump(data, sort_keys=False, allow_unicode=True, width=100, default_flow_style=None)


def _body(note: Note) -> str:
    parsed = note.parsed
    lines = [f"# {escape_inline(note.title)}", ""]
    byline = [escape_inline(", ".join(note.authors))] if note.authors else []
    if note.year:
        byline.append(str(note.year))
    if note.paper.arxiv_id:
        byline.append(f"[arXiv {note.paper.arxiv_id}](https://arxiv.org/abs/{note.paper.arxiv_id})")
    if note.paper.doi:
        byline.append(f"DOI {escape_inline(note.paper.doi)}")
    if byline:
        lines += [" · ".join(byline), ""]
    if parsed.abstract:
        lines += ["## Abstract", "", escape_block(parsed.abstract), ""]
    for facet in FACETS:
        lines += [f"## {FACET_TITLES[facet]}", ""]
        lines += _facet_lines(note, facet)
        lines.append("")
    if parsed.captions:
        lines += ["## Figures and tables", ""]
        lines += [
            f"- **{escape_inline(c.label)}** (p. {c.page}): {escape_inline(_caption_text(c.label, c.text))}"
            for c in parsed.captions
        ]
        lines.append("")
    lines += ["## Sections", ""]
    lines += [_outline_line(s) for s in parsed.sections] or ["_No headings were recognised._"]
    if note.related:
        lines += ["", "## Related papers", ""]
        lines += [f"- {wikilink(r.paper_id, r.label)} · {r.reason}" for r in note.related]
    lines += ["", MY_NOTES_HEADING, "", MY_NOTES_HINT, ""]
    if note.my_notes:
        lines += [note.my_notes, ""]
    return "\n".join(lines)


def _facet_lines(note: Note, facet: FacetName) -> list[str]:
    summary = note.parsed.facets.get(facet)
    lines = [f"- {escape_inline(s.text)} (p. {s.page})" for s in summary.sentences] if summary else []
    if facet == "data" and note.datasets():
        names = ", ".join(
            escape_inline(d.name) + (f" ({escape_inline(d.size)})" if d.size else "") + _pages(d.pages)
            for d in note.datasets()
        )
        lines.insert(0, f"**Datasets:** {names}")
    if facet == "results":
        # Each list its own paragraph: lines in a row would render as one ("… (p. 7) Baselines: GCN").
        lists: list[str] = []
        if note.metrics():
            metrics = "; ".join(
                escape_inline(m.name)
                + (f": {escape_inline(', '.join(m.values[:3]))}" if m.values else "")
                + _pages(m.pages)
                for m in note.metrics()
            )
            lists += [f"**Metrics:** {metrics}", ""]
        if note.baselines():
            lists += [f"**Baselines:** {escape_inline(', '.join(note.baselines()))}", ""]
        lines[:0] = lists
        lines[:0] = _results_table(note)
        headline = note.parsed.headline
        if headline:
            # A blank line after it: a Markdown table must not run on from a paragraph.
            lines[:0] = [f"**Headline:** {escape_inline(headline.text)} (p. {headline.page})", ""]
    return lines or ["_Nothing was found for this facet; add what you know under My notes._"]


def _results_table(note: Note) -> list[str]:
    """The own model against the best baseline, one row per metric and dataset, as a Markdown table."""
    rows = note.parsed.results
    if not rows:
        return []
    out = [
        "| Metric | Dataset | Model | Value | Best baseline | Baseline value | Source |",
        "|---|---|---|---|---|---|---|",
    ]
    for r in rows:
        cells = [
            r.metric,
            r.dataset or "",
            r.model,
            r.printed,
            r.best_baseline or "",
            r.baseline_printed or "",
            f"{r.table}, p. {r.page}",
        ]
        out.append("| " + " | ".join(_cell(c) for c in cells) + " |")
    return [*out, ""]


def _cell(text: str) -> str:
    """Paper text for a Markdown table cell: one line, escaped, its pipes too (they would end the cell)."""
    escaped = escape_inline(text)
    return re.sub(r"(?<!\\)\|", r"\\|", escaped)


def _pages(pages: list[int]) -> str:
    if not pages:
        return ""
    shown = ", ".join(str(p) for p in pages[:4])
    return f" (p. {shown})" if len(pages) == 1 else f" (pp. {shown})"


def _outline_line(section: Section) -> str:
    indent = "  " * (section.level - 1)
    pages = (
        f"p. {section.page_start}"
        if section.page_start == section.page_end
        else f"pp. {section.page_start}–{section.page_end}"
    )
    return f"{indent}- {escape_inline(section.title)} ({pages}) · {section.facet}"


def _caption_text(label: str, text: str) -> str:
    """The caption without its printed label ("Figure 1: The model" → "The model")."""
    text = _one_line(text)
    if text.casefold().startswith(label.casefold()):
        text = text[len(label) :].lstrip(" .:|—-")
    return text


def _one_line(text: str) -> str:
    return " ".join(text.split())


# --- Obsidian: aliases, tags and wikilinks (issue: Zotero/BibTeX) -------------------------------------------

_SHORT_TITLE = re.compile(r"^([^:]{2,40}):\s")
_TITLE_HEAD = re.compile(r"^(.+?)(?::|\s(?:for|over|with|in|on|via|of|to|from|using|based)\s|$)")
_FUNCTION_WORDS = frozenset({"a", "an", "the", "and", "&"})


def fold_name(name: str) -> str:
    """A name as compared: lower-case letters and digits, a plural ``s`` after capitals dropped (FFMs)."""
    name = re.sub(r"(?<=[A-Z])s$", "", name.strip())
    return re.sub(r"[^0-9a-z]+", "", name.casefold())


def title_acronym(title: str) -> str | None:
    """The acronym a title's head spells ("Neural Factorization Machines for …" → NFM), 3–6 letters, for
    matching a baseline as another paper prints it; None when the head is too short or too long."""
    match = _TITLE_HEAD.match(title.strip())
    words = [w for w in (match.group(1) if match else "").split() if w.casefold() not in _FUNCTION_WORDS]
    letters = "".join(w[0] for w in words if w[0].isalpha())
    return letters.upper() if 3 <= len(letters) <= 6 else None


def short_name(title: str, model: str | None = None) -> str | None:
    """The name a paper goes by: its model ("DeepFM"), else a short title prefix before a colon."""
    if model and model.strip():
        return model.strip()
    match = _SHORT_TITLE.match(title)
    return match.group(1).strip() if match and len(match.group(1).split()) <= 4 else None


def aliases(note: Note) -> list[str]:
    """Obsidian ``aliases``: the title (as corrected) and the model's name or acronym, without repeats."""
    names = [note.title, short_name(note.title, note.parsed.model) or title_acronym(note.title) or ""]
    out: list[str] = []
    for name in names:
        if name and fold_name(name) not in {fold_name(n) for n in out}:
            out.append(name)
    return out


def tags(note: Note) -> list[str]:
    """Obsidian ``tags``: the paper's domains and ``facet/<name>`` for each facet the note covers."""
    covered = [
        facet
        for facet in FACETS
        if (note.parsed.facets.get(facet) and note.parsed.facets[facet].sentences)
        or any(s.facet == facet for s in note.parsed.sections)
    ]
    return [*note.paper.domains, *(f"facet/{facet}" for facet in covered)]


def wikilink(paper_id: str, label: str | None = None) -> str:
    """``[[paper-id|Label]]`` (the note's file name is its id, unique in the vault); the label is cut to
    words and plain punctuation so it can never close the link or inject markup."""
    clean = link_label(label or "")
    return f"[[{paper_id}|{clean}]]" if clean and clean != paper_id else f"[[{paper_id}]]"
