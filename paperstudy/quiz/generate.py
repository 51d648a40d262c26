"""Question generation from notes: pure and seeded, every item grounded in a sentence the paper prints.

Kinds: ``concept`` (the problem and how, a training example, features, components, contrasts, loss and
training, offline and online evaluation, ablation, headline result: ``concepts``), ``facet_recall``
(datasets, metrics, baselines, only names with strong evidence), ``cloze`` (dataset and metric names blanked
out of data and results sentences, never a bare number), ``multiple_choice`` (distractors of the same kind
drawn from the domain's other papers, never the domain's universal metric) and ``compare`` (which of these
papers …). Drills live in ``drill``.
"""

from __future__ import annotations

import hashlib
import random
import re
from collections.abc import Iterable, Sequence

from paperstudy.models import Dataset, FacetName, Metric, Note, QuizItem, QuizKind, QuizSource, Sentence
from paperstudy.quiz.concepts import concept_items
from paperstudy.quiz.quality import clean_deck, is_garbled, normalise, retire_reasons

BLANK = "___"
MAX_CLOZES_PER_PAPER = 6
MAX_LISTED_NAMES = 4
UNIVERSAL_SHARE = 0.5
"""A metric reported by more than this share of a domain's papers (three or more) is its universal one."""


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
    """How questions name a paper: "DeepFM" for "DeepFM: A Factorization-…", else its own model as the
    parser found it ("NFM"), else the acronym the abstract introduces ("Deep & Cross Network (DCN)" →
    "DCN"), else the quoted title. The model comes before the abstract's acronyms, which also name what
    the paper builds on ("Factorization Machines (FMs)")."""
    title = " ".join(note.title.split())
    head, sep, _ = title.partition(":")
    if sep and 1 <= len(head.split()) <= 4:
        return head.strip()
    model = note.parsed.model
    if model and len(model.split()) <= 4:
        return model
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

_TOKEN = re.compile(r"[a-z0-9]+")


def _tokens(name: str) -> frozenset[str]:
    return frozenset(t for t in _TOKEN.findall(name.casefold()) if len(t) >= 3 or t.isdigit())


def _grouped(names: list[tuple[str, int]]) -> list[str]:
    """One name per group of names that are the same thing written two ways (one's words inside the
    other's: "Criteo" / "Criteo Display Ads"), the most mentioned first; names without words dropped."""
    groups: list[list[tuple[str, int]]] = []
    for name, weight in names:
        words = _tokens(name)
        if not words:
            continue
        home = [g for g in groups if any(words <= _tokens(n) or _tokens(n) <= words for n, _ in g)]
        merged = [entry for g in home for entry in g] + [(name, weight)]
        groups = [g for g in groups if g not in home] + [merged]
    best = [max(g, key=lambda e: (e[1], -len(e[0]))) for g in groups]
    return [name for name, _ in sorted(best, key=lambda e: -e[1])]


def strong_datasets(note: Note, everything: Iterable[Dataset] | None = None) -> list[str]:
    """Dataset names with strong evidence: printed on two pages or more (a table and the text, or several
    sections), one per group of names for the same data. ``everything`` (all extracted names, weak ones
    too) decides the groups."""
    datasets = list(everything if everything is not None else note.datasets())
    pages = {_fold(d.name): len(set(d.pages)) for d in datasets}
    grouped = _grouped([(d.name, pages[_fold(d.name)]) for d in datasets])
    return [n for n in grouped if pages.get(_fold(n), 0) >= 2][:MAX_LISTED_NAMES]


def strong_metrics(note: Note) -> list[str]:
    """Metric names with strong evidence: those of the paper's results tables when it has some (the own
    model's numbers), else those with reported values printed on two pages or more."""
    metrics: list[Metric] = note.metrics()
    in_tables = {_fold(r.metric) for r in note.parsed.results}
    if in_tables:
        chosen = [(m.name, len(set(m.pages))) for m in metrics if _fold(m.name) in in_tables]
    else:
        chosen = [(m.name, len(set(m.pages))) for m in metrics if m.values and len(set(m.pages)) >= 2]
    return _grouped(chosen)[:MAX_LISTED_NAMES]


def _list_items(note: Note, label: str) -> list[QuizItem]:
    items: list[QuizItem] = []
    lists: list[tuple[str, list[str], str, FacetName, tuple[FacetName, ...]]] = [
        (
            "datasets",
            strong_datasets(note),
            f"Which datasets did {label} evaluate on?",
            "data",
            ("data", "results"),
        ),
        (
            "metrics",
            strong_metrics(note),
            f"Which evaluation metrics does {label} report?",
            "results",
            ("results", "data"),
        ),
        (
            "baselines",
            note.baselines(),
            f"Which baselines does {label} compare against?",
            "results",
            ("results", "architecture"),
        ),
    ]
    for slot, names, question, facet, where in lists:
        if not names:
            continue
        sentence = _mentioning(note, names, where)
        if sentence is None:
            continue  # a list the paper never states in a sentence has no source to show
        source = _source(note, sentence.text, sentence.page, sentence.section)
        answer = ", ".join(names)
        items.append(_item(note, "facet_recall", slot, question, answer, source, facet, accept=list(names)))
    return items


# --- cloze -----------------------------------------------------------------------------------------------


def _blank(text: str, target: str) -> str:
    return re.sub(rf"(?<![\w.]){re.escape(target)}(?![\w%]|\.\d)", BLANK, " ".join(text.split()))


