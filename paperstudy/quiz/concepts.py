"""Conceptual cards from a paper's own sentences (pure: note → ``concept`` items, no LLM).

What an interviewer asks about a paper: the problem it solves and how, what one training example is and
which features go in, what a component computes and why, how it differs from other models, the loss and
training procedure, how it was evaluated offline and online, what the ablation showed and the headline
result with its baseline. Each card's answer is the key span of a printed sentence (a clause of at least
six words), its source the sentence(s) as printed with the 1-based page.

Sentences are picked by structure first: the section they stand in (its role: abstract, introduction,
method, setup, results, ablation, online experiment), their position and whether they speak of the
paper's own model (``ParsedPaper.model`` or the paper's label); cue phrases only decide between them.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass

from paperstudy.models import FacetName, Note, QuizItem, QuizSource
from paperstudy.quiz.concept_sources import (
    FEW_CONCEPTS,
    GENERIC_HEADING,
    MAX_CONCEPTS_PER_PAPER,
    SECTION_CARDS,
    SELF_REFERENCE,
    Candidate,
    Role,
    candidates,
    key_span,
    long_enough,
    own_names,
    speaks_of_own,
)
from paperstudy.quiz.quality import normalise

# --- cues --------------------------------------------------------------------------------------------------

_PROPOSE = re.compile(
    rf"(?i)\b(?:we|{SELF_REFERENCE}) (?:propose|present|introduce|develop|design|devise)\w*\b|"
    r"^(?:in this (?:paper|work)|to (?:address|tackle|solve|overcome|alleviate|resolve|mitigate)|"
    r"to this end)\b"
)
_PROPOSE_VERB = re.compile(
    rf"(?i)\b(?:we|{SELF_REFERENCE}) (?:propose|present|introduce|develop|design|devise)"
)
_PROBLEM = re.compile(
    r"(?i)\b(?:problems?|challeng\w*|suffer\w*|fail\w*|limitations?|difficult\w*|bias\w*|sparsity|issues?|"
    r"however|cannot|lacks?|ignor\w*|insufficient|expensive|hard to|shortcomings?|drawbacks?)\b"
)
_EXAMPLE_VERB = re.compile(
    r"(?i)\b(?:is|are|consists?|contains?|denotes?|represents?|indicates?|corresponds?|regarded|treated|"
    r"considered|marked|labell?ed (?:as|with|by)|means?)\b"
)
_NEGATED = re.compile(r"(?i)^(?:no|none|neither|there (?:is|are) no)\b|\bno (?:public )?datasets?\b")
_EXAMPLE = re.compile(
    r"(?i)\b(?:labels?|label(?:l)?ed|each (?:sample|instance|example|record|impression|training "
    r"(?:example|sample|instance)|data point|row|line)|training (?:examples?|samples?|instances?|data "
    r"(?:consists?|contains?))|positive (?:samples?|examples?|instances?)|negative (?:samples?|examples?|"
    r"instances?)|target (?:is|variable)|ground[- ]truth)\b"
)
_FEATURES = re.compile(r"(?i)\b(?:input |categorical |raw |user |item |context )?features\b|\bfields?\b")
_FEATURE_KIND = re.compile(
    r"(?i)\b(?:categorical|one-hot|embedd\w+|numerical|continuous|sparse|dense|profile|behavio\w*|"
    r"context\w*|demographic\w*|historical|id|ids|raw|hashed|field)\b"
)
_DEFINITION = re.compile(
    r"^(?:The|Our|This|Each|In (?:the|our) model, the)\s+"
    r"(?P<subj>(?:[\w&-]+\s){1,4}?(?:network|layer|component|module|part|unit|mechanism|tower|encoder|"
    r"decoder|block|loss|framework|model|architecture|operator|function|gate|cell|net))\s+"
    r"(?P<verb>computes|captures|models|learns|consists of|is composed of|combines|extracts|takes|generates|"
    r"produces|applies|maps|shares|aims to|is designed to|is used to|is responsible for|encodes|predicts|"
    r"transforms|aggregates|outputs|selects|assigns)\s+(?P<rest>.{12,})$"
)
_AUXILIARY = re.compile(r"(?i)^(?:are|is|were|was|have|has|can|will|should|would|may)\b")
_BASE_VERB = {
    "consists of": "consist of",
    "is composed of": "consist of",
    "aims to": "aim to do",
    "is designed to": "do",
    "is used to": "do",
    "is responsible for": "do",
}
_WHY = re.compile(
    r"(?i)\b(?:so that|in order to|because|which (?:allows|enables|helps|makes)|to (?:capture|model|"
    r"learn|reduce|avoid|alleviate|make|allow|enable|improve|handle|address))\b"
)
_CONTRAST = re.compile(
    r"(?i)\b(?P<cue>unlike|instead of|in contrast to|in contrast with|compared (?:with|to)|different from|"
    r"rather than|as opposed to|differs from)\s+(?P<other>[^,;:.]{2,60})"
)
_CONTRAST_PROPER = re.compile(
    r"(?i)\b(?:unlike|in contrast (?:to|with)|as opposed to|differs? from|different from)\s"
)
_PRONOUN = re.compile(
    r"(?i)^(?:it|them|this|these|those|that|they|such|ours|which|what|previous|existing|other|"
    r"conventional|traditional|the (?:previous|existing|above|former|latter|other|traditional|conventional)"
    r"|most|many|all|some|using|being|second|best|state|baselines?|others?)\b"
)
_LOSS = re.compile(
    r"(?i)\b(?:loss(?: function)?|objective(?: function)?|cross[- ]entropy|log[- ]?likelihood|"
    r"negative log|hinge)\b"
)
_LOSS_VERB = re.compile(
    r"(?i)\b(?:minimi[sz]\w*|optimi[sz]\w*|defined|formulated|adopt\w*|use[sd]?|is|are)\b"
)
_TRAINING = re.compile(
    r"(?i)\b(?:trained (?:with|using|by|on|end-to-end|jointly|for)|train(?:ing)? (?:the|our|all) \w+ "
    r"(?:with|using|by)|stochastic gradient|SGD|Adam|AdaGrad|FTRL|L-BFGS|mini-?batch\w*|back-?propagat\w*|"
    r"learning rate|jointly (?:train|learn|optimi)\w*|pre-?train\w*|early stopping|negative sampling|"
    r"down-?sampl\w*|dropout|warm[- ]start\w*|epochs?)\b"
)
_OFFLINE = re.compile(
    r"(?i)\b(?:split|randomly (?:select|sampl|split|divid)\w*|test(?:ing)? "
    r"(?:set|data)|validation (?:set|data)|held-?out|hold-?out|cross-validation|\d+-fold|leave-one-out|"
    r"evaluat\w+ (?:on|with|using|by)|offline)\b"
)
_ONLINE = re.compile(
    r"(?i)\b(?:A/B|online (?:tests?|experiments?|evaluation|traffic|serving|system|results?)|live "
    r"(?:traffic|experiment)|deployed|production (?:system|traffic|environment)|bucket test\w*)\b"
)
_ABLATION = re.compile(
    r"(?i)\b(?:ablation|w/o|without (?:the )?[\w-]+|remov(?:e|es|ed|ing) (?:the )?[\w-]+|variants?|"
    r"replac\w+ (?:the )?[\w-]+)\b"
)
_FINDING = re.compile(
    r"(?i)\b(?:better|worse|drops?|decreas\w*|improv\w*|hurts?|degrad\w*|important|contribut\w*|"
    r"benefit\w*|effective\w*|necessary|helps?|significant\w*|outperform\w*|performs?|gains?|lower|higher)\b"
)
_CLAIM_NUMBER = re.compile(r"(?<![\w.])(?:\d+\.\d+|\.\d+|\d+(?:\.\d+)?\s?%)(?![\w.])")
_COMPARE = re.compile(
    r"(?i)\b(?:outperform\w*|improv\w*|better|beat\w*|gains?|surpass\w*|exceed\w*|higher|lower|"
    r"reduc\w*|lift\w*|relative)\b"
)


# --- card building ---------------------------------------------------------------------------------------


def _card_id(paper_id: str, slot: str, source_text: str) -> str:
    key = "\x1f".join([paper_id, "concept", normalise(slot), normalise(source_text)])
    return hashlib.sha256(key.encode("utf-8")).hexdigest()[:16]


def _item(
    note: Note, slot: str, question: str, answer: str, picked: Sequence[Candidate], facet: FacetName
) -> QuizItem:
    text = " ".join(c.text for c in picked)
    source = QuizSource(paper_id=note.paper.id, section=picked[0].section, page=picked[0].page, text=text)
    return QuizItem(
        id=_card_id(note.paper.id, slot, text),
        kind="concept",
        question=question,
        answer=answer,
        source=source,
        facet=facet,
    )


@dataclass
class _Context:
    note: Note
    label: str
    names: list[str]
    pool: list[Candidate]
    used: set[int]

    def pick(
        self, test: Callable[[Candidate], bool], roles: Sequence[Role] | None = None
    ) -> Iterator[Candidate]:
        """Unused candidates passing ``test``, in the order of ``roles`` (then position)."""
        order = {role: i for i, role in enumerate(roles)} if roles else {}
        chosen = [c for c in self.pool if c.position not in self.used and (not roles or c.role in order)]
        chosen.sort(key=lambda c: (order.get(c.role, 0), c.position))
        for candidate in chosen:
            if test(candidate):
                yield candidate

    def own(self, candidate: Candidate) -> bool:
        return speaks_of_own(candidate.text, self.names)

    def card(
        self, slot: str, question: str, answer: str, sources: Sequence[Candidate], facet: FacetName
    ) -> QuizItem:
        """The card, with its source sentences marked used so no other card asks about them."""
        self.used.update(c.position for c in sources)
        return _item(self.note, slot, question, answer, sources, facet)


def _problem(ctx: _Context) -> list[QuizItem]:
    """ "What problem does X address, and how?": the motivation sentence before the proposal sentence."""
    for how in ctx.pick(lambda c: bool(_PROPOSE.search(c.text)) and ctx.own(c), ("abstract", "intro")):
        before = [
            c
            for c in ctx.pool
            if c.section == how.section
            and how.position - 6 <= c.position < how.position
            and c.position not in ctx.used
            and _PROBLEM.search(c.text)
            and not _PROPOSE.search(c.text)
        ]
        answer = key_span(how.text)
        if not long_enough(answer):
            continue
        picked = [how]
        if before:
            problem = before[-1]
            picked = [problem, how]
            answer = f"{key_span(problem.text)}; {answer}"
        question = f"What problem does {ctx.label} address, and how does it solve it?"
        return [ctx.card("problem", question, answer, picked, "architecture")]
    return []


def _contribution(ctx: _Context) -> list[QuizItem]:
    """The introduction's own statement of what the paper proposes (beyond the abstract's)."""
    for c in ctx.pick(lambda c: bool(_PROPOSE_VERB.search(c.text)), ("intro", "conclusion")):
        answer = key_span(c.text)
        if long_enough(answer):
            question = f"What does {ctx.label} propose, in the paper's own words?"
            return [ctx.card("contribution", question, answer, [c], "architecture")]
    return []


def _example(ctx: _Context) -> list[QuizItem]:
    roles = ("setup", "method", "results", "intro", "online")

    def test(c: Candidate) -> bool:
        text = c.text
        return bool(_EXAMPLE.search(text) and _EXAMPLE_VERB.search(text)) and not _NEGATED.search(text)

    for c in ctx.pick(test, roles):
        answer = key_span(c.text)
        if long_enough(answer):
            question = f"In {ctx.label}, what is one training example: its input, and its label?"
            return [ctx.card("example", question, answer, [c], "data")]
    return []


_DATA = re.compile(r"(?i)\b(?:data ?sets?|data|logs?|corpus|collected|traffic|samples|records|examples)\b")
_DATA_SAID = re.compile(
    r"(?i)\b(?:\d[\d,.]*\s*(?:[kmb]\b|thousand|million|billion)?|we (?:use|collect|gather|sample|release)\w*|"
    r"consists? of|contains?|comprises?|covers?)\b"
)


_SIZE = re.compile(
    r"(?i)\d[\d,.]*\s*(?:%|[kmb]\b|thousand|million|billion|users|items|records|samples|examples|instances|"
    r"days|weeks|months|queries|sessions|impressions|clicks|pairs|nodes|edges|documents|images)"
)
_CITED = re.compile(r"\[\d+(?:[,–-]\s*\d+)*\]|^In \(")


def _data(ctx: _Context) -> list[QuizItem]:
    """What data the paper trains and evaluates on, and how large it is (a data sentence of the setup)."""

    def test(c: Candidate) -> bool:
        if not (c.facet == "data" or c.role in {"setup", "results"}) or _CITED.search(c.text):
            return False
        if re.match(r"(?:It|This|They|These|Such|That)\b", c.text):
            return False
        return (bool(_DATA.search(c.text) and _DATA_SAID.search(c.text)) and ctx.own(c)) or (
            c.role == "setup" and bool(_DATA.search(c.text) and _SIZE.search(c.text))
        )

    for c in ctx.pick(test, ("setup", "results", "method", "intro")):
        answer = key_span(c.text)
        if long_enough(answer):
            question = f"Which data does {ctx.label} train and evaluate on, and how large is it?"
            return [ctx.card("data", question, answer, [c], "data")]
    return []


def _features(ctx: _Context) -> list[QuizItem]:
    def test(c: Candidate) -> bool:
        return bool(_FEATURES.search(c.text) and _FEATURE_KIND.search(c.text)) and c.facet != "results"

    for c in ctx.pick(test, ("method", "setup", "intro")):
        answer = key_span(c.text)
        if long_enough(answer):
            question = f"Which input features go into {ctx.label}, and how are they represented?"
            return [ctx.card("features", question, answer, [c], "features")]
    return []


def _components(ctx: _Context, limit: int = 3) -> list[QuizItem]:
    items: list[QuizItem] = []
    subjects: set[str] = set()
    for c in ctx.pick(lambda c: bool(_DEFINITION.match(c.text)), ("method", "setup", "intro")):
        match = _DEFINITION.match(c.text)
        assert match is not None  # the test above matched
        if _AUXILIARY.match(match["rest"]):
            continue  # "The network models are trained …": "models" was a noun
        subject = match["subj"].strip()
        if subject.casefold() in subjects:
            continue
        verb = match["verb"]
        base = _BASE_VERB.get(verb, verb[:-1] if verb.endswith("s") else verb)
        answer = match["rest"].rstrip(" .")
        if verb in {"aims to", "is designed to", "is used to"}:
            answer = f"{verb.split()[-1]} {answer}"
        if not long_enough(answer):
            continue
        why = ", and why?" if _WHY.search(match["rest"]) else "?"
        question = f"In {ctx.label}, what does the {subject} {base}{why}"
        subjects.add(subject.casefold())
        items.append(ctx.card(f"component:{subject}", question, answer, [c], "architecture"))
        if len(items) >= limit:
            break
    return items


def _other_side(match: re.Match[str]) -> str | None:
    other = re.split(r"(?i)\s+(?:which|that|where|while|whose|by|in|on|for|we|our|it)\s", match["other"])[0]
    other = re.sub(r"(?i)^(?:the|a|an)\s+", "", other.strip()).strip(" []")
    other = re.sub(r"\s*\[[\d,\s–-]*\]?$", "", other).strip()
    if other.count("(") != other.count(")"):
        return None  # cut inside a parenthesis ("lattices (e.g."): the side is not a name
    if other.startswith("(") and other.endswith(")"):
        other = other[1:-1].strip()
    if not other or _PRONOUN.match(other) or len(other.split()) > 6:
        return None
    if not re.search(r"[A-Z0-9]", other):
        return None  # "dot products": not a model another paper could be named by
    return other


def _names_own(heading: str, ctx: _Context) -> bool:
    """A heading that names the paper's own model (by one of its names)."""
    return any(n.casefold() in heading.casefold() for n in ctx.names)


