"""Metrics: what a paper reports, each with the values printed beside it (never differences).

Pure over ``ParsedPaper``. Table headers are the strongest evidence; in running text a pattern ("in terms
of X", "X@K", "we use X as the metric") or a value beside the name ("AUC of 0.80") says a name is a metric.
"""

from __future__ import annotations

import re

from paperstudy.models import Metric, ParsedPaper
from paperstudy.parsing.lexicon import (
    GENERIC_METRIC,
    METRIC_ALIASES,
    METRIC_HEAD,
    METRIC_LEXICON,
    NAME_STOP,
    NOT_METRICS,
)
from paperstudy.parsing.mentions import (
    SPLIT_LIST,
    Hit,
    add_mention,
    clean_text,
    fold,
    is_background,
    merge_hits,
    page_of,
    sections_of,
    sentences_of,
)
from paperstudy.parsing.sentences import clean
from paperstudy.parsing.table_entities import header_metrics

_METRIC_PATTERNS = [
    # "in terms of AUC", "measured in wall-clock time", "evaluation metric is NDCG".
    re.compile(r"\bin terms of\s+(?:the\s+)?([A-Za-z][\w\-@]*(?:\s+[A-Za-z][\w\-@]*){0,2})"),
    re.compile(r"\bmeasured (?:in|by)\s+(?:the\s+)?([A-Za-z][\w\-]*(?:\s+[a-z][\w\-]*){0,2})"),
    re.compile(r"\bmetrics?\s*(?:[-–—:]|is|are|include|including)\s*([A-Za-z][\w\-@]*(?:\s+[a-z]\w*)?)"),
    re.compile(r"\bmetrics?\s*[-–—:]\s*\w+(?:\s+\([\w ]+\))?\s+and\s+([A-Za-z][\w\-]*)"),
    re.compile(r"\b([A-Za-z][A-Za-z0-9\-]*@(?:[Kk]|\d+|\.\d+|\[[^\]]{1,12}\]))"),
]
# Literal text each pattern cannot match without: a substring test is far cheaper than a failed scan.
_METRIC_NEEDS = ("in terms of", "measured ", "metric", "metric", "@")
# What the paper says it measures by: "we use Normalized Entropy (NE) and calibration as our major
# evaluation metric", "we adopt DCG@k, Recall@k and MAP@k as the evaluation metrics" (a list, any words,
# in the paper's own voice, where it states its choice);
# "performance is evaluated using the average WIS", "the accuracy is evaluated by mAP@.5" (one name, shaped
# as a metric: "evaluated using the procedure of Section 5" names none).
_USED_AS_METRIC = re.compile(
    r"\b[Ww]e\s+(?:also\s+)?(?:use|used|employ|employed|adopt|adopted|choose|chose)\s+(?:the\s+)?"
    r"([A-Za-z][^.;:]{1,80}?)\s+as\s+"
    r"(?:the\s+|our\s+|an?\s+)?(?:[a-z]+\s+){0,2}metrics?\b"
)
_EVALUATED_BY = re.compile(
    r"\bevaluated\s+(?:\w+\s+){0,2}?(?:by|using|with)\s+(?:the\s+|their\s+|its\s+)?(?:average\s+|mean\s+)?"
    r"([A-Za-z][\w\-@.]*[\w@])"
)
_LEADING_AND = re.compile(r"^and\s+")  # "Normalized Entropy (NE) and calibration": the list goes on
_CHOSEN_METRICS = ((_USED_AS_METRIC, "metric"), (_EVALUATED_BY, "evaluated"))
_NUMBER = re.compile(r"(?<![\w.])[+-]?(?:\d+\.\d+|\d+)\s?%|(?<![\w.])[+-]?\d*\.\d+(?!\w|\.\d)")
_PAREN = re.compile(r"\s*\([^)]*\)\s*$")


def _metric_name(raw: str, explicit: bool = False) -> tuple[str, float] | None:
    """A clean metric name and how strongly its shape says "metric", or None for junk captures."""
    name = _PAREN.sub("", clean(raw)).strip(" .,;:%")
    lex = METRIC_LEXICON.search(name)
    if lex:
        name = lex.group(0)
    name = METRIC_ALIASES.get(name.casefold(), name)
    key = fold(name)
    if len(name) < 2 or key in NOT_METRICS or key in NAME_STOP:
        return None
    if lex or METRIC_HEAD.search(name) or "@" in name:
        return name, 0.5 if GENERIC_METRIC.fullmatch(name) else 1.0
    # A bare token counts when shaped like an acronym or coined name: "AdverSuc", "D1", "BLEU".
    if " " not in name and sum(c.isupper() or c.isdigit() for c in name) >= 2:
        return name, 1.0
    if explicit and " " not in name and len(name) >= 5:
        return name, 1.0
    return None


