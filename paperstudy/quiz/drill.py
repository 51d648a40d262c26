"""Design drills: an interview-style system-design prompt for a domain and a rubric to grade the answer.

The rubric follows the structure interviewers expect (clarify the goal and constraints → data → features →
model choice with pros and cons → training, evaluation metrics, offline/online testing). Its concrete
points come from the domain's aggregate of its notes: the datasets, feature terms, architectures and
metrics its papers use, each point citing the papers (and pages) it comes from.
"""

from __future__ import annotations

import hashlib
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field

from paperstudy.brief import ARCHITECTURE_FAMILIES, FEATURE_KINDS, build_brief
from paperstudy.models import Note, QuizItem, QuizSource, Rubric, RubricPoint
from paperstudy.quiz.generate import paper_label
from paperstudy.quiz.quality import is_garbled

STAGES = ("clarify", "data", "features", "model", "evaluation")
STAGE_TITLES = {
    "clarify": "Clarify the goal and constraints",
    "data": "Data",
    "features": "Features",
    "model": "Model choice, with pros and cons",
    "evaluation": "Training, evaluation metrics, offline/online testing",
}
MAX_ENTITY_POINTS = 3

FEATURE_TERMS: dict[str, list[str]] = {
    "categorical / ID features with embeddings": [
        "embedding",
        "one-hot",
        "categorical",
        "sparse",
        "id feature",
    ],
    "user behaviour history": ["behavior", "behaviour", "history", "sequence", "clicked", "interest"],
    "feature crosses / interactions": ["cross", "interaction", "conjunction", "product", "pairwise"],
    "context features (time, device, position)": ["context", "time", "device", "position", "location"],
    "item content features (text, image)": ["image", "text", "content", "title", "visual"],
    "continuous features, normalised or bucketised": [
        "continuous",
        "numerical",
        "normaliz",
        "bucket",
        "discretiz",
    ],
}
_GENERIC: list[tuple[str, str, str, list[str]]] = [
    (
        "clarify",
        "goal",
        "State the objective and what is predicted (e.g. click, engagement, conversion)",
        ["objective", "goal", "optimi", "predict", "click", "engagement", "conversion", "business"],
    ),
    (
        "clarify",
        "constraints",
        "Ask about scale and constraints (users, items, latency, freshness)",
        [
            "latency",
            "scale",
            "millisecond",
            "real-time",
            "real time",
            "qps",
            "throughput",
            "million",
            "constraint",
        ],
    ),
    (
        "data",
        "labels",
        "Define labels and training examples from logged interactions",
        ["label", "positive", "negative", "implicit", "impression", "log"],
    ),
    (
        "model",
        "baseline",
        "Start from a simple baseline (logistic regression, GBDT, popularity)",
        ["logistic regression", "baseline", "gbdt", "lr", "popularity", "linear model", "heuristic"],
    ),
    (
        "model",
        "tradeoffs",
        "Weigh pros and cons of the model choice (accuracy vs latency, complexity)",
        [
            "trade-off",
            "tradeoff",
            "pros",
            "cons",
            "downside",
            "drawback",
            "advantage",
            "complexity",
            "interpretab",
        ],
    ),
    (
        "evaluation",
        "training",
        "Explain training (loss, negative sampling, freshness / retraining)",
        [
            "loss",
            "cross-entropy",
            "cross entropy",
            "negative sampling",
            "retrain",
            "online learning",
            "sgd",
            "adam",
        ],
    ),
    (
        "evaluation",
        "online",
        "Plan offline evaluation and an online A/B test",
        ["a/b", "ab test", "online", "experiment", "offline"],
    ),
]


@dataclass
class DomainFacts:
    """What a domain's papers use, with where each thing is mentioned."""

    domain: str
    datasets: Counter[str] = field(default_factory=Counter)
    metrics: Counter[str] = field(default_factory=Counter)
    architectures: Counter[str] = field(default_factory=Counter)
    features: Counter[str] = field(default_factory=Counter)
    sources: dict[str, list[QuizSource]] = field(default_factory=dict)
    keywords: dict[str, list[str]] = field(default_factory=dict)
    """Feature terms and architecture families → grading keywords (``re:`` marks a regular expression)."""
    families: Counter[str] = field(default_factory=Counter)
    """Architecture families (from the domain brief)."""

    def cite(self, key: str, source: QuizSource) -> None:
        found = self.sources.setdefault(key.casefold(), [])
        if len(found) < 3 and all(s.paper_id != source.paper_id for s in found):
            found.append(source)


def _first_page(pages: Sequence[int]) -> int | None:
    return min(pages) if pages else None


