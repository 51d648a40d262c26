"""Question generation from notes: pure and seeded, every item grounded in a sentence of a note.

Kinds: ``facet_recall`` (datasets, metrics, baselines, "what does the X compute"), ``cloze`` (numbers and
names blanked out of results and data sentences), ``multiple_choice`` (distractors of the same kind drawn
from the domain's other papers) and ``compare`` (which of these papers …). Drills live in ``drill``.
"""

from __future__ import annotations

import hashlib
import random
import re
from collections.abc import Sequence

from paperstudy.models import FacetName, Note, QuizItem, QuizKind, QuizSource, Sentence
from paperstudy.quiz.quality import clean_deck, is_garbled, normalise

BLANK = "___"
MAX_CLOZES_PER_PAPER = 6
MAX_DEFINITIONS_PER_PAPER = 4


def card_id(paper_id: str | None, kind: str, slot: str, source_text: str) -> str:
    """A stable id: the same paper, kind, slot and source sentence always give the same card."""
    key = "\x1f".join([paper_id or "", kind, normalise(slot), normalise(source_text)])
    return hashlib.sha256(key.encode("utf-8")).hexdigest()[:16]


def _rng(seed: int, *parts: str) -> random.Random:
    digest = hashlib.sha256(":".join([str(seed), *parts]).encode("utf-8")).hexdigest()
    return random.Random(int(digest[:16], 16))  # noqa: S311 (shuffling questions, not security)


def _initials(title: str) -> str:
    return "".join(w[0].upper() for w in re.findall(r"[A-Za-z][\w-]*", title))


def is_acronym_of(token: str, title: str) -> bool:
    """True when ``token``'s capitals spell initials of the title's words in order ("DCN", "DIEN")."""
    capitals = [c for c in token if c.isupper()]
    if len(capitals) < 2:
        return False
    initials = iter(_initials(title))
    return all(c in initials for c in capitals)


_ACRONYM = re.compile(r"\(([A-Z][A-Za-z0-9-]*[A-Z][A-Za-z0-9-]*)\)")


def paper_label(note: Note) -> str:
    """How questions name a paper: "DeepFM" for "DeepFM: A Factorization-…", the acronym the abstract
    introduces ("Deep & Cross Network (DCN)" → "DCN"), else the quoted title."""
    title = " ".join(note.title.split())
    head, sep, _ = title.partition(":")
    if sep and 1 <= len(head.split()) <= 4:
        return head.strip()
    for match in _ACRONYM.finditer(note.parsed.abstract):
        if is_acronym_of(match.group(1), title):
            return match.group(1)
    if len(title.split()) <= 6:
        return title
    return f"“{title}”"


def _fold(text: str) -> str:
    return " ".join(text.casefold().split())


def _sentences(note: Note, facet: FacetName) -> list[Sentence]:
    summary = note.parsed.facets.get(facet)
    return [s for s in summary.sentences if not is_garbled(s.text)] if summary else []


def _source(note: Note, text: str, page: int | None, section: str | None) -> QuizSource:
    return QuizSource(paper_id=note.paper.id, section=section, page=page, text=" ".join(text.split()))


def _item(
    note: Note | None,
    kind: QuizKind,
    slot: str,
    question: str,
    answer: str,
    source: QuizSource,
    facet: FacetName | None,
    choices: list[str] | None = None,
    accept: list[str] | None = None,
    key_text: str | None = None,
) -> QuizItem:
    paper_id = note.paper.id if note is not None else source.paper_id
    return QuizItem(
        id=card_id(paper_id, kind, slot, source.text if key_text is None else key_text),
        kind=kind,
        question=question,
        answer=answer,
        choices=choices or [],
        source=source,
        facet=facet,
        accept=accept or [],
    )


def _mentioning(note: Note, names: Sequence[str], facets: Sequence[FacetName]) -> Sentence | None:
    """The first clean facet sentence that names one of ``names``."""
    for facet in facets:
        for sentence in _sentences(note, facet):
            text = _fold(sentence.text)
            if any(_fold(n) in text for n in names):
                return sentence
    return None


