"""The headline result of a paper: one number-bearing claim, with its page (pure).

First choice: the sentence of the abstract or the conclusion that claims a result with a number —
a decimal or a percentage next to words of comparison ("outperforms", "improves", "reaches") — ranked by
how much of the paper's own results it names (its model, a metric, a dataset). Second: the first sentence
of the results sections where the paper's own model (or a variant, or a row the results tables mark as
its own) beats others by a percentage ("AFM betters LibFM with a 8.6% relative improvement", "NeuMF …
the relative improvement over eALS and BPR is 4.5% and 4.9%"): the paper's own reading of its tables.
Otherwise the largest gap between the own model and the best baseline in a results table, said in one line.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from paperstudy.models import Headline, ParsedPaper, ResultRow
from paperstudy.parsing.cells import CLAIM_NUMBER, claimed_numbers
from paperstudy.parsing.lexicon import METRIC_LEXICON
from paperstudy.parsing.results import STUDY
from paperstudy.parsing.sentences import clean, split_sentences
from paperstudy.parsing.text import fold

_COMPARE = re.compile(
    r"(?i)\b(?:outperform\w*|improv\w*|achiev\w*|reach\w*|gains?|better|beat\w*|state-of-the-art|lift\w*"
    r"|increas\w*|reduc\w*|higher|lower|best|surpass\w*|exceed\w*|obtain\w*|attain\w*|relative)\b"
)
_SIZE_ONLY = re.compile(
    r"(?i)\b(?:users|items|samples|examples|records|instances|nodes|edges|images|parameters|layers|days"
    r"|hours|million|billion)\b"
)
_CONCLUSION = re.compile(r"(?i)conclu|summary|discussion")
_FORMULA = re.compile(r"[=∑∏∈≤≥→×]")
_BEATS = re.compile(r"(?i)\b(?:outperform\w*|improv\w*|better\w*|beat\w*|surpass\w*|exceed\w*|gains?)\b")
# "Although X does not outperform Y …" concedes, it claims nothing.
_NEGATED = re.compile(r"(?i)\b(?:not|never|fails?\s+to|cannot)\s+(?:\w+\s+)?$")
# Prose, not a table's cells run together ("GAUC 0.6260 0.6283 0.6230"): enough words of letters.
_WORD = re.compile(r"\b[A-Za-z]{2,}\b")
_PROSE_WORDS = 8
_PERCENT = re.compile(r"(?<![\w.])\d+(?:\.\d+)?\s?%")


def _candidates(paper: ParsedPaper) -> Iterator[tuple[str, int, str]]:
    """(sentence, page, where) from the abstract, then the conclusion sections."""
    for span in split_sentences(paper.abstract):
        yield clean(paper.abstract[span.start : span.end]), 1, "abstract"
    for section in paper.sections:
        if section.level == 1 and _CONCLUSION.search(section.heading):
            for span in split_sentences(section.text):
                sentence = clean(section.text[span.start : span.end])
                yield sentence, _page_of(paper, sentence, section.page_start, section.page_end), "conclusion"


def _page_of(paper: ParsedPaper, sentence: str, first: int, last: int) -> int:
    probe = " ".join(sentence.split()[:6])
    for page in range(first, min(last, len(paper.pages)) + 1):
        if probe in " ".join(paper.pages[page - 1].split()):
            return page
    return first


def _score(sentence: str, paper: ParsedPaper, own_values: set[str]) -> float:
    numbers = CLAIM_NUMBER.findall(sentence)
    if not numbers or not _COMPARE.search(sentence) or _FORMULA.search(sentence):
        return 0.0
    score = 1.0 + min(len(numbers), 3) * 0.3
    if paper.model and paper.model.casefold() in sentence.casefold():
        score += 1.0
    if METRIC_LEXICON.search(sentence) or any(r.metric in sentence for r in paper.results):
        score += 1.0
    if any(d.name in sentence for d in paper.datasets):
        score += 0.5
    if claimed_numbers(sentence) & own_values:
        score += 1.0  # the number is one the own model's results-table row prints
    if _SIZE_ONLY.search(sentence) and not METRIC_LEXICON.search(sentence):
        score -= 1.0
    if len(sentence) > 400:
        score -= 0.5
    return score


def _own_values(paper: ParsedPaper) -> set[str]:
    """The own model's results-table values as claim numbers ("3.57", "28.4"), without leading zeros."""
    return {n for row in paper.results for n in claimed_numbers(row.printed)}


def _own_names(paper: ParsedPaper, variants: frozenset[str]) -> set[str]:
    """Folded names the paper's own results go by: its model, its variants, its rows in results tables."""
    names = {fold(paper.model)} if paper.model else set()
    return {n for n in names | set(variants) | {fold(r.model) for r in paper.results} if len(n) > 1}