def find_metrics(paper: ParsedPaper) -> list[Metric]:
    """Metrics the paper reports. Table headers are the strongest evidence; in running text a name counts
    when a pattern says it is a metric ("in terms of AUC") or a value stands beside it ("AUC of 0.80").
    Where the tables name metrics, a name met only in passing in the text is not one the paper reports."""
    hits: dict[str, Hit] = {}
    values: dict[str, dict[str, float]] = {}
    for heading, facet, text, page in sections_of(paper):
        bg = is_background(heading, facet)
        weight = 0.2 if bg else (1.5 if facet in ("results", "data", "abstract") else 1.0)
        whole = clean_text(text)
        rxs = [
            (rx, 2.0, need)
            for rx, need in zip(_METRIC_PATTERNS, _METRIC_NEEDS, strict=True)
            if need in whole and rx.search(whole)
        ]
        if METRIC_LEXICON.search(whole):
            rxs.append((METRIC_LEXICON, 1.0, ""))
        chosen = [(rx, need) for rx, need in _CHOSEN_METRICS if need in whole and rx.search(whole)]
        if not rxs and not chosen:
            continue
        for raw, sent in sentences_of(text):
            # (name, where it ends, strength, whether a plain word may be a metric there)
            names: list[tuple[str, int, float, bool]] = []
            for rx, strength, need in rxs:
                if need in sent:  # the same literal test, per sentence
                    names.extend(
                        (m.group(m.lastindex or 0), m.end(), strength, strength >= 2)
                        for m in rx.finditer(sent)
                    )
            for rx, need in chosen:
                if need in sent:
                    for m in rx.finditer(sent):
                        parts = [_LEADING_AND.sub("", part) for part in SPLIT_LIST.split(m.group(1))]
                        parts = [part for part in parts if part]
                        names.extend((part, m.end(1), 2.0, rx is _USED_AS_METRIC) for part in parts)
            if not names:
                continue
            pg = page_of(paper, raw, page)  # only worth finding where a name was found
            for raw_name, end, strength, plain in names:
                got = _metric_name(raw_name, explicit=plain)
                if got is None:
                    continue
                name, shape = got
                beside = _values_beside(sent, end, len(raw_name))
                kind = "explicit" if strength >= 2 and not bg else ("valued" if beside and not bg else None)
                add_mention(hits, name, weight * strength * shape, pg, sent, kind)
                nums = values.setdefault(fold(name), {})
                for v in beside:
                    nums[v] = nums.get(v, 0.0) + weight
    _values_elsewhere(paper, hits, values)
    for table in paper.text_tables:
        for named in header_metrics(table):
            add_mention(hits, named.name, 2.5, named.page, "", "table")
    tables_name_metrics = any("table" in h.evidence for h in hits.values())
    # The own model's values from the results tables come first: they are what the paper reports. Their
    # metric is reported too, though only the caption names it ("in terms of classification accuracies").
    for row in paper.results:
        add_mention(hits, row.metric, 2.5, row.page, "", "table")
        nums = values.setdefault(fold(row.metric), {})
        nums[row.printed] = nums.get(row.printed, 0.0) + 100.0
    out = []
    for hit in _merge_at_k(merge_hits(hits)):
        if hit.weight < 1.5 or (tables_name_metrics and not hit.evidence):
            continue
        if GENERIC_METRIC.fullmatch(hit.name) and not (
            hit.evidence & {"table", "valued"} if tables_name_metrics else hit.evidence
        ):
            continue
        vals: dict[str, float] = {}
        for key in sorted(hit.keys | {fold(hit.name)}):  # "F1" of the tables merged into "F1-score"
            for value, weight in values.get(key, {}).items():
                vals[value] = vals.get(value, 0.0) + weight
        ranked = sorted(vals, key=lambda v: -vals[v])[:5]
        out.append(Metric(name=hit.name, values=ranked, pages=sorted(hit.pages)))
    return out


def _values_elsewhere(paper: ParsedPaper, hits: dict[str, Hit], values: dict[str, dict[str, float]]) -> None:
    """Values of a metric the lexicon does not know, from sentences other than the one that named it: a
    pattern names "WIS" once ("evaluated using the average WIS"); the results then say "a mean WIS of
    0.12". Only the values are gathered; the evidence that the name is a metric stays the pattern's."""
    unknown = [h.name for h in hits.values() if h.evidence and not METRIC_LEXICON.search(h.name)]
    if not unknown:
        return
    named = re.compile(r"(?<![\w-])(?:" + "|".join(map(re.escape, unknown)) + r")(?![\w-])")
    for heading, facet, text, _ in sections_of(paper):
        if is_background(heading, facet) or not named.search(text):
            continue
        for _, sent in sentences_of(text):
            for m in named.finditer(sent):
                nums = values.setdefault(fold(m.group(0)), {})
                for v in _values_beside(sent, m.end(), len(m.group(0))):
                    nums[v] = nums.get(v, 0.0) + 1.0


