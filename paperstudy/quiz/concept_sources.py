"""Where conceptual cards come from (pure): the paper's clean sentences with the role of the section they
stand in, the key span a card asks for, and whether a sentence speaks of the paper's own model."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from paperstudy.models import FacetName, Note, Section
from paperstudy.parsing.facets import is_clean_sentence
from paperstudy.parsing.sentences import clean, split_sentences
from paperstudy.quiz.quality import is_garbled, normalise

MIN_ANSWER_WORDS = 6
MAX_CONCEPTS_PER_PAPER = 16
SECTION_CARDS = 3
"""How many method sections a paper's deck explains ("In DCN, explain “Cross network” …")…"""
FEW_CONCEPTS = 10
"""… or more, up to this many concept cards in all, when the other concept cards are fewer."""

Role = str
"""Where a sentence stands: abstract, intro, related, method, setup, results, ablation, online, conclusion."""

_ROLE_HEADINGS: tuple[tuple[Role, re.Pattern[str]], ...] = (
    ("related", re.compile(r"(?i)related|background|prior work|literature|preliminar")),
    ("ablation", re.compile(r"(?i)ablation|variants?\b|component analysis|effect of|impact of|study of")),
    ("online", re.compile(r"(?i)online|a/b|deploy|production|serving|live")),
    ("intro", re.compile(r"(?i)introduction|motivation|overview")),
    ("conclusion", re.compile(r"(?i)conclu|summary|discussion|future work")),
    ("results", re.compile(r"(?i)results?|performance|comparison")),
    ("setup", re.compile(r"(?i)setup|set-up|settings?|datasets?|data\b|implementation|protocol|metrics?")),
    ("results", re.compile(r"(?i)evaluation|experiments?|analysis")),
)
_SKIP_HEADINGS = re.compile(r"(?i)references|bibliography|acknowledg|appendix")


@dataclass(frozen=True)
class Candidate:
    """A clean sentence of the paper with where it stands."""

    text: str
    page: int
    section: str
    role: Role
    facet: FacetName
    position: int
    topic: str = ""
    """What the section is about, by heading: its own, or its parent's when its own says nothing
    ("Description" under "Tree SHAP" is about Tree SHAP)."""


# Headings that name a kind of section, not a subject.
GENERIC_HEADING = re.compile(
    r"(?i)^(?:the |our |a )?(?:proposed |overall |general )?(?:models?|approach(?:es)?|methods?|methodology|"
    r"frameworks?|architectures?|overview|details?|notations?|problem(?: formulation| definition| statement| "
    r"setting)?|preliminar\w*|discussions?|analysis|summary|descriptions?|recommendations?|examples?|case "
    r"stud\w+|limitations?|background|definitions?|formulation|algorithms?|system|implementation)$"
)


def section_role(section: Section, index: int) -> Role:
    """The role of a section, from its heading first and its facet second."""
    for role, pattern in _ROLE_HEADINGS:
        if pattern.search(section.heading):
            return role
    if index == 0:
        return "intro"
    if section.facet == "results":
        return "results"
    if section.facet == "data":
        return "setup"
    return "method"


def _segments(note: Note, section: Section) -> list[tuple[int, str]]:
    pages = note.parsed.pages
    segs = [
        (span.page, pages[span.page - 1][span.start : span.end])
        for span in section.spans
        if 1 <= span.page <= len(pages) and span.end <= len(pages[span.page - 1])
    ]
    if segs and sum(len(t) for _, t in segs) >= 0.8 * len(section.text.strip()):
        return segs
    return [(section.page_start, section.text)]


_POINTING = re.compile(
    r"(?i)\b(?:Eq\.|Eqs\.|Equation|as follows|the following|shown in|illustrated in|in this section|"
    r"in the next section|in section \d)|•|:$"
)


def _good(text: str) -> bool:
    if len(text.split()) > 50 or _POINTING.search(text):
        return False
    return is_clean_sentence(text) and not is_garbled(text)


