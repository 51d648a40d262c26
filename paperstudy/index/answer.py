"""A short extractive answer: the best 1–4 sentences of the passages ``find`` returned (pure).

Every sentence of the top passages is a candidate unless it is a fragment (too short, cut mid-sentence),
a figure or table caption, a bibliography entry or a formula. Candidates are scored against the question
by the encoder already loaded for the hybrid search (cosine), the share of the question's words they
contain, and a small prior for the rank of their passage (search already judged the passage). The best
one comes first; up to three more follow while they score close to it, near-duplicates (the abstract
repeated in the conclusion) dropped. Each sentence keeps the page it is printed on, found in the page
texts: a passage cites the page of its first sentence, and a later one may sit on the next page.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np
from rapidfuzz import fuzz

from paperstudy.index.embed import Encoder
from paperstudy.index.keyword import query_terms, stem
from paperstudy.models import AnswerSentence, PassageHit
from paperstudy.parsing.sentences import split_sentences

MAX_SENTENCES = 4
MIN_WORDS = 6
MAX_WORDS = 70
"""Longer "sentences" are run-ons the splitter could not cut (tables read as text, lists)."""
CLOSE_TO_BEST = 0.8
"""Sentences after the first are kept while they score at least this share of the best one."""
DUPLICATE = 85
"""rapidfuzz token_set_ratio from which two sentences say the same thing."""
OVERLAP_WEIGHT = 0.5
RANK_WEIGHT = 0.6
"""The bundled static encoder's cosines are flatter than MiniLM's, so the rank search gave a passage weighs
more (0.4 → 0.6 took bench/ask_quality.py from 55 to 57 of its 68 questions; 0.8 and 1.2 gave 57 too)."""
CITING_PENALTY = 0.1
"""A sentence citing others ("[12]", "He et al.", "(Rendle, 2010)") more often describes another paper."""
RELATED_PENALTY = 0.2
"""So does a sentence of a related-work or background section."""
PASSAGES = 8
"""How many of the top passages give sentences."""
PAGE_LOOKAHEAD = 3
"""How many pages after its passage's page a sentence is looked for."""

_CAPTION = re.compile(r"^\s*(fig(ure)?|tab(le)?|algorithm|listing)\.?\s*[0-9IVX]+\s*[:.(]?", re.IGNORECASE)
_REFERENCE_START = re.compile(r"^\s*(\[\d+\]|\d+\.\s+[A-Z][\w'-]+,\s+[A-Z]\.)")
_REFERENCE_MARK = re.compile(
    r"\b(In Proceedings|Proceedings of|Proc\.|arXiv|doi|pp\.|vol\.|Conference on|Transactions on|"
    r"Journal of|https?://)",
    re.IGNORECASE,
)
_YEAR = re.compile(r"\b(19|20)\d{2}[a-z]?\b")
_MATH = re.compile(r"[=+∑∏∈≤≥×·^_|∀∃∂∇√≈∝→←⊙⊕]")
_SENTENCE_END = re.compile(r"[.!?][\"')\]]*$")
_WORD = re.compile(r"\w+")
_NOT_ALNUM = re.compile(r"[\W_]+")
_CITING = re.compile(r"\[\d+(?:[,–-]\s*\d+)*\]|\bet al\b|\(\D*\d{4}[a-z]?\)")
_RELATED = re.compile(r"related work|background|prior work|literature", re.IGNORECASE)
_NO_SECTIONS = re.compile(r"^\s*(\d+(\.\d+)*\s*)?(references|bibliography|acknowledg)", re.IGNORECASE)


@dataclass(frozen=True)
class Candidate:
    """A sentence of a passage, with where it is printed and the rank of its passage (0 = best)."""

    text: str
    paper_id: str
    section: str
    page: int
    rank: int


def is_answer_like(sentence: str) -> bool:
    """False for fragments, captions, bibliography entries and formulas: what never answers a question."""
    words = sentence.split()
    if not MIN_WORDS <= len(words) <= MAX_WORDS:
        return False
    if not (sentence[0].isupper() or sentence[0].isdigit()) or not _SENTENCE_END.search(sentence):
        return False  # cut mid-sentence (a passage window, a bad split)
    if _CAPTION.match(sentence) or _REFERENCE_START.match(sentence):
        return False
    if _REFERENCE_MARK.search(sentence) and _YEAR.search(sentence):
        return False
    letters = sum(c.isalpha() for c in sentence)
    visible = sum(not c.isspace() for c in sentence)
    if letters < 0.75 * visible or len(_MATH.findall(sentence)) >= 3:
        return False
    short = sum(1 for w in words if len(w.strip(".,;:()[]")) == 1 and w not in ("a", "A", "I"))
    return short <= 0.2 * len(words)