# What may stand between a metric's name and its value: "AUC of 0.8007", "Logloss = 0.45", "BLEU: 28.4".
_CONNECTIVE = re.compile(
    r"^\s*(?:\([^()]{0,20}\)\s*)?(?:(?:score|value)\s+)?(?:of|=|:|is|was|reaches|reached|achieves|achieved"
    r"|attains|attained|at|as high as)?\s*(?:about|around|approximately|only|an?|the)?\s*$"
)
# Words that make the number that follows a difference, not a value: "improves AUC by 0.86%".
_DIFFERENCE_WORDS = r"improv\w*|gains?|lifts?|increases?d?|decreases?d?|reduc\w*|over|than"
_DELTA = re.compile(rf"(?i)(?:\bby|\+|{_DIFFERENCE_WORDS}|up to|relative)\s*$")
# The words that introduce a number in a clause: a difference ("by", "lose") or a value ("of", "reaches").
_INTRODUCER = re.compile(
    rf"(?i)\b(?:(?P<delta>by|los[et]s?|losing|drops?|dropped|{_DIFFERENCE_WORDS})"
    r"|(?P<value>of|is|are|was|were|to|at|reach\w*|achiev\w*|attain\w*|obtain\w*|yields?|gets?|gives?"
    r"|scores?))\b|(?P<mark>[=:])"
)


def _is_delta(sent: str, start: int) -> bool:
    """The number at ``start`` is a difference: a difference word stands right before it ("by 0.86%"), or
    is the last word of its clause to introduce a number ("by 0.0078 GAUC and 0.0055 AUC", "we lose
    0.1-0.4 F1", against "... and reaches an AUC of 0.6814")."""
    if _DELTA.search(sent[max(0, start - 16) : start]):
        return True
    clause = re.split(r"[,;]", sent[max(0, start - 80) : start])[-1]
    introducers = list(_INTRODUCER.finditer(clause))
    return bool(introducers) and introducers[-1].group("delta") is not None


# "0.9 BLEU worse than the best setting", "only 0.3 F1 behind fine-tuning": a comparison, not a value.
_DELTA_AFTER = re.compile(
    r"(?i)\s*(?:gains?|improvements?|lift|increase|decrease|drop|higher|lower|better|worse|behind|ahead)\b"
)


def _values_beside(sent: str, end: int, length: int) -> list[str]:
    """Values printed right after the metric's name ("AUC of 0.8007") or right before it ("28.4 BLEU"),
    never differences ("by 0.86%", "+4.18%") nor numbers further away."""
    out: list[str] = []
    start = end - length
    for n in _NUMBER.finditer(sent, end, min(len(sent), end + 40)):
        if not _CONNECTIVE.match(sent[end : n.start()]):
            break
        if not _is_delta(sent, n.start()) and not n.group(0).startswith("+"):
            out.append(n.group(0).replace(" ", ""))
        break
    before = list(_NUMBER.finditer(sent, max(0, start - 12), start))
    if before and not _DELTA_AFTER.match(sent, end):
        n = before[-1]
        gap = sent[n.end() : start]
        signed = n.group(0)[:1] in "+-"  # "+1.3 F1" is a gain, "97%-98% accuracy" a range
        delta = signed or _is_delta(sent, n.start())
        if gap.strip(" (") == "" and not delta:
            out.append(n.group(0).replace(" ", ""))
    return out


def _merge_at_k(hits: list[Hit]) -> list[Hit]:
    """Cut-off variants of one metric become one name: "DCG@5" and "DCG@10" join "DCG@K" when the paper
    names the metric that way; "HR@K" joins "HR@10" when that is the only cut-off it reports; "DCG" joins
    "NDCG@10" (the family's normalised form)."""
    concrete: dict[str, list[Hit]] = {}
    for h in hits:
        base, at, rest = fold(h.name).partition("@")
        if at and rest.isdigit():
            concrete.setdefault(base, []).append(h)
    generic = {fold(h.name).split("@")[0]: h for h in hits if re.search(r"@[Kk]$", h.name)}
    out = []
    absorbed: set[int] = set()
    for base, g in generic.items():
        # The one cut-off the paper prints far more often than the general form names the metric.
        if len(concrete.get(base, [])) == 1 and concrete[base][0].mentions > 1.5 * g.mentions:
            only = concrete[base][0]
            only.weight += g.weight
            only.mentions += g.mentions
            only.pages |= g.pages
            only.evidence |= g.evidence
            absorbed.add(id(g))
    for h in hits:
        if id(h) in absorbed:
            continue
        base, at, rest = fold(h.name).partition("@")
        target = generic.get(base)
        if at and rest.isdigit() and target is not None and id(target) not in absorbed:
            target.weight += h.weight
            target.pages |= h.pages
            target.evidence |= h.evidence
            continue
        family = next((o for o in hits if o is not h and fold(o.name).split("@")[0] == f"n{base}"), None)
        if not at and family is not None:
            family.weight += h.weight
            family.pages |= h.pages
            family.evidence |= h.evidence
            continue
        out.append(h)
    return out