def candidates(note: Note) -> list[Candidate]:
    """Every clean sentence of the abstract and the body (references and appendices left out)."""
    out: list[Candidate] = []
    abstract = note.parsed.abstract
    for span in split_sentences(abstract):
        text = clean(abstract[span.start : span.end])
        if _good(text):
            out.append(Candidate(text, 1, "Abstract", "abstract", "other", len(out)))
    parent_role: Role | None = None
    parent_heading = ""
    level1 = 0
    for section in note.parsed.sections:
        if _SKIP_HEADINGS.search(section.heading):
            if section.level == 1:
                break
            continue
        role = section_role(section, level1 if section.level == 1 else 1)
        if section.level == 1:
            level1 += 1
            parent_role, parent_heading = role, section.heading
        elif role == "method" and parent_role in {"related", "results", "setup", "online"}:
            role = parent_role
        own_subject = section.level == 1 or not GENERIC_HEADING.match(section.heading.strip())
        topic = section.heading if own_subject else parent_heading
        segs = _segments(note, section)
        joined, starts = "", []
        for page, text in segs:
            starts.append((len(joined), page))
            joined += text if not joined else "\n" + text
        for span in split_sentences(joined):
            text = clean(joined[span.start : span.end])
            if not _good(text):
                continue
            page = next(pg for offset, pg in reversed(starts) if offset <= span.start)
            out.append(Candidate(text, page, section.title, role, section.facet, len(out), topic))
    return out + _facet_candidates(note, {normalise(c.text) for c in out}, len(out))


_FACET_ROLES: dict[str, Role] = {"data": "setup", "results": "results"}


def _facet_candidates(note: Note, seen: set[str], start: int) -> list[Candidate]:
    """The note's facet sentences the sections did not give (a note without section texts)."""
    roles = {s.title: section_role(s, i) for i, s in enumerate(note.parsed.sections)}
    out: list[Candidate] = []
    for facet, summary in note.parsed.facets.items():
        for sentence in summary.sentences:
            text = " ".join(sentence.text.split())
            if normalise(text) in seen or not _good(text):
                continue
            seen.add(normalise(text))
            role = roles.get(sentence.section or "", _FACET_ROLES.get(facet, "method"))
            section = sentence.section or facet
            out.append(Candidate(text, sentence.page, section, role, facet, start + len(out)))
    return out


# --- key spans -------------------------------------------------------------------------------------------

_LEAD = re.compile(
    r"^(?:(?:In (?:this|the present) (?:paper|work|article|study)|To this end|To (?:address|tackle|solve|"
    r"overcome|alleviate|resolve|handle|deal with|mitigate) (?:this|these|those|such|the above|both)"
    r"(?: [\w-]+){0,4}|However|Specifically|Moreover|Furthermore|In addition|Additionally|Therefore|Thus|"
    r"Hence|Besides|Finally|First(?:ly)?|Second(?:ly)?|Third(?:ly)?|Notably|In particular|Meanwhile|"
    r"Overall|As a result|In summary|In short|Concretely|Intuitively|Importantly)\s*,\s*)+"
)


def key_span(text: str) -> str:
    """The clause a card asks for: the sentence without its leading connective and final stop."""
    span = _LEAD.sub("", " ".join(text.split())).rstrip(" .;:")
    return span[:1].upper() + span[1:] if span else span


def long_enough(answer: str) -> bool:
    return len(answer.split()) >= MIN_ANSWER_WORDS


# --- naming ----------------------------------------------------------------------------------------------


def own_names(note: Note, label: str) -> list[str]:
    """How the paper refers to its own model: the parsed model name, the label, "our model", "we"."""
    names = [label.strip("“”")]
    if note.parsed.model:
        names.append(note.parsed.model)
    return [n for n in dict.fromkeys(names) if n]


# How a paper speaks of itself: "we", or "this paper" and its synonyms (surveys and tutorials say "this
# text", "this article").
SELF_REFERENCE = r"this (?:paper|work|text|article|study|survey|tutorial)"
_SELF = re.compile(rf"(?i)\b(?:we|our|ours|the proposed|{SELF_REFERENCE})\b")


def speaks_of_own(text: str, names: Sequence[str]) -> bool:
    """True when a sentence is about the paper's own model (names it, or says "we" / "our")."""
    if _SELF.search(text):
        return True
    folded = text.casefold()
    return any(re.search(rf"(?<!\w){re.escape(n.casefold())}(?!\w)", folded) for n in names)