def _unnumbered(title: str) -> str:
    return re.sub(r"^[\dIVXA-H]+(?:\.\d+)*\.?\s+", "", title).strip()


def _speaks_of(heading: str, text: str) -> bool:
    """The sentence names the heading's subject: a word of it (its first five letters) appears."""
    return any(w.casefold()[:5] in text.casefold() for w in re.findall(r"[A-Za-z]{4,}", heading))


def _topic_subject(c: Candidate, ctx: _Context) -> str | None:
    """The subject a method section is named after ("Tree SHAP"), when the sentence speaks of it: a
    contrast drawn there compares that subject, not the paper's own model, with the other side."""
    if c.role != "method" or not c.topic:
        return None
    heading = _unnumbered(c.topic)
    if not 1 <= len(heading.split()) <= 6 or GENERIC_HEADING.match(heading) or _names_own(heading, ctx):
        return None
    return heading if _speaks_of(heading, c.text) else None


def _overlap(a: str, b: str) -> bool:
    return a.casefold() in b.casefold() or b.casefold() in a.casefold()


def _contrasts(ctx: _Context, limit: int = 2) -> list[QuizItem]:
    items: list[QuizItem] = []
    sides: set[str] = set()
    own = {n.casefold() for n in ctx.names}
    roles = ("method", "intro", "abstract", "related", "conclusion")

    def test(c: Candidate) -> bool:
        if not _CONTRAST.search(c.text):
            return False
        # Between two subjects the paper explains only a contrast proper counts ("compared to the
        # prediction" compares sizes, not methods).
        return ctx.own(c) or (bool(_CONTRAST_PROPER.search(c.text)) and _topic_subject(c, ctx) is not None)

    # The paper's own model first; contrasts between the subjects it explains after.
    chosen = sorted(ctx.pick(test, roles), key=lambda c: not ctx.own(c))
    for c in chosen:
        if c.position in ctx.used:
            continue
        match = _CONTRAST.search(c.text)
        assert match is not None
        other = _other_side(match)
        if other is None or other.casefold() in sides or other.casefold() in own:
            continue
        subject = None if ctx.own(c) else _topic_subject(c, ctx)
        if subject is not None and _overlap(subject, other):
            continue  # "Tree SHAP" against "tree SHAP and LIME": not two sides
        if match.start() == 0:  # "Unlike FNN, PNN …": the main clause after the comma is the answer
            rest = c.text[match.end() :].lstrip(" ,")
            answer = key_span(rest)
        else:
            answer = key_span(c.text)
        if not long_enough(answer):
            continue
        sides.add(other.casefold())
        if subject is None:
            question = f"How does {ctx.label} differ from {other}?"
        else:
            question = f"In {ctx.label}, how does {subject} differ from {other}?"
        items.append(ctx.card(f"contrast:{other}", question, answer, [c], "architecture"))
        if len(items) >= limit:
            break
    return items


