"""Design drills: an interview-style system-design prompt for a domain, a rubric, and a model answer. Pure.

The rubric follows the order interviewers expect — goal → data → features → model with pros and cons →
training → metrics → offline/online evaluation — and every point cites at least one sentence a paper of
the domain printed (with its page):

- the interview's structural points (``drill_catalogue.STRUCTURE``) and the problems papers tackle
  (``drill_catalogue.PROBLEMS``: sample selection bias, position bias, calibration ...), each only when a
  paper's own sentence states it;
- the datasets the papers train on, cited where a paper describes them;
- the feature families and model families (the brief's vocabularies) found in the papers' data, features
  and architecture passages, cited preferably where a paper states a trade-off;
- the metrics the papers *report* (in a results table, or with a value), with their typical values, never
  one that no paper of the domain reports.

The model answer strings together one or two cited sentences per point, stage by stage. Everything is
deterministic: the same notes give the same rubric and the same model answer.
"""

from __future__ import annotations

import hashlib
import math
import re
import statistics
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from paperstudy.brief import ARCHITECTURE_FAMILIES, FEATURE_KINDS, typical_value
from paperstudy.models import (
    DrillStage,
    ModelAnswerPart,
    Note,
    QuizItem,
    QuizSource,
    Rubric,
    RubricPoint,
)
from paperstudy.quiz.drill_catalogue import PROBLEMS, STRUCTURE, VOCABULARY_WORDS, Concept
from paperstudy.quiz.evidence import Evidence, paper_sentences
from paperstudy.quiz.generate import paper_label

STAGES: tuple[DrillStage, ...] = ("goal", "data", "features", "model", "training", "metrics", "evaluation")
STAGE_TITLES: dict[DrillStage, str] = {
    "goal": "Goal and constraints",
    "data": "Data (what one example is)",
    "features": "Features",
    "model": "Model, with pros and cons",
    "training": "Training",
    "metrics": "Metrics",
    "evaluation": "Offline and online evaluation",
}
MAX_PROBLEMS = 10
MAX_FEATURES = 3
MAX_FAMILIES = 3
MAX_METRICS = 3
MAX_SOURCES = 3
PARTS_PER_STAGE = 3
METRIC_SHARE = 0.3
"""A metric point needs this share of the domain's papers reporting it (at least one paper): one paper's
side experiment (accuracy on a non-CTR data set) is not what the domain is evaluated with."""
_TRADE_OFF = re.compile(
    r"\b(advantages?|benefits?|drawbacks?|disadvantages?|limitations?|however|but|cost(ly)?|expensive|"
    r"efficient\w*|fewer parameters|capable of|able to|without|require[sd]?|suffers?|overfit\w*|"
    r"complexity|trade-?off|in contrast|instead of|unlike)\b",
    re.IGNORECASE,
)
_DESCRIBES_DATA = re.compile(
    r"\b(records?|impressions?|samples?|instances?|examples?|logs?|users?|items?|fields?|features?|days?|"
    r"million|billion|ratings?|clicks?|consists?|contains?|collected)\b",
    re.IGNORECASE,
)
_NUMBER = re.compile(r"\d")
_FIRST_NUMBER = re.compile(r"[-+]?\d+(?:\.\d+)?")
_SKIPPED_FEATURE_KINDS = frozenset(
    # covered by problem concepts of the catalogue, with their own citing sentences
    {"Feature interactions / crosses", "User behaviour history", "Negative sampling"}
)
_DESIGN_FACETS = frozenset({"data", "features", "architecture"})


def _fold(name: str) -> str:
    return " ".join(re.sub(r"[^\w]+", " ", name.casefold()).split())


def _names(name: str) -> re.Pattern[str]:
    """A name as a whole word (a dataset, metric or model), whatever its case."""
    return re.compile(rf"(?<!\w){re.escape(name.strip())}(?!\w)", re.IGNORECASE)


@dataclass
class DomainEvidence:
    """The domain's papers: their printed sentences and what their notes extracted."""

    domain: str
    notes: list[Note]
    sentences: dict[str, list[Evidence]] = field(default_factory=dict)

    @classmethod
    def of(cls, notes: Sequence[Note], domain: str) -> DomainEvidence:
        ordered = sorted(notes, key=lambda n: n.paper.id)
        return cls(domain, ordered, {n.paper.id: paper_sentences(n) for n in ordered})

    def cite(
        self,
        matches: Callable[[Evidence], bool],
        prefer: Callable[[Evidence], tuple[int, ...]] = lambda e: (),
        papers: Sequence[str] | None = None,
    ) -> list[QuizSource]:
        """The best matching sentence of each paper (at most ``MAX_SOURCES``, papers with the most
        preferred sentence first, then by id): related work and sentences citing others last."""
        best: list[tuple[tuple[int, ...], str, Evidence]] = []
        for pid in papers if papers is not None else list(self.sentences):
            found = [e for e in self.sentences.get(pid, []) if matches(e)]
            if not found:
                continue
            rank = min(found, key=lambda e: (*_rank(e), *prefer(e), e.position))
            best.append(((*_rank(rank), *prefer(rank)), pid, rank))
        best.sort(key=lambda t: (t[0], t[1]))
        return [e.source() for _, _, e in best[:MAX_SOURCES]]

    def count(self, matches: Callable[[Evidence], bool]) -> int:
        """How many papers print a matching sentence."""
        return sum(any(matches(e) for e in found) for found in self.sentences.values())


