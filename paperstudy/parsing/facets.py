"""Facets: what each section is about (data, features, architecture, results, other) and a short
extractive summary per facet.

Pure over ``ParsedPaper``. Headings decide first (they are the author's own label), then the position
in the paper (an "analysis" after the experiments begin reports results; before, it studies the model),
then the parent's label, then cue words in the body. Summaries quote sentences verbatim (cleaned of line
breaks) and carry the page each sentence starts on.
"""

from __future__ import annotations

import re
import string
from dataclasses import dataclass
from functools import lru_cache

from paperstudy.models import FacetName, FacetSummary, ParsedPaper, Section, Sentence
from paperstudy.parsing.headings import is_back_matter
from paperstudy.parsing.sentences import clean, split_paragraphs, split_sentences

Facet = FacetName


def _rx(pattern: str) -> re.Pattern[str]:
    return re.compile(pattern, re.IGNORECASE)


# Heading rules, tried in order; the first that matches labels the section. Order encodes precedence:
# "Dataset and Evaluation Metrics" is data, "Serving Performance" results, "Model Serving" other.
_OTHER_HEAD = _rx(
    r"\b(introduction|related work|prior work|previous work|background|literature|conclusions?|concluding"
    r"|future work|limitations?|discussions?|acknowledge?ments?|references|bibliography|appendix|appendices"
    r"|contributions?|notations?|preliminar(y|ies)|overview|motivation|problem (definition|statement)"
    r"|broader impact|ethic(s|al)|proofs?|theorem|visuali[sz]ations?)\b"
)
_DATA_HEAD = _rx(
    r"\b(data ?sets?|corp(us|ora)|benchmarks?|training data|experiment(al)? (set-?ups?|settings?)"
    r"|experiment(al)? design|data collection|data description|statistics)\b"
)
# The input side of a model: its features, or the embedding layer that represents them ("Embedding Layer",
# "Embedding and Stacking Layer", "Input Layer").
_INPUT_HEAD = _rx(
    r"\b(input features?|feature engineering|feature extraction|(embedding|input)( (and|&) \w+)? layers?)\b"
)
_WEAK_DATA_HEAD = _rx(r"\bdata\b")
_PARAM_HEAD = _rx(r"\b(hyper-?)?parameters? settings?\b|\bimplementation details?\b|\btraining details?\b")
_RESULTS_HEAD = _rx(
    r"\b(results?|evaluations?|evaluating|performance|ablations?|comparisons?|compared|comparing|baselines?"
    r"|case stud(y|ies)|a/b|online (tests?|experiments?)|effectiveness|efficiency|metrics?|improvements?"
    r"|training time|run-?time|speed|latency|throughput|error analysis|experiments? on)\b"
)
_ZONE_RESULTS_HEAD = _rx(
    r"\b(analysis|analyses|study|studies|tuning|selection|sensitivity|impact|effects? of|variations?"
    r"|varying|discussion)\b"
)
_NETWORK_HEAD = _rx(r"\b(dnns?|cnns?|rnns?|networks?|convolutions?|layers?|encoders?|decoders?|attention)\b")
_FEATURE_HEAD = _rx(
    r"\b(features?|feature engineering|input representation"
    r"|hashing|pre-?processing|tokeni[sz]ation)\b"
)
_SYSTEM_HEAD = _rx(r"\b(serving|deployment|deploying|system|production|infrastructure|pipeline)\b")
_ARCH_HEAD = _rx(
    r"\b(models?|methods?|methodology|approach(es)?|proposed|architectures?|training|learning|loss"
    r"|objectives?|optimi[sz](er|ation)|regulari[sz]ation|implementation|algorithms?|framework"
    r"|components?|solutions?|estimation|inference|formulation|our\b)"
)
# A subsection heading that only sums up or opens its parent: it takes the parent's facet.
_SUMMING_UP = _rx(r"overview|discussions?|summary|remarks")
_EXPERIMENT_HEAD = _rx(r"\bexperiments?\b|\bexperimental\b|\bempirical\b")
# A heading that opens with "Results" or "Experiments" reports them, whatever words follow.
_LEADS_RESULTS = _rx(r"^(?:results?|experiments)\b(?!\s+(?:set-?ups?|settings?|design)\b)")