# --- facet recall ----------------------------------------------------------------------------------------


def _list_items(note: Note, label: str) -> list[QuizItem]:
    items: list[QuizItem] = []
    lists: list[tuple[str, list[str], list[int], str, FacetName, tuple[FacetName, ...]]] = [
        (
            "datasets",
            [d.name for d in note.datasets()],
            [p for d in note.datasets() for p in d.pages],
            f"Which datasets did {label} evaluate on?",
            "data",
            ("data", "results"),
        ),
        (
            "metrics",
            [m.name for m in note.metrics()],
            [p for m in note.metrics() for p in m.pages],
            f"Which evaluation metrics does {label} report?",
            "results",
            ("results", "data"),
        ),
        (
            "baselines",
            note.baselines(),
            [],
            f"Which baselines does {label} compare against?",
            "results",
            ("results", "architecture"),
        ),
    ]
    for slot, names, pages, question, facet, where in lists:
        if not names:
            continue
        sentence = _mentioning(note, names, where)
        if sentence is not None:
            source = _source(note, sentence.text, sentence.page, sentence.section)
        else:
            listed = ", ".join(names)
            source = _source(note, f"The note lists these {slot}: {listed}.", min(pages, default=None), None)
        answer = ", ".join(names)
        items.append(_item(note, "facet_recall", slot, question, answer, source, facet, accept=list(names)))
    return items


_DEFINITION = re.compile(
    r"^(?:The|Our|This|Each|In (?:the|our) model, the)\s+"
    r"(?P<subj>(?:[\w&-]+\s){0,4}?(?:network|layer|component|module|part|unit|mechanism|tower|encoder|"
    r"decoder|block|loss|framework|model|architecture|operator|function))\s+"
    r"(?P<verb>computes|captures|models|learns|consists of|is composed of|combines|extracts|takes|generates|"
    r"produces|applies|maps|shares|aims to|is designed to|is used to|is responsible for|encodes|predicts)\s+"
    r"(?P<rest>.{12,})$"
)
_BASE_VERB = {
    "consists of": "consist of",
    "is composed of": "consist of",
    "aims to": "aim to do",
    "is designed to": "do",
    "is used to": "do",
    "is responsible for": "do",
}


def _definition_items(note: Note, label: str) -> list[QuizItem]:
    items: list[QuizItem] = []
    for facet in ("architecture", "features"):
        for sentence in _sentences(note, facet):
            match = _DEFINITION.match(" ".join(sentence.text.split()))
            if not match:
                continue
            verb = match["verb"]
            base = _BASE_VERB.get(verb, verb[:-1] if verb.endswith("s") else verb)
            subject = match["subj"].strip()
            question = f"In {label}, what does the {subject} {base}?"
            answer = match["rest"].rstrip(" .")
            if verb in {"aims to", "is designed to", "is used to"}:
                answer = f"{verb.split()[-1]} {answer}"
            source = _source(note, sentence.text, sentence.page, sentence.section)
            items.append(_item(note, "facet_recall", subject, question, answer, source, facet))
            if len(items) >= MAX_DEFINITIONS_PER_PAPER:
                return items
    return items


# --- cloze -----------------------------------------------------------------------------------------------

_NUMBER = re.compile(r"(?<![\w.\[-])(\d+(?:\.\d+)?\s?%|\d*\.\d+|\d{1,3}(?:,\d{3})+|\d{2,})(?![\w\]])")
_YEAR = re.compile(r"^(19|20)\d\d$")


def _cloze_target(text: str) -> str | None:
    """The most quizzable number in a sentence: a percentage, then a decimal, then a large count."""
    found = [m.group(1) for m in _NUMBER.finditer(text)]
    found = [n for n in found if not _YEAR.match(n) and text.count(n) == 1]
    for test in (lambda n: n.endswith("%"), lambda n: "." in n, lambda n: len(n.replace(",", "")) >= 3):
        for number in found:
            if test(number):
                return number
    return None


def _blank(text: str, target: str) -> str:
    return re.sub(rf"(?<![\w.]){re.escape(target)}(?![\w%]|\.\d)", BLANK, " ".join(text.split()))