def says(pattern: re.Pattern[str]) -> Callable[[Evidence], bool]:
    """Whether a sentence matches ``pattern``."""

    def matches(e: Evidence) -> bool:
        return pattern.search(e.text) is not None

    return matches


def _stated_by_the_paper(pattern: re.Pattern[str]) -> Callable[[Evidence], bool]:
    """Whether a sentence outside related work matches ``pattern``."""
    matches = says(pattern)

    def stated(e: Evidence) -> bool:
        return not e.related_work and matches(e)

    return stated


def _rank(e: Evidence) -> tuple[int, int]:
    return (int(e.related_work), int(e.cites_others or e.about_the_paper))


def _concept_point(evidence: DomainEvidence, concept: Concept, group: str) -> RubricPoint | None:
    def matches(e: Evidence) -> bool:
        if not concept.results_ok and e.facet == "results":
            return False
        if group and e.related_work:  # a problem the papers tackle, not one their related work names
            return False
        return concept.evidence.search(e.text) is not None

    def prefer(e: Evidence) -> tuple[int, ...]:
        # a result sentence rarely explains a loss or a problem; a paper states what it tackles up front
        off_stage = e.facet == "results" and concept.stage not in ("metrics", "evaluation")
        return (int(off_stage), int(not e.front), -len(concept.evidence.findall(e.text)))

    sources = evidence.cite(matches, prefer)
    if not sources:
        return None
    return RubricPoint(
        id=f"{concept.stage}:{group}:{concept.key}" if group else f"{concept.stage}:{concept.key}",
        stage=concept.stage,
        label=concept.label,
        keywords=concept.grading_keywords(),
        sources=sources,
    )


def _problem_points(evidence: DomainEvidence) -> list[RubricPoint]:
    """The catalogue's problems the papers state: the domain-specific ones before the generic ones
    (overfitting, scale ...), then most papers first, catalogue order on ties."""
    scored: list[tuple[int, int, int, RubricPoint]] = []
    for index, concept in enumerate(PROBLEMS):
        point = _concept_point(evidence, concept, "problem")
        if point is not None:
            papers = evidence.count(_stated_by_the_paper(concept.evidence))
            scored.append((int(concept.generic), -papers, index, point))
    return [point for *_, point in sorted(scored, key=lambda t: t[:3])[:MAX_PROBLEMS]]


def _dataset_point(evidence: DomainEvidence) -> RubricPoint | None:
    papers: dict[str, list[str]] = {}
    spelling: dict[str, str] = {}
    for note in evidence.notes:
        for dataset in note.datasets():
            key = _fold(dataset.name)
            if key:
                spelling.setdefault(key, dataset.name)
                papers.setdefault(key, []).append(note.paper.id)
    ranked = sorted(papers, key=lambda k: (-len(papers[k]), spelling[k].casefold()))[:6]
    names = [spelling[k] for k in ranked]
    sources: list[QuizSource] = []
    for key in ranked:
        short = re.sub(r"\s*\(.*?\)|\*", "", spelling[key]).strip() or spelling[key]
        for source in evidence.cite(
            says(_names(short)),
            lambda e: (int(_DESCRIBES_DATA.search(e.text) is None),),
            papers[key],
        ):
            if len(sources) < MAX_SOURCES and all(s.paper_id != source.paper_id for s in sources):
                sources.append(source)
    if not sources:
        return None
    keywords = [k for n in names for k in _keyword_forms(n)] + ["dataset", "logs"]
    return RubricPoint(
        id="data:datasets",
        stage="data",
        label=f"Name the data to train on and what it holds, as the papers do (e.g. {', '.join(names[:4])})",
        keywords=keywords,
        sources=sources,
    )


def _keyword_forms(name: str) -> list[str]:
    words = [name]
    short = re.sub(r"\s*\(.*?\)|\*", "", name).strip()
    if short and short != name:
        words.append(short)
    return words