def _training(ctx: _Context) -> list[QuizItem]:
    items: list[QuizItem] = []
    roles = ("method", "setup", "intro", "abstract")

    def loss(c: Candidate) -> bool:
        return bool(_LOSS.search(c.text) and _LOSS_VERB.search(c.text)) and ctx.own(c)

    for c in ctx.pick(loss, roles):
        answer = key_span(c.text)
        if long_enough(answer) and not _CLAIM_NUMBER.search(c.text):
            question = f"What loss (training objective) does {ctx.label} optimise?"
            items.append(ctx.card("loss", question, answer, [c], "architecture"))
            break
    for c in ctx.pick(lambda c: bool(_TRAINING.search(c.text)) and ctx.own(c), roles):
        answer = key_span(c.text)
        if long_enough(answer):
            question = f"How is {ctx.label} trained: which optimiser and procedure?"
            items.append(ctx.card("training", question, answer, [c], "architecture"))
            break
    return items


def _evaluation(ctx: _Context) -> list[QuizItem]:
    items: list[QuizItem] = []
    for c in ctx.pick(lambda c: bool(_OFFLINE.search(c.text)), ("setup", "results")):
        answer = key_span(c.text)
        if long_enough(answer):
            question = f"How was {ctx.label} evaluated offline: which data split and protocol?"
            items.append(ctx.card("offline", question, answer, [c], "results"))
            break
    online_roles = ("online", "results", "conclusion", "abstract", "intro", "setup")
    for c in ctx.pick(lambda c: bool(_ONLINE.search(c.text)), online_roles):
        answer = key_span(c.text)
        if long_enough(answer):
            question = f"How was {ctx.label} evaluated online (live traffic, A/B test), and what did it show?"
            items.append(ctx.card("online", question, answer, [c], "results"))
            break
    return items