def domain_facts(notes: Sequence[Note], domain: str) -> DomainFacts:
    """Aggregate datasets, metrics, architectures (proposed models and baselines) and feature terms."""
    facts = DomainFacts(domain)
    for note in sorted(notes, key=lambda n: n.paper.id):
        pid = note.paper.id
        for d in note.datasets():
            facts.datasets[d.name] += 1
            facts.cite(d.name, QuizSource(paper_id=pid, page=_first_page(d.pages), text=f"Dataset: {d.name}"))
        for m in note.metrics():
            facts.metrics[m.name] += 1
            values = f" ({', '.join(m.values[:2])})" if m.values else ""
            facts.cite(
                m.name, QuizSource(paper_id=pid, page=_first_page(m.pages), text=f"Metric: {m.name}{values}")
            )
        label = paper_label(note)
        if not label.startswith("“"):
            facts.architectures[label] += 1
            facts.cite(label, QuizSource(paper_id=pid, page=1, section="Title", text=note.title))
        for b in note.baselines():
            facts.architectures[b] += 1
            facts.cite(b, QuizSource(paper_id=pid, text=f"Baseline compared against: {b}"))
        summary = note.parsed.facets.get("features")
        for sentence in summary.sentences if summary else []:
            if is_garbled(sentence.text):
                continue
            text = sentence.text.casefold()
            for term, words in FEATURE_TERMS.items():
                if any(w in text for w in words):
                    facts.features[term] += 1
                    facts.cite(
                        term,
                        QuizSource(
                            paper_id=pid, section=sentence.section, page=sentence.page, text=sentence.text
                        ),
                    )
    for term in FEATURE_TERMS:
        facts.keywords[term] = FEATURE_TERMS[term]
    _merge_brief(facts, notes, domain)
    return facts


def _merge_brief(facts: DomainFacts, notes: Sequence[Note], domain: str) -> None:
    """Add the domain brief's feature kinds and architecture families: they are recognised in the papers'
    own data/features/architecture passages, with pages (the rubric comes from the brief)."""
    brief = build_brief(domain, list(notes))
    for lines, vocabulary, target in (
        (brief.features, FEATURE_KINDS, facts.features),
        (brief.architectures, ARCHITECTURE_FAMILIES, facts.families),
    ):
        for line in lines:
            pattern = vocabulary.get(line.name)
            if pattern is None:
                continue
            target[line.name] = line.count
            facts.keywords[line.name] = [f"re:{pattern.pattern}"]
            facts.sources[line.name.casefold()] = [
                QuizSource(paper_id=c.paper_id, page=min(c.pages, default=None), text=f"{line.name}")
                for c in line.citations[:3]
            ]


def _cited(facts: DomainFacts, names: Sequence[str]) -> list[QuizSource]:
    """One citation per name, at most one per paper, three in all."""
    out: list[QuizSource] = []
    for name in names:
        for source in facts.sources.get(name.casefold(), []):
            if all(s.paper_id != source.paper_id for s in out):
                out.append(source)
                break
    return out[:3]


def _top(counter: Counter[str], n: int) -> list[str]:
    return [name for name, _ in sorted(counter.items(), key=lambda kv: (-kv[1], kv[0].casefold()))[:n]]


def _keywords(name: str) -> list[str]:
    words = [name]
    short = re.sub(r"\s*\(.*?\)|\*", "", name).strip()
    if short and short != name:
        words.append(short)
    return words


def build_rubric(facts: DomainFacts, prompt: str) -> Rubric:
    """Rubric points: the generic interview structure plus the domain's concrete datasets, features,
    architectures and metrics (most used first), each with citations."""
    points = [
        RubricPoint(id=f"{stage}:{key}", stage=stage, label=label, keywords=keywords)
        for stage, key, label, keywords in _GENERIC
    ]
    if facts.datasets:
        names = _top(facts.datasets, 6)
        points.append(
            RubricPoint(
                id="data:datasets",
                stage="data",
                label=f"Name the data to train on, as the papers do (e.g. {', '.join(names[:4])})",
                keywords=[k for n in names for k in _keywords(n)] + ["dataset", "logs"],
                sources=_cited(facts, names),
            )
        )
    for term in _top(facts.features, MAX_ENTITY_POINTS):
        points.append(
            RubricPoint(
                id=f"features:{term}",
                stage="features",
                label=term[0].upper() + term[1:],
                keywords=facts.keywords.get(term, [term]),
                sources=facts.sources.get(term.casefold(), [])[:2],
            )
        )
    if not facts.features:
        points.append(
            RubricPoint(
                id="features:any",
                stage="features",
                label="Describe the input features",
                keywords=["feature", "embedding", "input"],
            )
        )
    architectures = _top(facts.architectures, 8)
    if architectures:
        points.append(
            RubricPoint(
                id="model:architectures",
                stage="model",
                label=f"Propose a model family the papers use (e.g. {', '.join(architectures[:4])})",
                keywords=[k for a in architectures for k in _keywords(a)],
                sources=_cited(facts, architectures),
            )
        )
    for family in _top(facts.families, 2):
        points.append(
            RubricPoint(
                id=f"model:{family}",
                stage="model",
                label=f"Consider {family}, as the papers do",
                keywords=facts.keywords.get(family, [family]),
                sources=facts.sources.get(family.casefold(), [])[:3],
            )
        )
    for metric in _top(facts.metrics, MAX_ENTITY_POINTS):
        points.append(
            RubricPoint(
                id=f"evaluation:{metric.casefold()}",
                stage="evaluation",
                label=f"Evaluate with {metric}",
                keywords=_keywords(metric),
                sources=facts.sources.get(metric.casefold(), [])[:2],
            )
        )
    order = {stage: i for i, stage in enumerate(STAGES)}
    points.sort(key=lambda p: order[p.stage])
    return Rubric(domain=facts.domain, prompt=prompt, points=points)


def default_prompt(domain: str, title: str | None = None, questions: Sequence[str] = ()) -> str:
    """The domain's first catalogued design question, else a generic one."""
    for question in questions:
        if question.lower().startswith(("how would you design", "design")):
            return question
    return f"Design a production system for {title or domain.replace('-', ' ')}."


def drill_rubric(notes: Sequence[Note], domain: str, prompt: str) -> Rubric:
    return build_rubric(domain_facts(notes, domain), prompt)


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