# Body cue words per facet (counted per sentence or paragraph).
_CUES: dict[Facet, re.Pattern[str]] = {
    "data": _rx(
        r"\b(data ?sets?|corp(us|ora)|benchmarks?|collected|logs?|records|samples|instances|examples"
        r"|users|items|impressions|queries|documents|nodes|edges|training set|test set|validation set"
        r"|held-?out|split|statistics|millions?|billions?|days|weeks|months|public(ly available)?"
        r"|consists? of|contains?|sampled|labell?ed)\b"
    ),
    "features": _rx(
        r"\b(features?|feature engineering|categorical|continuous|one-hot|embeddings?|fields?|cross(es|ed"
        r"|-product)?|transformations?|normali[sz](ed|ation|e)|discreti[sz]\w*|buckets?|bucketi[sz]\w*"
        r"|hash(ing|ed)?|vocabular(y|ies)|sparse|dense|inputs?|bag-of-words|n-grams?|tokens?"
        r"|encod(ed|ing)|quantiles?|covariates?|lags?)\b"
    ),
    "architecture": _rx(
        r"\b(layers?|networks?|hidden|units|neurons|activations?|relu|sigmoid|tanh|softmax|loss|objective"
        r"|optimi[sz](er|e|ed|ation)|gradients?|sgd|adam|adagrad|learning rate|dropout|regulari[sz]\w*"
        r"|batch(es)?|epochs?|trained|training|parameters?|weights?|encoders?|decoders?|attention"
        r"|convolution(al|s)?|architecture|components?|outputs?|we propose|our (model|method|approach)"
        r"|initiali[sz]\w*|back-?propagation|steps)\b"
    ),
    "results": _rx(
        r"\b(results?|outperforms?|outperformed|improv(es|ed|ement|ements)|better|best|worse|baselines?"
        r"|compared|comparison|performance|accuracy|auc|logloss|bleu|ndcg|error|state-of-the-art"
        r"|significant(ly)?|achiev(es|ed)|gains?|lift|ablation|relative|absolute|metrics?|evaluat\w*)\b"
        r"|\d%|\d\.\d+%"
    ),
}
_NUMBER = re.compile(r"\d[\d,.]*\s?(%|k\b|m\b|million|billion|thousand)?")
_SIZE_WORDS = _rx(r"\b(million|billion|thousand|users|items|records|days|samples|examples|queries|nodes)\b")
_FORMULA_CHARS = re.compile(r"[=∑∏∈∀∃≤≥≈∝→←×·⊙⊗∂∇√∫^_{}|]|[α-ωΑ-Ω]")
_CAPTION = re.compile(r"^(fig(ure)?|tab(le)?|algorithm)\.?\s*\d+\s*[:.]", re.IGNORECASE)
# Terms of a formula written inline: a function applied ("f(W", "cos(", "O(d"), a bracket run into a symbol
# ("(p−t)2", ")a(l)"), subscripts after a comma ("t,i", "1,T"), an equation's number "(2)".
_FORMULA_TERM = re.compile(r"(?<![A-Za-z])[A-Za-z]{1,6}\((?!\d{4})|\)\w|\w,\w\b|\(\d{1,2}\)")
_CAPTION_INSIDE = re.compile(r"\b(?:Figure|Fig\.|Table)\s+\d{1,2}\s*[:|]\s")
# A symbol the text layer dropped (a formula's variable set in a math font without a text mapping) leaves
# its slot empty: a preposition, article or conjunction right before punctuation ("w.r.t. to , the model",
# "relevant to ."), or a lone "?" for a missing glyph ("consisting of ? ratings").
_DROPPED_SYMBOL = re.compile(
    r"\b(?:of|to|from|by|with|for|in|on|at|the|a|an|is|are|and)\s+[,.;:?](?=\s|$)|\s\?\s"
)
_REFERENCE = _rx(r"\b(in proceedings|proceedings of|arxiv preprint|journal of|pp\.|vol\.|doi:)")
_TERMINAL = (".", "!", "?")
_WE = _rx(r"\b(we|our)\b")
_POINTER = _rx(r"\b(section|see|following)\b")
# Literals (lower case) one of which each pattern above needs: a cheap test that rules most text out.
_SIZE_NEEDS = tuple(
    "million billion thousand users items records days samples examples queries nodes".split()
)
_REFERENCE_NEEDS = ("proceedings", "arxiv preprint", "journal of", "pp.", "vol.", "doi:")
_POINTER_NEEDS = ("section", "see", "following")
_OWN_NEEDS = ("our ", "we propose", "the proposed")  # for ``_OWN_WORK`` below