def _cloze_items(note: Note, label: str) -> list[QuizItem]:
    items: list[QuizItem] = []
    # Longest first, then by name: a set's order changes with the hash seed, and of two names as long
    # ("Micro-F1", "Macro-F1") the one asked would too.
    dataset_names = sorted(set(strong_datasets(note)), key=lambda n: (-len(n), n))
    metric_names = sorted(set(strong_metrics(note)), key=lambda n: (-len(n), n))
    used: set[str] = set()
    for facet in ("results", "data"):
        for sentence in _sentences(note, facet):
            text = " ".join(sentence.text.split())
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


def _all_names(note: Note, slot: str) -> list[str]:
    if slot == "datasets":
        return [d.name for d in note.datasets()]
    if slot == "metrics":
        return [m.name for m in note.metrics()]
    return note.baselines()


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


def universal_metrics(notes: Sequence[Note]) -> set[str]:
    """Folded names of the metrics more than half of the papers report (AUC in CTR prediction): asking
    which of them a paper reports teaches nothing. None below three papers."""
    if len(notes) < 3:
        return set()
    counts: dict[str, int] = {}
    for note in notes:
        for name in {_fold(m.name) for m in note.metrics()}:
            counts[name] = counts.get(name, 0) + 1
    return {name for name, count in counts.items() if count > UNIVERSAL_SHARE * len(notes)}


def _choice_items(
    note: Note, label: str, others: Sequence[Note], rng: random.Random, universal: set[str]
) -> list[QuizItem]:
    items: list[QuizItem] = []
    specs: list[tuple[str, list[str], str, FacetName]] = [
        ("datasets", strong_datasets(note), f"Which of these datasets did {label} use?", "data"),
        (
            "metrics",
            [m for m in strong_metrics(note) if _fold(m) not in universal],
            f"Which of these metrics does {label} report?",
            "results",
        ),
        ("baselines", note.baselines(), f"Which of these models does {label} compare against?", "results"),
    ]
    for slot, own, question, facet in specs:
        if not own:
            continue
        own_folded = {_fold(n) for n in own} | {_fold(label)} | {_fold(n) for n in _all_names(note, slot)}
        distractors = [n for n in _pool(others, slot) if _fold(n) not in own_folded]
        if len(distractors) < 2:
            continue
        where: tuple[FacetName, ...] = ("data", "results", "architecture")
        said = {name: _mentioning(note, [name], where) for name in sorted(own)}
        grounded = [name for name, sentence in said.items() if sentence is not None]
        if not grounded:
            continue  # no sentence of the paper names one: nothing to show as the source
        answer = rng.choice(grounded)
        sentence = said[answer]
        assert sentence is not None  # grounded names have a sentence
        choices = [answer, *rng.sample(distractors, min(3, len(distractors)))]
        rng.shuffle(choices)
        source = _source(note, sentence.text, sentence.page, sentence.section)
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
        for name in strong_datasets(note):
            sentence = _mentioning(note, [name], ("data", "results"))
            if len(users.get(_fold(name), [])) == 1 and sentence is not None:
                source = _source(note, sentence.text, sentence.page, sentence.section)
                question = f"Which of these papers evaluates on {name}?"
                candidates.append((name, question, source, "data", {_fold(name)}))
        spoken: list[tuple[str, int, str | None]] = [(t, 1, "Abstract") for t in _split(note.parsed.abstract)]
        spoken += [(s.text, s.page, s.section) for s in _sentences(note, "architecture")]
        for text, page, section in spoken:
            if _CONTRIBUTION.search(text) and not is_garbled(text):
                masked = _mask_names(text, note, label)
                question = f"Which of these papers says: “{masked}”"
                source = _source(note, text, page, section)
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
    note: Note,
    others: Sequence[Note] = (),
    *,
    seed: int = 0,
    label: str | None = None,
    universal: set[str] | None = None,
) -> list[QuizItem]:
    """Every item for one paper (distractors come from ``others``), before quality filtering."""
    label = label or paper_label(note)
    rng = _rng(seed, note.paper.id)
    rest = [o for o in others if o.paper.id != note.paper.id]
    if universal is None:
        universal = universal_metrics([note, *rest])
    return [
        *concept_items(note, label),
        *_list_items(note, label),
        *_cloze_items(note, label),
        *_choice_items(note, label, rest, rng, universal),
    ]


def teaches(items: Iterable[QuizItem], notes: Sequence[Note], universal: Iterable[str]) -> list[QuizItem]:
    """The items none of the retire rules catch (a paper's page texts, when the note has them, check
    that each source is printed on its page)."""
    pages = {n.paper.id: n.parsed.pages for n in notes}
    frozen = list(universal)
    return [
        item
        for item in items
        if not retire_reasons(item, universal_metrics=frozen, pages=pages.get(item.source.paper_id or ""))
    ]


def paper_deck(note: Note, others: Sequence[Note] = (), *, seed: int = 0) -> list[QuizItem]:
    """One paper's deck, filtered for quality."""
    universal = universal_metrics([note, *[o for o in others if o.paper.id != note.paper.id]])
    items = paper_items(note, others, seed=seed, universal=universal)
    return clean_deck(teaches(items, [note], universal))


def domain_deck(notes: Sequence[Note], domain: str, *, seed: int = 0) -> list[QuizItem]:
    """A domain's deck: each paper's items plus compare questions across papers, filtered for quality."""
    ordered = sorted(notes, key=lambda n: n.paper.id)
    labels = unique_labels(ordered)
    universal = universal_metrics(ordered)
    items: list[QuizItem] = []
    for note in ordered:
        items += paper_items(note, ordered, seed=seed, label=labels[note.paper.id], universal=universal)
    items += _compare_items(ordered, labels, seed, domain)
    return clean_deck(teaches(items, ordered, universal))