def _vocabulary_points(
    evidence: DomainEvidence,
    vocabulary: dict[str, re.Pattern[str]],
    stage: DrillStage,
    limit: int,
    label: Callable[[str], str],
    prefer: Callable[[Evidence], tuple[int, ...]],
) -> list[RubricPoint]:
    """Feature or model families found in the papers' data / features / architecture sentences."""
    scored: list[tuple[int, str, RubricPoint]] = []
    for name, pattern in vocabulary.items():
        if name in _SKIPPED_FEATURE_KINDS:
            continue

        def matches(e: Evidence, p: re.Pattern[str] = pattern) -> bool:
            return e.facet in _DESIGN_FACETS and not e.related_work and p.search(e.text) is not None

        sources = evidence.cite(matches, prefer)
        if sources:
            point = RubricPoint(
                id=f"{stage}:{_fold(name).replace(' ', '-')}",
                stage=stage,
                label=label(name),
                keywords=[f"re:{pattern.pattern}", *VOCABULARY_WORDS.get(name, ())],
                sources=sources,
            )
            scored.append((-evidence.count(matches), name.casefold(), point))
    return [point for _, _, point in sorted(scored, key=lambda t: t[:2])[:limit]]


def _models_point(evidence: DomainEvidence) -> RubricPoint | None:
    """The papers' own models and the baselines they compare against, cited where each is introduced."""
    names: list[str] = []
    sources: list[QuizSource] = []
    for note in evidence.notes:
        label = note.parsed.model or paper_label(note)
        if label.startswith("“"):
            continue
        names.append(label)
        found = evidence.cite(
            says(_names(label)),
            lambda e: (int(re.search(r"\bpropose|\bpresent|\bintroduce", e.text, re.I) is None),),
            [note.paper.id],
        )
        if found and len(sources) < MAX_SOURCES:
            sources.append(found[0])
    baselines = sorted({b for n in evidence.notes for b in n.baselines()}, key=str.casefold)
    if not sources:
        return None
    everything = list(dict.fromkeys([*names, *baselines]))
    return RubricPoint(
        id="model:architectures",
        stage="model",
        label=f"Propose a model the papers use and compare (e.g. {', '.join(everything[:4])})",
        keywords=[k for a in everything for k in _keyword_forms(a)],
        sources=sources,
    )


@dataclass
class _Reported:
    name: str
    papers: list[str] = field(default_factory=list)
    values: list[str] = field(default_factory=list)


def _printed_in_results(note: Note, name: str) -> bool:
    """Whether the paper prints the metric in a table (caption or header) or in a results sentence with
    a number: the note may have missed its value, the paper still reports it."""
    pattern = _names(re.sub(r"\s*\(.*?\)", "", name).strip() or name)
    for table in note.parsed.text_tables:
        if pattern.search(" ".join([table.caption, *(c for r in table.header for c in r)])):
            return True
    summary = note.parsed.facets.get("results")
    return any(
        pattern.search(s.text) and _NUMBER.search(s.text) for s in (summary.sentences if summary else [])
    )


def reported_metrics(notes: Sequence[Note]) -> list[tuple[str, list[str], list[str]]]:
    """(metric, papers reporting it, values as printed): a paper reports a metric when its results
    table has it, when the note carries a value for it, when the paper prints it in a table or a results
    sentence with a number, or when the user added it. Most papers first."""
    found: dict[str, _Reported] = {}
    for note in sorted(notes, key=lambda n: n.paper.id):
        pid = note.paper.id
        added = {_fold(spec.partition(":")[0]) for spec in note.corrections.metrics.add}
        rows: dict[str, list[str]] = {}
        for row in note.parsed.results:
            rows.setdefault(_fold(row.metric), []).append(row.printed)
        names = {_fold(m.name): m for m in note.metrics()}
        for key in sorted(set(rows) | set(names)):
            metric = names.get(key)
            # the results table's cells first: a note's metric values may be gains ("+0.0055")
            values = rows.get(key, []) or (metric.values if metric else [])
            if not (values or key in added or (metric and _printed_in_results(note, metric.name))):
                continue
            printed = [r.metric for r in note.parsed.results if _fold(r.metric) == key]
            name = metric.name if metric else printed[0]
            entry = found.setdefault(key, _Reported(name))
            entry.papers.append(pid)
            entry.values.extend(v for v in values if v not in entry.values)
    ranked = sorted(found.values(), key=lambda r: (-len(r.papers), r.name.casefold()))
    return [(r.name, r.papers, r.values) for r in ranked]