def _may_match(lowered: str | None, needs: tuple[str, ...]) -> bool:
    """False when a case-insensitive pattern that needs one of ``needs`` cannot match the text whose
    ``lower()`` is ``lowered``. Given only for ASCII text (None otherwise: then it may match), where such a
    pattern matches just ASCII letters of either case, so the literal test is exact."""
    return lowered is None or any(need in lowered for need in needs)


_SETUP = _rx(r"set-?ups?|settings?")


@dataclass
class _Sent:
    text: str
    page: int
    section: str
    order: int
    scores: dict[Facet, float] | None = None
    role: float = 0.0
    """What its section says of it: more in a section that names the own model, less when it was routed
    away from its section's facet (a hyper-parameter study's sentence on layers is no architecture)."""


def _heading_facet(heading: str, in_zone: bool) -> Facet | None:
    h = heading.replace("-", " ") if "set-up" not in heading.lower() else heading
    if _LEADS_RESULTS.match(heading):
        return "results"  # its head word decides: "Results and discussion", "Experiments with hidden layers"
    if _OTHER_HEAD.search(heading):
        return "other"
    data = _DATA_HEAD.search(heading)
    if data:
        # "Comparison on More Data Sets" is about results: of two cues the heading's head word decides.
        results = _RESULTS_HEAD.search(heading)
        return "results" if results and results.start() < data.start() else "data"
    if _PARAM_HEAD.search(heading):
        return "architecture"
    if _INPUT_HEAD.search(heading):
        return "features"
    if _RESULTS_HEAD.search(heading):
        return "results"
    if in_zone and _ZONE_RESULTS_HEAD.search(heading):
        return "results"
    if _NETWORK_HEAD.search(h):
        return "architecture"
    if _FEATURE_HEAD.search(heading):
        return "features"
    if _WEAK_DATA_HEAD.search(heading):
        return "data"
    if _SYSTEM_HEAD.search(heading):
        return "other"
    if _ARCH_HEAD.search(heading):
        return "architecture"
    if _EXPERIMENT_HEAD.search(heading):
        return "results"
    return None


# One pass over the text instead of four: each cue word counts for the first facet that claims it.
_ALL_CUES = re.compile("|".join(f"(?P<{f}>{p.pattern})" for f, p in _CUES.items()), re.IGNORECASE)
_FACET_ORDER: tuple[Facet, ...] = tuple(_CUES)
# Fast path with the same counts as ``_ALL_CUES.finditer``: a cue can only start at a word's first
# character, so walk the words and look each one up. A word that may open a multi-word cue ("training
# set", "state-of-the-art", "we propose") or that is not ASCII (case folding) runs the full regex there.
_WORD = re.compile(r"\w+")
_PERCENT = re.compile(r"\d%|\d\.\d+%")
_MULTI_FIRST = frozenset(
    "data training test validation held publicly consist consists feature cross one bag n learning back we"
    " our state".split()
)
_FULL = -2
_NONE = -1
_WORD_KIND: dict[str, int] = {}


def _word_kind(word: str) -> int:
    kind = _WORD_KIND.get(word)
    if kind is None:
        if not word.isascii() or word.lower() in _MULTI_FIRST:
            kind = _FULL
        else:
            m = _ALL_CUES.fullmatch(word)
            kind = _FACET_ORDER.index(m.lastgroup) if m and m.lastgroup else _NONE
        if len(_WORD_KIND) < 200_000:
            _WORD_KIND[word] = kind
    return kind