def _ablation(ctx: _Context) -> list[QuizItem]:
    def test(c: Candidate) -> bool:
        return bool(_FINDING.search(c.text)) and (c.role == "ablation" or bool(_ABLATION.search(c.text)))

    for c in ctx.pick(test, ("ablation", "results")):
        answer = key_span(c.text)
        if long_enough(answer):
            question = f"What did {ctx.label}'s ablation (removing or varying its parts) show?"
            return [ctx.card("ablation", question, answer, [c], "results")]
    return []


def _headline(ctx: _Context) -> list[QuizItem]:
    """The headline result with its baseline: the parsed headline when printed, else a results claim."""
    headline = ctx.note.parsed.headline
    found: Candidate | None = None
    if headline is not None:
        target = normalise(headline.text)
        found = next((c for c in ctx.pool if normalise(c.text) == target), None)
    if found is None:

        def claim(c: Candidate) -> bool:
            return bool(_CLAIM_NUMBER.search(c.text) and _COMPARE.search(c.text)) and ctx.own(c)

        found = next(ctx.pick(claim, ("abstract", "results", "conclusion", "online")), None)
    if found is None or found.position in ctx.used:
        return []
    answer = key_span(found.text)
    if not long_enough(answer):
        return []
    question = f"What is {ctx.label}'s headline result, and against which baseline?"
    return [ctx.card("headline", question, answer, [found], "results")]