def on_one_scale(values: Sequence[str]) -> list[str]:
    """The values on the scale of their median (within a factor of 3): a fraction and a percentage, or a
    score and a relative gain, are not averaged together. Values without a number are dropped."""
    numbers: list[tuple[float, str]] = []
    for value in values:
        match = _FIRST_NUMBER.search(value.replace(",", ""))
        if match and "%" not in value:
            numbers.append((abs(float(match.group())), value))
    if not numbers:
        return []
    median = statistics.median(n for n, _ in numbers)
    return [v for n, v in numbers if median / 3 <= n <= median * 3]


def _metric_points(evidence: DomainEvidence) -> list[RubricPoint]:
    needed = max(1, math.ceil(METRIC_SHARE * len(evidence.notes)))
    points: list[RubricPoint] = []
    for name, papers, values in reported_metrics(evidence.notes):
        if len(points) == MAX_METRICS or len(papers) < needed:
            break
        short = re.sub(r"\s*\(.*?\)", "", name).strip() or name
        sources = evidence.cite(
            says(_names(short)),
            lambda e: (int(e.facet != "results"), int(_NUMBER.search(e.text) is None)),
            papers,
        )
        if not sources:
            continue
        typical = typical_value(on_one_scale(values))
        points.append(
            RubricPoint(
                id=f"metrics:{_fold(name).replace(' ', '-')}",
                stage="metrics",
                label=f"Evaluate with {name}, as {len(papers)} of {len(evidence.notes)} papers do"
                + (f": {typical}" if typical else ""),
                keywords=_keyword_forms(name),
                sources=sources,
            )
        )
    return points


def build_rubric(evidence: DomainEvidence, prompt: str) -> Rubric:
    """Every point cites a sentence of the domain's papers; points are in interview order."""
    points: list[RubricPoint] = []
    for concept in STRUCTURE:
        point = _concept_point(evidence, concept, "")
        if point is not None:
            points.append(point)
    points += _problem_points(evidence)
    dataset = _dataset_point(evidence)
    if dataset is not None:
        points.append(dataset)
    points += _vocabulary_points(
        evidence,
        FEATURE_KINDS,
        "features",
        MAX_FEATURES,
        lambda name: name[0].upper() + name[1:],
        lambda e: (int(e.facet != "features"),),
    )
    models = _models_point(evidence)
    if models is not None:
        points.append(models)
    points += _vocabulary_points(
        evidence,
        ARCHITECTURE_FAMILIES,
        "model",
        MAX_FAMILIES,
        lambda name: f"Consider {name}, with the pros and cons the papers state",
        lambda e: (int(_TRADE_OFF.search(e.text) is None),),
    )
    points += _metric_points(evidence)
    order = {stage: i for i, stage in enumerate(STAGES)}
    points.sort(key=lambda p: order[p.stage])  # stable: structure first within a stage
    return Rubric(domain=evidence.domain, prompt=prompt, points=points, model_answer=model_answer(points))


def model_answer(points: Sequence[RubricPoint]) -> list[ModelAnswerPart]:
    """The interview-structured answer: per stage, in order, the first cited sentence of its points
    (up to ``PARTS_PER_STAGE``), each sentence once."""
    parts: list[ModelAnswerPart] = []
    seen: set[str] = set()
    for stage in STAGES:
        taken = 0
        for point in (p for p in points if p.stage == stage):
            if taken == PARTS_PER_STAGE:
                break
            source = next((s for s in point.sources if s.text and _fold(s.text) not in seen), None)
            if source is None:
                continue
            seen.add(_fold(source.text))
            parts.append(ModelAnswerPart(stage=stage, point=point.label, text=source.text, source=source))
            taken += 1
    return parts


def default_prompt(domain: str, title: str | None = None, questions: Sequence[str] = ()) -> str:
    """The domain's first catalogued design question, else a generic one."""
    for question in questions:
        if question.lower().startswith(("how would you design", "design")):
            return question
    return f"Design a production system for {title or domain.replace('-', ' ')}."


def drill_rubric(notes: Sequence[Note], domain: str, prompt: str) -> Rubric:
    return build_rubric(DomainEvidence.of(notes, domain), prompt)


def drill_item(rubric: Rubric) -> QuizItem:
    """The card a drill attempt is recorded against (one per domain and prompt)."""
    digest = hashlib.sha256(f"{rubric.domain}\x1f{' '.join(rubric.prompt.casefold().split())}".encode())
    return QuizItem(
        id=f"drill-{digest.hexdigest()[:12]}",
        kind="drill",
        question=rubric.prompt,
        answer="; ".join(p.label for p in rubric.points),
        source=QuizSource(text="Rubric assembled from the domain's notes"),
        facet=None,
    )


def structure_hint() -> str:
    return " → ".join(STAGE_TITLES[s] for s in STAGES)