def _cloze_items(note: Note, label: str) -> list[QuizItem]:
    items: list[QuizItem] = []
    dataset_names = sorted({d.name for d in note.datasets()}, key=len, reverse=True)
    metric_names = sorted({m.name for m in note.metrics()}, key=len, reverse=True)
    used: set[str] = set()
    for facet in ("results", "data"):
        for sentence in _sentences(note, facet):
            text = " ".join(sentence.text.split())
            target = _cloze_target(text) if facet == "results" else None
            if target is None:
                names = dataset_names if facet == "data" else metric_names
                target = next((n for n in names if len(n) >= 2 and text.count(n) == 1), None)
            if target is None or _fold(target) in used:
                continue
            used.add(_fold(target))
            question = f"Fill in the blank ({label}): {_blank(text, target)}"
            if BLANK not in question:
                continue
            source = _source(note, text, sentence.page, sentence.section)
            items.append(_item(note, "cloze", target, question, target, source, facet))
            if len(items) >= MAX_CLOZES_PER_PAPER:
                return items
    return items


# --- multiple choice -------------------------------------------------------------------------------------


def _pool(notes: Sequence[Note], slot: str) -> list[str]:
    names: list[str] = []
    for other in notes:
        if slot == "datasets":
            names += [d.name for d in other.datasets()]
        elif slot == "metrics":
            names += [m.name for m in other.metrics()]
        else:
            names += [*other.baselines(), paper_label(other)]
    unique: dict[str, str] = {}
    for name in names:
        unique.setdefault(_fold(name), name)
    return [unique[k] for k in sorted(unique)]


def _choice_items(note: Note, label: str, others: Sequence[Note], rng: random.Random) -> list[QuizItem]:
    items: list[QuizItem] = []
    specs: list[tuple[str, list[str], str, FacetName]] = [
        ("datasets", [d.name for d in note.datasets()], f"Which of these datasets did {label} use?", "data"),
        (
            "metrics",
            [m.name for m in note.metrics()],
            f"Which of these metrics does {label} report?",
            "results",
        ),
        ("baselines", note.baselines(), f"Which of these models does {label} compare against?", "results"),
    ]
    for slot, own, question, facet in specs:
        if not own:
            continue
        own_folded = {_fold(n) for n in own} | {_fold(label)}
        distractors = [n for n in _pool(others, slot) if _fold(n) not in own_folded]
        if len(distractors) < 2:
            continue
        answer = rng.choice(sorted(own))
        choices = [answer, *rng.sample(distractors, min(3, len(distractors)))]
        rng.shuffle(choices)
        sentence = _mentioning(note, [answer], ("data", "results", "architecture"))
        if sentence is not None:
            source = _source(note, sentence.text, sentence.page, sentence.section)
        else:
            source = _source(note, f"The note lists these {slot}: {', '.join(own)}.", None, None)
        # One card per paper and list: its id must not depend on which answer the seed picked.
        items.append(
            _item(note, "multiple_choice", slot, question, answer, source, facet, choices, key_text="")
        )
    return items


# --- compare (domain level) ------------------------------------------------------------------------------

_CONTRIBUTION = re.compile(r"\b[Ww]e (?:propose|present|introduce|develop|design)\b")
_CAPITAL_RUN = re.compile(r"\b[A-Z][\w-]*(?:\s+(?:&\s+)?[A-Z][\w-]*)+|\b[A-Z][A-Za-z]*[A-Z][\w-]*\b")


def _split(text: str) -> list[str]:
    return [s.strip() for s in re.split(r"(?<=[.!?])\s+(?=[A-Z])", " ".join(text.split())) if s.strip()]


def _mask_names(text: str, note: Note, label: str) -> str:
    title = _fold(note.title)
    masked = re.sub(re.escape(label.strip("“”")), BLANK, text, flags=re.IGNORECASE)
    for match in list(_CAPITAL_RUN.finditer(masked))[::-1]:
        run = match.group(0)
        if _fold(run) in title or is_acronym_of(run, note.title):
            masked = masked[: match.start()] + BLANK + masked[match.end() :]
    return re.sub(r"\(\s*[A-Z][\w-]{1,12}\s*\)", f"({BLANK})", masked)


