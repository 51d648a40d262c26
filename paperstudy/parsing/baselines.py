"""Baselines: the other models a paper compares its own with.

Pure over ``ParsedPaper``. Models in the same results table as the own model are baselines for certain;
acronym and CamelCase names in the comparison sentences of the experiments count when met often enough.
"""

from __future__ import annotations

import re

from paperstudy.models import ParsedPaper
from paperstudy.parsing.lexicon import METRIC_HEAD, METRIC_LEXICON, NAME_STOP
from paperstudy.parsing.mentions import abbreviates, clean_text, fold, sections_of, sentences_of
from paperstudy.parsing.results import ABLATION as _ABLATION
from paperstudy.parsing.results import STUDY, compared_models, metric_of, names_model

_BASELINE_CONTEXT = re.compile(
    r"\b(compare[sd]?|comparison|baselines?|outperforms?|against|competitors?|state-of-the-art)\b",
    re.IGNORECASE,
)
_BASELINE_NEEDS = ("compar", "baseline", "outperform", "against", "competitor", "state-of-the-art")


def _may_compare(sent: str) -> bool:
    """False when ``_BASELINE_CONTEXT`` cannot match: ASCII text without any of its words' stems (in
    ASCII the case-insensitive pattern matches just ASCII letters of either case); other text may."""
    if not sent.isascii():
        return True
    lowered = sent.lower()
    return any(need in lowered for need in _BASELINE_NEEDS)


_MODEL_NAME = re.compile(r"(?<![\w-])([A-Z][A-Za-z0-9]*[A-Z][A-Za-z0-9\-]*[∗*]?|[A-Z]{2,}[∗*]?)(?![\w-])")


# "GCNs", "LSTMs", and coined names "ResNets", "MoNets" (not "DeepCross", whose "s" is its own).
_PLURAL_ACRONYM = re.compile(r"[A-Z][A-Za-z0-9\-]*[A-Z](?:[A-Za-z0-9\-]*[^s\W])?s")


def _singular(name: str) -> str:
    """ "GCNs", "LSTMs", "FMs" speak of a family of models: counted as the one model ("GCN")."""
    return name[:-1] if _PLURAL_ACRONYM.fullmatch(name) else name


# An acronym defined in parentheses right after the words it abbreviates: "Relative Information Gain (RIG)".
_DEFINED = re.compile(r"\(([A-Z][A-Za-z]*[A-Z]s?)\)")
_WORD = re.compile(r"[\w\-]+")


def measure_acronyms(paper: ParsedPaper) -> set[str]:
    """Folded acronyms the paper defines for a measure: the defined phrase ends in a measure word
    ("average precision (AP)", "Relative Information Gain (RIG)", "training ratio (TR)", "negative square
    loss (NSL)"). Such an acronym names what is measured or set, never a compared model."""
    out: set[str] = set()
    for _, _, text, _ in sections_of(paper):
        whole = clean_text(text)
        if "(" not in whole:
            continue
        for m in _DEFINED.finditer(whole):
            acronym = m.group(1)
            letters = len(acronym) - (acronym.endswith("s") and acronym[-2].isupper())
            words = _WORD.findall(whole, max(0, m.start() - 24 * letters), m.start())[-letters:]
            if words and METRIC_HEAD.fullmatch(words[-1]) and abbreviates(acronym, " ".join(words)):
                out.add(fold(acronym))
    return out


# A section that lists the compared methods ("Baselines", "Compared Methods", "Models for Comparisons"),
# where every name is one, unlike a section that compares results ("Performance Comparison"), where names
# of data sources, places and measures stand beside the models.
_LISTS_COMPARED = re.compile(
    r"(?i)baseline|competitor|compar\w*\s+(?:methods?|models?|algorithms?|approaches)\b"
    r"|(?:methods?|models?|algorithms?|approaches)\s+(?:for\s+|in\s+|of\s+)?comparisons?\b"
)


def find_baselines(paper: ParsedPaper, taken: set[str]) -> list[str]:
    """Compared methods: acronym/CamelCase names in comparison sentences of the experiments."""
    counts: dict[str, float] = {}
    surface: dict[str, str] = {}
    own = {fold(w) for w in re.findall(r"[A-Za-z0-9\-]+", paper.title.split(":")[0])}
    taken = taken | measure_acronyms(paper)
    for heading, facet, text, _ in sections_of(paper):
        if facet not in ("results", "data", "architecture") and not re.search(
            r"baseline|compar", heading, re.IGNORECASE
        ):
            continue
        if _LISTS_COMPARED.search(heading):
            base = 2.0
        elif re.search(r"compar", heading, re.IGNORECASE):
            base = 1.5  # a name met once in a section comparing results needs a second mention
        else:
            base = 1.0
        for _, sent in sentences_of(text):
            if base == 1.0 and not (_may_compare(sent) and _BASELINE_CONTEXT.search(sent)):
                continue
            for m in _MODEL_NAME.finditer(sent):
                name = _singular(m.group(1))
                key = fold(name)
                if key in taken or key in own or key in NAME_STOP or METRIC_LEXICON.fullmatch(name):
                    continue
                if metric_of(name) is not None:
                    continue  # "CTR" names the task or its metric, never a compared model
                counts[key] = counts.get(key, 0.0) + base
                surface.setdefault(key, name)
    # Models compared in the same results table as the paper's own model are baselines for certain; with
    # such a table, a name only met in the text needs more mentions.
    # A study table's other rows are the own model changed ("No NSP", "BaseModel + GRU + AGRU"), not
    # models it is compared with; they count where a comparison table lists them too.
    compared = [t for t in paper.text_tables if not STUDY.search(t.caption)]
    tabled = compared_models(compared, paper.model, frozenset(taken))
    least = 4.0 if tabled else 2.0
    counts = {k: v for k, v in counts.items() if v >= least and not _ABLATION.match(surface[k])}
    for name in tabled:
        key = fold(name)
        if key and key not in taken:
            counts[key] = counts.get(key, 0.0) + 3.0
            surface.setdefault(key, name)
    model = paper.model
    ranked = sorted(
        (k for k in counts if not (model and names_model(surface[k], model))),
        key=lambda k: -counts[k],
    )
    return [surface[k] for k in ranked[:15]]