def _scores(text: str) -> dict[Facet, float]:
    counts = [0.0, 0.0, 0.0, 0.0]
    end = 0
    spans: list[tuple[int, int]] | None = [] if "%" in text else None
    kinds = _WORD_KIND
    for m in _WORD.finditer(text):
        word = m.group()
        kind = kinds.get(word)
        if kind is None:
            kind = _word_kind(word)
        if kind == _NONE:
            continue
        start = m.start()
        if start < end:
            continue
        if kind == _FULL:
            full = _ALL_CUES.match(text, start)
            if full is None:
                continue
            counts[_FACET_ORDER.index(full.lastgroup)] += 1.0
            end = full.end()
        else:
            counts[kind] += 1.0
            end = m.end()
        if spans is not None:
            spans.append((start, end))
    if spans is not None:
        for m in _PERCENT.finditer(text):
            # A percentage counts unless a cue word already took its digit ("evaluat1on5%").
            if not any(s <= m.start() < e for s, e in spans):
                counts[3] += 1.0
    return dict(zip(_FACET_ORDER, counts, strict=True))


def _body_facet(
    text: str, prior: Facet, margin: float = 1.5, least: float = 3, scores: dict[Facet, float] | None = None
) -> Facet:
    """The body's dominant facet, or ``prior`` unless another facet clearly dominates."""
    scores = scores if scores is not None else _scores(text)
    base = scores.get(prior, 0.0)
    best = max(scores, key=lambda f: scores[f])
    if best != prior and scores[best] >= least and scores[best] > margin * base + 1:
        return best
    return prior


def _parents(sections: list[Section]) -> list[int | None]:
    out: list[int | None] = []
    current: int | None = None
    for i, sec in enumerate(sections):
        if sec.level == 1:
            current = i
            out.append(None)
        else:
            out.append(current)
    return out


def classify_sections(paper: ParsedPaper) -> list[Facet]:
    """A facet for each section of ``paper`` (see the module doc for the order of evidence)."""
    secs = paper.sections
    parents = _parents(secs)
    zone_start = next(
        (
            i
            for i, s in enumerate(secs)
            if s.level == 1
            and (_EXPERIMENT_HEAD.search(s.heading) or _RESULTS_HEAD.search(s.heading))
            and not _OTHER_HEAD.search(s.heading)
        ),
        len(secs),
    )
    heads = [_heading_facet(s.heading, i >= zone_start) for i, s in enumerate(secs)]
    facets: list[Facet] = ["other"] * len(secs)
    # Children first: a cue-less level-1 heading is labelled by what its children hold.
    for i, sec in enumerate(secs):
        if sec.level == 1:
            continue
        parent = parents[i]
        phead = heads[parent] if parent is not None else None
        own = heads[i]
        if phead == "other" and parent is not None and _OTHER_HEAD.search(secs[parent].heading):
            appendix = "append" in secs[parent].heading.lower()  # "Appendix", "Appendices"
            facets[i] = own if appendix and own == "results" else "other"
        elif own == "other" and _SUMMING_UP.fullmatch(sec.heading.strip()) and phead not in (None, "other"):
            # "4.1 Overview" of a method, "4.3 Discussion" of a model: about what the parent section is.
            facets[i] = phead
        elif own is not None:
            if own == "data" and _WEAK_DATA_HEAD.search(sec.heading) and not _DATA_HEAD.search(sec.heading):
                own = _body_facet(sec.text, "data", margin=1.0)
            elif (
                own in ("architecture", "features")
                and phead == "results"
                and i >= zone_start
                and not _PARAM_HEAD.search(sec.heading)
            ):
                # Inside the experiments, "Log Loss with Negative Sampling" reports results about a loss.
                own = "results"
            facets[i] = own
        elif phead is not None:
            facets[i] = phead
        else:
            facets[i] = _body_facet(sec.text, "results" if i >= zone_start else "architecture")
    for i, sec in enumerate(secs):
        if sec.level != 1:
            continue
        if heads[i] is not None:
            facets[i] = heads[i] or "other"
            continue
        weights: dict[Facet, int] = {}
        for j in range(i + 1, len(secs)):
            if parents[j] != i:
                break
            weights[facets[j]] = weights.get(facets[j], 0) + len(secs[j].text) + 200
        if weights:
            facets[i] = max(weights, key=lambda f: weights[f])
        else:
            facets[i] = _body_facet(sec.text, "results" if i >= zone_start else "architecture")
    return _background_before_proposal(paper, facets, parents)


_PRESENTS, _ROUTED, _APPENDED, _CAPTIONED = 2.0, 2.0, 1.5, 1.5