def _compare_items(notes: Sequence[Note], labels: dict[str, str], seed: int, domain: str) -> list[QuizItem]:
    if len(notes) < 3:
        return []
    items: list[QuizItem] = []
    users: dict[str, list[Note]] = {}
    for note in notes:
        for dataset in note.datasets():
            users.setdefault(_fold(dataset.name), []).append(note)
    for note in notes:
        rng = _rng(seed, domain, "compare", note.paper.id)
        label = labels[note.paper.id]
        candidates: list[tuple[str, str, QuizSource, FacetName, set[str]]] = []
        for dataset in note.datasets():
            if len(users[_fold(dataset.name)]) == 1:
                sentence = _mentioning(note, [dataset.name], ("data", "results"))
                page = sentence.page if sentence else min(dataset.pages, default=None)
                text = (
                    sentence.text
                    if sentence
                    else f"The note lists {dataset.name} among the datasets of {label}."
                )
                source = _source(note, text, page, sentence.section if sentence else None)
                question = f"Which of these papers evaluates on {dataset.name}?"
                candidates.append((dataset.name, question, source, "data", {_fold(dataset.name)}))
        for text in [*_split(note.parsed.abstract), *(s.text for s in _sentences(note, "architecture"))]:
            if _CONTRIBUTION.search(text) and not is_garbled(text):
                masked = _mask_names(text, note, label)
                question = f"Which of these papers says: “{masked}”"
                source = _source(note, text, 1 if text in note.parsed.abstract else None, "Abstract")
                candidates.append(("contribution", question, source, "architecture", set()))
                break
        for slot, question, source, facet, needs_absent in candidates[:3]:
            others = [
                labels[o.paper.id]
                for o in notes
                if o.paper.id != note.paper.id
                and not needs_absent & {_fold(d.name) for d in o.datasets()}
                and labels[o.paper.id] not in question
            ]
            if len(others) < 2:
                continue
            choices = [label, *rng.sample(sorted(others), min(3, len(others)))]
            rng.shuffle(choices)
            items.append(_item(note, "compare", slot, question, label, source, facet, choices))
    return items


# --- decks -----------------------------------------------------------------------------------------------


def unique_labels(notes: Sequence[Note]) -> dict[str, str]:
    """Paper id → label, with the year (then the id) added where two papers would read the same."""
    labels = {n.paper.id: paper_label(n) for n in notes}
    for note in notes:
        clashes = [n for n in notes if labels[n.paper.id] == labels[note.paper.id]]
        if len(clashes) > 1:
            for other in clashes:
                labels[other.paper.id] = f"{paper_label(other)} ({other.year or other.paper.id})"
    return labels


def paper_items(
    note: Note, others: Sequence[Note] = (), *, seed: int = 0, label: str | None = None
) -> list[QuizItem]:
    """Every item for one paper (distractors come from ``others``), before quality filtering."""
    label = label or paper_label(note)
    rng = _rng(seed, note.paper.id)
    return [
        *_list_items(note, label),
        *_definition_items(note, label),
        *_cloze_items(note, label),
        *_choice_items(note, label, [o for o in others if o.paper.id != note.paper.id], rng),
    ]


def paper_deck(note: Note, others: Sequence[Note] = (), *, seed: int = 0) -> list[QuizItem]:
    """One paper's deck, filtered for quality."""
    return clean_deck(paper_items(note, others, seed=seed))


def domain_deck(notes: Sequence[Note], domain: str, *, seed: int = 0) -> list[QuizItem]:
    """A domain's deck: each paper's items plus compare questions across papers, filtered for quality."""
    ordered = sorted(notes, key=lambda n: n.paper.id)
    labels = unique_labels(ordered)
    items: list[QuizItem] = []
    for note in ordered:
        items += paper_items(note, ordered, seed=seed, label=labels[note.paper.id])
    items += _compare_items(ordered, labels, seed, domain)
    return clean_deck(items)