_DEFINING = re.compile(
    r"(?i)\b(?:is|are|computes?|captures?|models?|learns?|consists?|combines?|uses?|maps?|takes?|produces?|"
    r"generates?|applies|transforms?|aggregates?|predicts?|encodes?)\b"
)


def _sections_explained(ctx: _Context, limit: int = 3) -> list[QuizItem]:
    """ "Explain “Cross Network”": a method section named by a specific heading, answered by its first
    defining sentence (one that says why, if one of its first three does)."""
    items: list[QuizItem] = []
    by_section: dict[str, list[Candidate]] = {}
    for c in ctx.pool:
        if c.role == "method" and c.position not in ctx.used:
            by_section.setdefault(c.topic or c.section, []).append(c)
    for title, group in by_section.items():
        heading = _unnumbered(title)
        words = heading.split()
        if not 1 <= len(words) <= 8 or GENERIC_HEADING.match(heading) or _names_own(heading, ctx):
            continue
        first = [
            c
            for c in group[:4]
            if _DEFINING.search(c.text) and long_enough(key_span(c.text)) and _speaks_of(heading, c.text)
        ]
        chosen = next((c for c in first if _WHY.search(c.text)), first[0] if first else None)
        if chosen is None:
            continue
        answer = key_span(chosen.text)
        question = f"In {ctx.label}, explain “{heading}”: what is it, and why is it used?"
        items.append(ctx.card(f"section:{heading}", question, answer, [chosen], "architecture"))
        if len(items) >= limit:
            break
    return items