def _caption_texts(paper: ParsedPaper) -> dict[int, list[str]]:
    """Each page's captions as summary sentences read them (cleaned, single-spaced)."""
    out: dict[int, list[str]] = {}
    for caption in paper.captions:
        out.setdefault(caption.page, []).append(" ".join(clean(caption.text).split()))
    return out


def _in_caption(sentence: str, page: int, captions: dict[int, list[str]]) -> bool:
    """The sentence is part of a caption printed on its page."""
    flat = " ".join(sentence.split())
    return any(flat in text for text in captions.get(page, ()))


def _own_names(paper: ParsedPaper) -> list[str]:
    """The own model's name and the title's phrase before a colon ("DeepFM", "Neural Factorization
    Machines"), folded for ``_names_own``."""
    head = paper.title.split(":")[0].strip()
    names = [n for n in (paper.model, head if len(head.split()) >= 2 else None) if n]
    return [" ".join(n.casefold().split()) for n in names]


def _names_own(heading: str, names: list[str]) -> bool:
    key = f" {' '.join(heading.casefold().split())} "
    return any(f" {n} " in key for n in names)


def _background_before_proposal(
    paper: ParsedPaper, facets: list[Facet], parents: list[int | None]
) -> list[Facet]:
    """Model-like sections printed between the introduction and the section that presents the paper's own
    model (its name or the title's phrase in a heading, "3 FFM", "3 Neural Factorization Machines") are
    background on earlier models: "2 Factorization Machines" is other. The section naming the model, and
    a level-2 heading that is the model's name, are architecture."""
    names = _own_names(paper)
    secs = paper.sections
    if not names:
        return facets
    proposal = None
    for i, sec in enumerate(secs):
        if i == 0 or sec.level != 1 or _OTHER_HEAD.search(sec.heading):
            continue
        children = [j for j in range(i + 1, len(secs)) if parents[j] == i]
        if _names_own(sec.heading, names) or any(_names_own(secs[j].heading, names) for j in children):
            proposal = i
            break
    out = list(facets)
    if proposal is None:
        return out
    for i, sec in enumerate(secs):
        top = i if sec.level == 1 else parents[i]
        if top is not None and 0 < top < proposal and out[i] in ("architecture", "features"):
            out[i] = "other"
        elif (
            _names_own(sec.heading, names)
            and out[i] in ("features", "other")
            and top is not None
            and top >= proposal
        ):
            out[i] = "architecture"
    return out


def _is_generic(heading: str) -> bool:
    return _heading_facet(heading, False) is None or bool(
        _EXPERIMENT_HEAD.search(heading) or _SETUP.search(heading)
    )


def _segments(paper: ParsedPaper, sec: Section) -> list[tuple[int, str]]:
    """(page, text) pieces of a section's body, from its spans when they point into the page texts."""
    segs: list[tuple[int, str]] = []
    for span in sec.spans:
        if 1 <= span.page <= len(paper.pages) and span.end <= len(paper.pages[span.page - 1]):
            segs.append((span.page, paper.pages[span.page - 1][span.start : span.end]))
    if segs and sum(len(t) for _, t in segs) >= 0.8 * len(sec.text.strip()):
        return segs
    return [(sec.page_start, sec.text)]


def _page_sentences(paper: ParsedPaper, sec: Section, order0: int) -> list[_Sent]:
    """Sentences of a section with their page; a sentence split by a page break starts on the first."""
    segs = _segments(paper, sec)
    joined = ""
    starts: list[tuple[int, int]] = []
    for page, text in segs:
        starts.append((len(joined), page))
        joined += text if not joined else "\n" + text
    out: list[_Sent] = []
    for k, span in enumerate(split_sentences(joined)):
        page = segs[0][0]
        for offset, pg in starts:
            if offset <= span.start:
                page = pg
        out.append(_Sent(clean(joined[span.start : span.end]), page, sec.title, order0 + k))
    return out


_ASCII_LETTERS = string.ascii_letters.encode()
_ASCII_DIGITS = string.digits.encode()