def _from_discussion(paper: ParsedPaper, own: set[str]) -> Headline | None:
    """The first results-section sentence where an own name beats others by a percentage."""
    if not own:
        return None
    for section in paper.sections:
        if section.facet != "results" or STUDY.search(section.heading):
            continue
        for span in split_sentences(section.text):
            sentence = clean(section.text[span.start : span.end])
            if len(sentence) > 400 or not _PERCENT.search(sentence) or _FORMULA.search(sentence):
                continue
            folded = f" {fold(sentence)} "
            beats = _BEATS.search(sentence)
            if beats is None or _NEGATED.search(sentence, 0, beats.start()):
                continue
            if not any(f" {name} " in folded for name in own):
                continue
            page = _page_of(paper, sentence, section.page_start, section.page_end)
            return Headline(text=sentence, page=page)
    return None


def _from_metric_values(paper: ParsedPaper) -> Headline | None:
    """The first results or data sentence, in prose, that prints a value of one of the paper's metrics
    ("we were ranked the first with the average precision of 51.55%", "a final validation AUC of 0.781"):
    a paper that claims no comparison (a competition report, a use case) still reports what it got."""
    valued = [(m.name, m.values) for m in paper.metrics if m.values]
    if not valued:
        return None
    for section in paper.sections:
        if section.facet not in ("results", "data") or STUDY.search(section.heading):
            continue
        for span in split_sentences(section.text):
            sentence = clean(section.text[span.start : span.end])
            if (
                len(sentence) > 400
                or _FORMULA.search(sentence)
                or len(_WORD.findall(sentence)) < _PROSE_WORDS
            ):
                continue
            for name, values in valued:
                at = sentence.find(name)
                if at >= 0 and any(_printed(value, sentence[at:]) for value in values):
                    page = _page_of(paper, sentence, section.page_start, section.page_end)
                    return Headline(text=sentence, page=page)
    return None


def _printed(value: str, text: str) -> bool:
    """``value`` stands in ``text`` as a number of its own ("0.12", not the start of "0.123")."""
    return re.search(rf"(?<![\d.]){re.escape(value)}(?![\d])", text) is not None


def _gap(row: ResultRow) -> float:
    if row.baseline_value is None or row.baseline_value == 0:
        return 0.0
    change = (row.value - row.baseline_value) / abs(row.baseline_value)
    return change if row.higher_is_better else -change


def _from_table(rows: list[ResultRow], metrics: list[str], studies: set[str]) -> Headline | None:
    """The largest own-vs-best-baseline gap in the paper's first results table (not an ablation or
    sensitivity study, ``studies``), on its main metric (the first it reports that a table holds)."""
    compared = [r for r in rows if r.best_baseline and r.baseline_printed and _gap(r) > 0]
    if not compared:
        return None
    main = next((m for m in metrics if any(r.metric == m for r in compared)), None)
    on_main = [r for r in compared if main is None or r.metric == main]
    # The paper's main comparison comes first; ablation and sensitivity tables study its own variants.
    primary = [r for r in on_main if r.table not in studies] or on_main
    first = primary[0].table
    best = max((r for r in primary if r.table == first), key=_gap)
    where = f" on {best.dataset}" if best.dataset else ""
    text = (
        f"{best.model} reaches {best.metric} {best.printed}{where}, against {best.baseline_printed} for "
        f"{best.best_baseline}, the best baseline ({best.table})."
    )
    return Headline(text=text, page=best.page)


def find_headline(paper: ParsedPaper, variants: frozenset[str] = frozenset()) -> Headline | None:
    """The paper's headline result, or None when it claims no number anywhere we can read. ``variants``:
    folded names of the paper's own variants (``variants.own_variants``)."""
    best: tuple[float, str, int] | None = None
    own_values = _own_values(paper)
    for sentence, page, _ in _candidates(paper):
        score = _score(sentence, paper, own_values)
        if score > 0 and (best is None or score > best[0]):
            best = (score, sentence, page)
    if best is not None and best[0] >= 2.0:
        return Headline(text=best[1], page=best[2])
    discussed = _from_discussion(paper, _own_names(paper, variants))
    if discussed is not None:
        return discussed
    studies = {t.label for t in paper.text_tables if STUDY.search(t.caption)}
    table = _from_table(paper.results, [m.name for m in paper.metrics], studies)
    if table is not None:
        return table
    if best is not None:
        return Headline(text=best[1], page=best[2])
    return _from_metric_values(paper)
