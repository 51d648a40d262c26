"""Pure filters that keep a deck worth studying.

- ``is_garbled``: a sentence that is a reference, a caption, a formula, a table row or broken extraction;
- ``answer_in_question``: a question that gives its own answer away;
- ``dedupe``: exact and near-duplicate items (same question, or the same fact asked twice);
- ``retire_reasons``: why a card does not teach (a bare number to memorise, the domain's universal metric,
  its answer or the answer's expansion in the question, a source the paper does not print);
- ``printed_on_page``: whether a source text is printed on its page (±1), up to case, punctuation,
  ligatures and hyphenation.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Sequence

from rapidfuzz import fuzz

from paperstudy.models import QuizItem

NEAR_DUPLICATE = 90.0
"""rapidfuzz ``token_sort_ratio`` (0–100) of two normalised question+answer texts above which they are one."""

_REFERENCE = re.compile(
    r"\b(In Proceedings|Proceedings of|Proc\.|arXiv preprint|arXiv:\d|preprint arXiv|Journal of|"
    r"Transactions on|vol\.|pp\.|doi:|ISBN|Conference on|Workshop on|et al\.,? \(?(19|20)\d\d)",
    re.IGNORECASE,
)
_CAPTION = re.compile(
    r"^\s*(Figure|Fig\.|Table|Algorithm|Listing|Eq\.|Equation)\s*[\dIVX]+[.:]?", re.IGNORECASE
)
_MATH = re.compile(r"[=∑∏∫√∈∀∃≤≥≈∝→←⊙⊗⊕∥∂∇×·^_{}\\|]")
_URL = re.compile(r"https?://|www\.|\S+@\S+\.\w+")
_BROKEN_HYPHEN = re.compile(r"\w- \w")
_SINGLE_CHARS = re.compile(r"(?:\b\w\b\s+){5,}")
_WORD = re.compile(r"[A-Za-z][A-Za-z'-]+")
_MANY_CITATIONS = re.compile(r"(\[[\d,\s–-]+\].*){4,}")


def is_garbled(sentence: str) -> bool:
    """True for text no question should be built from: references, captions, formulas, tables, debris."""
    text = " ".join(sentence.split())
    if not text:
        return True
    words = text.split()
    if not 6 <= len(words) <= 60:
        return True
    if not (text[0].isupper() or text[0].isdigit()) or text[-1] not in ".!?":
        return True
    if _CAPTION.match(text) or _REFERENCE.search(text) or _URL.search(text):
        return True
    if _BROKEN_HYPHEN.search(text) or _SINGLE_CHARS.search(text) or _MANY_CITATIONS.search(text):
        return True
    if len(_MATH.findall(text)) >= 2:
        return True
    letters = sum(ch.isalpha() for ch in text)
    digits = sum(ch.isdigit() for ch in text)
    if letters < 0.6 * len(text) or digits > 0.2 * len(text):
        return True
    real_words = _WORD.findall(text)
    if len(real_words) < 0.6 * len(words):
        return True
    # Odd characters from broken fonts (private-use glyphs, replacement characters, control characters).
    return any(unicodedata.category(ch) in {"Co", "Cc", "Cs"} or ch == "\ufffd" for ch in text)


def normalise(text: str) -> str:
    """Case-folded words and numbers only, for comparing texts."""
    text = unicodedata.normalize("NFKC", text).casefold()
    text = re.sub(r"(\d)\s+%", r"\1%", text)
    return " ".join(re.findall(r"[\w%.]+", text)).strip(". ")


def _contains(haystack: str, needle: str) -> bool:
    if not needle:
        return False
    return re.search(rf"(?<![\w.]){re.escape(needle)}(?![\w%]|\.\d)", haystack) is not None


EXPANSIONS: dict[str, tuple[str, ...]] = {
    "auc": ("area under the roc curve", "area under roc curve", "area under the curve", "area under curve"),
    "roc": ("receiver operating characteristic",),
    "ctr": ("click-through rate", "click through rate"),
    "cvr": ("conversion rate",),
    "ndcg": ("normalized discounted cumulative gain", "normalised discounted cumulative gain"),
    "dcg": ("discounted cumulative gain",),
    "map": ("mean average precision",),
    "mrr": ("mean reciprocal rank",),
    "hr": ("hit ratio", "hit rate"),
    "rmse": ("root mean squared error", "root mean square error"),
    "mse": ("mean squared error", "mean square error"),
    "mae": ("mean absolute error",),
    "mad": ("mean absolute deviation",),
    "ne": ("normalized entropy", "normalised entropy"),
    "fm": ("factorization machine", "factorization machines", "factorisation machine"),
    "ffm": ("field-aware factorization machine", "field-aware factorization machines"),
    "lr": ("logistic regression",),
    "gbdt": ("gradient boosted decision trees", "gradient boosting decision tree"),
    "dnn": ("deep neural network", "deep neural networks"),
    "cnn": ("convolutional neural network", "convolutional neural networks"),
    "rnn": ("recurrent neural network", "recurrent neural networks"),
    "mlp": ("multi-layer perceptron", "multilayer perceptron"),
    "bleu": ("bilingual evaluation understudy",),
}
"""Abbreviations and what they stand for: a card whose answer is one is also given away by the other."""


def expansions(text: str) -> set[str]:
    """The normalised forms a text may also be written as (AUC ↔ area under the ROC curve)."""
    norm = normalise(text)
    out = {norm}
    for short, longs in EXPANSIONS.items():
        forms = {short, *(normalise(x) for x in longs)}
        if norm in forms:
            out |= forms
    return {form for form in out if form}


def answer_in_question(item: QuizItem) -> bool:
    """True when the question's text (choices aside) already contains the answer, one of its parts, or
    what one of them abbreviates or stands for ("AUC" asked with "area under ROC curve" in the text)."""
    question = normalise(item.question)
    parts = item.accept or [item.answer]
    for part in parts:
        for form in expansions(part):
            if len(form) >= 2 and _contains(question, form):
                return True
    return False


_BARE_NUMBER = re.compile(r"^[\s+\-−±~≈]*[\d.,]+\s*(?:%|x|×|pp|points?)?\s*$", re.IGNORECASE)


def is_bare_number(text: str) -> bool:
    """ "0.0078", "4.18%", "+1.2 points": a number with nothing to explain."""
    return bool(_BARE_NUMBER.match(text)) and any(ch.isdigit() for ch in text)


_SYNTHETIC = re.compile(r"^The note lists\b", re.IGNORECASE)


def printable(text: str) -> str:
    """Letters and digits only, case-folded, ligatures expanded: how a source is compared with a page."""
    text = unicodedata.normalize("NFKC", text).casefold()
    return "".join(ch for ch in text if ch.isalnum())


def printed_on_page(text: str, pages: Sequence[str], page: int | None) -> bool:
    """True when every sentence of ``text`` is printed on page ``page`` (1-based) or a neighbour."""
    if page is None or not 1 <= page <= len(pages):
        return False
    window = printable(" ".join(pages[max(0, page - 2) : page + 1]))
    pieces = [p for p in re.split(r"(?<=[.!?])\s+(?=[A-Z])", " ".join(text.split())) if p.strip()]
    return bool(pieces) and all(printable(piece) in window for piece in pieces)


def retire_reasons(
    item: QuizItem, *, universal_metrics: Iterable[str] = (), pages: Sequence[str] | None = None
) -> list[str]:
    """Why a card does not teach and is retired (empty when it may stay).

    ``universal_metrics`` are the metrics most papers of the domain report (a multiple choice asking for
    one teaches nothing); ``pages`` the page texts of the card's paper, when known, to check its source.
    """
    found: list[str] = []
    if item.kind == "drill":
        return found
    if item.kind == "cloze" and is_bare_number(item.answer):
        found.append("cloze on a bare number")
    universal = {normalise(m) for m in universal_metrics}
    asks_metric = item.kind == "multiple_choice" and "metric" in item.question.casefold()
    if asks_metric and normalise(item.answer) in universal:
        found.append("the domain's universal metric")
    if answer_in_question(item):
        found.append("answer in question")
    if _SYNTHETIC.match(item.source.text) or not item.source.text.strip():
        found.append("source not printed in the paper")
    elif pages and not printed_on_page(item.source.text, pages, item.source.page):
        found.append("source not printed on its page")
    return found


def _key(item: QuizItem) -> str:
    return normalise(f"{item.question} {item.answer}")


def dedupe(items: Iterable[QuizItem]) -> list[QuizItem]:
    """Drop exact (same id or same question) and near-duplicate items, keeping the first of each group.

    Near duplicates are looked for among items about the same paper: templated questions about two papers
    ("Which datasets did DCN …" / "… did DeepFM …") read alike but ask different things.
    """
    kept: list[QuizItem] = []
    keys: dict[str | None, list[str]] = {}
    seen_ids: set[str] = set()
    seen_questions: set[str] = set()
    for item in items:
        question = normalise(item.question)
        if item.id in seen_ids or question in seen_questions:
            continue
        key = _key(item)
        same_paper = keys.setdefault(item.source.paper_id, [])
        if any(fuzz.token_sort_ratio(key, other) >= NEAR_DUPLICATE for other in same_paper):
            continue
        kept.append(item)
        same_paper.append(key)
        seen_ids.add(item.id)
        seen_questions.add(question)
    return kept


def problems(item: QuizItem) -> list[str]:
    """Why an item must not be shown (empty when it is fine)."""
    found: list[str] = []
    if not item.answer.strip() or not item.question.strip():
        found.append("empty question or answer")
    if answer_in_question(item):
        found.append("answer in question")
    if item.source.text and item.kind != "drill" and is_garbled(item.source.text):
        found.append("garbled source sentence")
    if item.choices and (item.answer not in item.choices or len(set(item.choices)) != len(item.choices)):
        found.append("bad choices")
    return found


def clean_deck(items: Iterable[QuizItem]) -> list[QuizItem]:
    """Items without problems, duplicates removed (order kept)."""
    return dedupe(item for item in items if not problems(item))