def _letters_digits(text: str) -> tuple[int, int]:
    """How many characters of ``text`` are letters (``isalpha``) and digits (``isdigit``)."""
    if text.isascii():  # in ASCII those are exactly A-Z, a-z and 0-9: count them in C, not per character
        raw = text.encode()
        return len(raw) - len(raw.translate(None, _ASCII_LETTERS)), len(raw) - len(
            raw.translate(None, _ASCII_DIGITS)
        )
    return sum(map(str.isalpha, text)), sum(map(str.isdigit, text))


@lru_cache(maxsize=8192)
def is_clean_sentence(text: str) -> bool:
    """A readable prose sentence: not a formula, caption, reference, table row or fragment.

    Cached: each facet's summary considers the same candidate sentences."""
    words = text.split()
    if not 6 <= len(words) <= 70 or not text.endswith(_TERMINAL) or not text[0].isupper():
        return False
    lowered = text.lower() if text.isascii() else None
    if _CAPTION.match(text) or (_may_match(lowered, _REFERENCE_NEEDS) and _REFERENCE.search(text)):
        return False
    letters, digits = _letters_digits(text)
    n_chars = sum(map(len, words))  # ``split`` drops exactly the ``isspace`` characters
    if letters < 0.7 * n_chars or digits > 0.2 * n_chars:
        return False
    if len(_FORMULA_CHARS.findall(text)) > 1 or "http" in text or "www." in text:
        return False
    if ("=" in text or "∈" in text) and _FORMULA_TERM.search(text):
        return False  # an equation in the sentence ("a(l+1) = f(W(l)a(l) + b(l))"): no summary reads it
    if _DROPPED_SYMBOL.search(text):
        return False
    if ("Fig" in text or "Table" in text) and _CAPTION_INSIDE.search(text):
        return False  # body text run into a caption ("The dropout is Figure 6: Validation error ...")
    short = sum(1 for w in words if len(w.strip(".,;:()[]")) <= 1)
    if short > 0.25 * len(words):
        return False
    real_words = sum(1 for w in words if w.isalpha() and w.islower() and len(w) > 3)
    return real_words >= 3


def _sentence_score(s: _Sent, facet: Facet, model: str | None = None) -> float:
    """How well a sentence summarises this paper's facet: cue words of the facet, numbers and sizes for
    data and results, and above all whether it speaks of the paper's own model rather than others'."""
    low = s.text
    scores = s.scores if s.scores is not None else _scores(low)
    score = 2.0 * scores[facet] - 0.5 * (sum(scores.values()) - scores[facet])
    if facet in ("data", "results"):
        score += min(3, len(_NUMBER.findall(low))) * 0.7
    lowered = low.lower() if low.isascii() else None
    if facet == "data" and _may_match(lowered, _SIZE_NEEDS) and _SIZE_WORDS.search(low):
        score += 1.5
    own = bool(model) and model is not None and model in low
    if own or (_may_match(lowered, _OWN_NEEDS) and _OWN_WORK.search(low)):
        score += 1.5
    elif _WE.search(low):
        score += 0.5
    if not own and _cites_others(low):
        score -= 1.5  # a remark on cited work ("Although PNN [22] is more reliable, ...")
    if _BACK_REFERENCE.match(low):
        score -= 1.5  # "It is a famous benchmark", "They were annotated …": read alone, says of what?
    role = s.role
    if _may_match(lowered, _POINTER_NEEDS) and _POINTER.search(low):
        score -= 1.0
        role = min(role, 0.0)  # "In this section, we present …" announces; it summarises nothing
    return (score + role) / (1.0 + len(low.split()) / 40.0)


# A sentence whose subject is a pronoun for something the sentence before named ("It mainly consists of
# two sub-networks", "They were annotated with a score"): a summary shows it alone. A demonstrative with
# its noun ("These 32-dimensional features describe …") still says what it is about.
_BACK_REFERENCE = re.compile(r"(?:It|They|Its|Their)\b")
_OWN_WORK = _rx(r"\b(our (model|method|approach|framework|network|architecture)|we propose|the proposed)\b")
_OTHERS_WORK = re.compile(r"\[\d+(?:[,–-]\s*\d+)*\]|\bet al\.|\b(?:proposed|introduced) (?:by|in)\b")


def _cites_others(text: str) -> bool:
    # The pattern is case-sensitive: without one of these literals it cannot match.
    if "[" not in text and "et al." not in text and "proposed " not in text and "introduced " not in text:
        return False
    return _OTHERS_WORK.search(text) is not None