def _findings(ctx: _Context, limit: int = 2) -> list[QuizItem]:
    """Results sentences that name a dataset of the paper: "On Criteo, how does X compare …?"."""
    items: list[QuizItem] = []
    datasets = sorted({d.name for d in ctx.note.datasets() if len(d.name) >= 3}, key=len, reverse=True)
    asked: set[str] = set()
    for c in ctx.pick(lambda c: bool(_COMPARE.search(c.text)) and ctx.own(c), ("results", "online")):
        name = next((d for d in datasets if re.search(rf"(?<!\w){re.escape(d)}(?!\w)", c.text)), None)
        if name is None or name.casefold() in asked:
            continue
        answer = key_span(c.text)
        if not long_enough(answer):
            continue
        asked.add(name.casefold())
        question = f"On {name}, how does {ctx.label} compare with the baselines, and what does it show?"
        items.append(ctx.card(f"finding:{name}", question, answer, [c], "results"))
        if len(items) >= limit:
            break
    return items


def concept_label(note: Note, label: str) -> str:
    """How concept questions name the paper: its own model's name when the label is a long title."""
    model = note.parsed.model
    if model and (label.startswith("“") or len(label.split()) > 3):
        return model
    return label


def concept_items(note: Note, label: str) -> list[QuizItem]:
    """Every conceptual card for one paper, before the deck's quality filters."""
    name = concept_label(note, label)
    ctx = _Context(note, name, own_names(note, label), candidates(note), set())
    items = [
        *_headline(ctx),
        *_problem(ctx),
        *_contribution(ctx),
        *_example(ctx),
        *_data(ctx),
        *_components(ctx),
        *_features(ctx),
        *_contrasts(ctx),
        *_training(ctx),
        *_evaluation(ctx),
        *_ablation(ctx),
        *_findings(ctx),
    ]
    # A paper the cue phrases say little about is explained section by section instead.
    items += _sections_explained(ctx, limit=max(SECTION_CARDS, FEW_CONCEPTS - len(items)))
    return items[:MAX_CONCEPTS_PER_PAPER]