def normalised(text: str) -> str:
    """Letters and digits only, lower-cased: page text and a cleaned sentence compare equal whatever the
    line breaks, hyphenation at line ends and spacing."""
    return _NOT_ALNUM.sub("", text.casefold())


def sentence_page(sentence: str, first_page: int, pages: Sequence[str]) -> int:
    """The 1-based page ``sentence`` starts on: its passage's page or one of the next few, where its
    opening is printed; the passage's page when it cannot be found (a page text we do not have)."""
    key = normalised(sentence)[:40]
    if not key:
        return first_page
    last = min(len(pages), first_page + PAGE_LOOKAHEAD)
    for number in range(first_page, last + 1):
        if key in normalised(pages[number - 1]):
            return number
    return first_page


def candidates(hits: Sequence[PassageHit], pages: Mapping[str, Sequence[str]]) -> list[Candidate]:
    """The answer-like sentences of the top ``PASSAGES`` hits, in rank and reading order."""
    out: list[Candidate] = []
    for rank, hit in enumerate(hits[:PASSAGES]):
        if _NO_SECTIONS.match(hit.section):
            continue
        paper_pages = pages.get(hit.paper_id, ())
        for span in split_sentences(hit.text):
            sentence = " ".join(hit.text[span.start : span.end].split())
            if is_answer_like(sentence):
                page = sentence_page(sentence, hit.page, paper_pages)
                out.append(Candidate(sentence, hit.paper_id, hit.section, page, rank))
    return out


def overlap(question_stems: set[str], sentence: str) -> float:
    """The share of the question's (stemmed, stop-word-free) words the sentence contains."""
    if not question_stems:
        return 0.0
    words = {stem(w) for w in _WORD.findall(sentence.casefold())}
    return len(question_stems & words) / len(question_stems)


def scores(question: str, found: Sequence[Candidate], encoder: Encoder | None) -> list[float]:
    """Each candidate's score: cosine to the question (when an encoder is given), plus word overlap,
    plus the prior of its passage's rank, minus the penalties for describing other papers."""
    if not found:
        return []
    stems = {stem(t) for t in query_terms(question)}
    if encoder is not None:
        vectors = encoder.encode([question, *(c.text for c in found)])
        cosine = (np.asarray(vectors[1:]) @ np.asarray(vectors[0])).tolist()
    else:
        cosine = [0.0] * len(found)
    return [
        float(cos)
        + OVERLAP_WEIGHT * overlap(stems, c.text)
        + RANK_WEIGHT / (1 + c.rank)
        - CITING_PENALTY * bool(_CITING.search(c.text))
        - RELATED_PENALTY * bool(_RELATED.search(c.section))
        for cos, c in zip(cosine, found, strict=True)
    ]


def select(
    found: Sequence[Candidate], scored: Sequence[float], limit: int = MAX_SENTENCES
) -> list[Candidate]:
    """The best candidate, then up to ``limit - 1`` more scoring close to it, best first, without
    near-duplicates (ties keep the better passage, then reading order)."""
    order = sorted(range(len(found)), key=lambda i: (-scored[i], found[i].rank, i))
    chosen: list[int] = []
    for i in order:
        if len(chosen) == limit:
            break
        if chosen and scored[i] < scored[chosen[0]] - (1 - CLOSE_TO_BEST) * abs(scored[chosen[0]]):
            break
        if any(fuzz.token_set_ratio(found[i].text, found[j].text) >= DUPLICATE for j in chosen):
            continue
        chosen.append(i)
    return [found[i] for i in chosen]


def answer(
    question: str,
    hits: Sequence[PassageHit],
    pages: Mapping[str, Sequence[str]],
    encoder: Encoder | None,
    *,
    limit: int = MAX_SENTENCES,
) -> list[AnswerSentence]:
    """The short answer to ``question`` from ``hits`` (best first), each sentence with its citation.

    ``pages`` holds the page texts of the hits' papers; ``encoder`` None scores by words and rank only
    (keyword search, where no model is loaded)."""
    found = candidates(hits, pages)
    best = select(found, scores(question, found, encoder), limit)
    return [AnswerSentence(text=c.text, paper_id=c.paper_id, section=c.section, page=c.page) for c in best]