# A sentence cut at the start of a list: "... the following three datasets: 1." or "... as follows: (i)."
_MID_LIST = re.compile(r"(?::|\bfollowing\b.{0,40})\s*(?:\(?\d{1,2}\)?|\(?[ivx]{1,4}\)|[a-e]\))\.?$")


def _summary(cands: list[_Sent], facet: Facet, limit: int = 5, model: str | None = None) -> list[_Sent]:
    seen: set[str] = set()
    scored = []
    for s in cands:
        key = s.text.casefold()
        if key in seen or not is_clean_sentence(s.text) or _MID_LIST.search(s.text):
            continue
        if s.text.endswith("?"):
            continue  # a research question ("How do the key hyper-parameters … impact …?") tells no finding
        seen.add(key)
        scored.append((_sentence_score(s, facet, model), s))
    scored.sort(key=lambda pair: (-pair[0], pair[1].order))
    picked = [s for score, s in scored[:limit] if score > 0.5]
    if len(picked) < 3:
        picked = [s for _, s in scored[:3]]
    return sorted(picked, key=lambda s: s.order)


def assign_facets(paper: ParsedPaper) -> ParsedPaper:
    """Label each section and paragraph with a facet and write a 3–6 sentence summary per facet."""
    facets = classify_sections(paper)
    own_names = _own_names(paper)
    pools: dict[Facet, list[_Sent]] = {f: [] for f in ("data", "features", "architecture", "results")}
    fallback: dict[Facet, list[_Sent]] = {f: [] for f in pools}
    new_sections: list[Section] = []
    order = 0
    in_back_matter = False  # from the first back-matter heading on (References, Appendix, ...)
    captions = _caption_texts(paper)
    for sec, facet in zip(paper.sections, facets, strict=True):
        para_facets: list[Facet] = []
        sents = _page_sentences(paper, sec, order)
        order += len(sents) + 1
        sent_facets: list[Facet] = [facet] * len(sents)
        if facet != "other" and _is_generic(sec.heading):
            paras = split_paragraphs(sec.text)
            para_facets = [_body_facet(sec.text[p.start : p.end], facet) for p in paras]
            # Route each sentence to its paragraph's facet (by first words; spans may differ from text).
            owner = {
                clean(sec.text[p.start : p.end])[:30]: f for p, f in zip(paras, para_facets, strict=True)
            }
            current: Facet = facet
            for k, s in enumerate(sents):
                current = owner.get(s.text[:30], current)
                sent_facets[k] = current
        presents = _names_own(sec.heading, own_names)
        in_back_matter = in_back_matter or is_back_matter(sec.heading)
        for s, f in zip(sents, sent_facets, strict=True):
            s.role = (_PRESENTS if presents else 0.0) - (_ROUTED if f != facet else 0.0)
            if in_back_matter:
                s.role -= _APPENDED  # an appendix details; the body says what the paper did
            if _in_caption(s.text, s.page, captions):
                s.role -= _CAPTIONED  # a caption labels ("Right: ...", "In italics are ..."); the body states
            if f in pools:
                pools[f].append(s)
        if facet != "other":
            for s, sf in zip(sents, sent_facets, strict=True):
                if not is_clean_sentence(s.text):
                    continue  # never a summary candidate (``_summary`` drops it): don't score it
                s.scores = _scores(s.text)
                bf = _body_facet(s.text, sf, 1.0, least=2, scores=s.scores)
                if bf != sf and bf in fallback:
                    fallback[bf].append(s)
        new_sections.append(sec.model_copy(update={"facet": facet, "paragraph_facets": para_facets}))
    summaries: dict[FacetName, FacetSummary] = {}
    for f, cands in pools.items():
        picked = _summary(cands, f, model=paper.model)
        if len(picked) < 3:
            more = _summary(fallback[f], f, limit=5 - len(picked), model=paper.model)
            picked = sorted({id(s): s for s in picked + more}.values(), key=lambda s: s.order)
        if picked:
            summaries[f] = FacetSummary(
                sentences=[Sentence(text=s.text, page=s.page, section=s.section) for s in picked]
            )
    return paper.model_copy(update={"sections": new_sections, "facets": summaries})
