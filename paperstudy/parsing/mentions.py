"""Mentions: what the entity finders share — the sections and sentences they read, the comparison key
of a name, and the tally of one name's mentions with the merging of its printed variants.

Pure over ``ParsedPaper``.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache

from rapidfuzz import fuzz

from paperstudy.models import ParsedPaper
from paperstudy.parsing.lexicon import DATASET_LEXICON
from paperstudy.parsing.sentences import clean, split_sentences


def fold(name: str) -> str:
    """Comparison key: casefolded, ligatures expanded, punctuation and a trailing data noun dropped."""
    key = _FOLD_PUNCT.sub(" ", clean(name).casefold()).strip()
    key = _FOLD_NOUN.sub("", key)
    return _FOLD_PLURAL.sub("", key)


_FOLD_PUNCT = re.compile(r"[^\w@%]+")
_FOLD_NOUN = re.compile(r"\s+(data ?sets?|data|corp(us|ora)|benchmarks?)$")
_FOLD_PLURAL = re.compile(r"(?<=[a-z]{3})s$")


@lru_cache(maxsize=256)
def clean_text(text: str) -> str:
    """``clean`` of a whole section, shared by the finders (each gates its patterns on it)."""
    return clean(text)


@lru_cache(maxsize=256)
def sentences_of(text: str) -> tuple[tuple[str, str], ...]:
    """(raw, cleaned) sentences of a section, split once and shared by the finders. Web addresses are
    blanked in the cleaned text: a name inside a URL ("…/KDDCup/downloads") is no mention of it."""
    out = []
    for s in split_sentences(text):
        cleaned = clean(text[s.start : s.end])
        if "http" in cleaned or "www." in cleaned:
            cleaned = _URL.sub(" ", cleaned)
        out.append((text[s.start : s.end], cleaned))
    return tuple(out)


_URL = re.compile(r"(?:https?://|www\.)\S+")


DATA_NOUN = r"(?:data ?sets?|data|corp(?:us|ora)|benchmarks?)"
NAME_WORD = r"(?:[A-Z0-9][\w\-!∗*']*(?<!-)|[a-z]+[A-Z][\w\-!∗*]*)"


@dataclass
class Hit:
    name: str
    weight: float
    pages: set[int] = field(default_factory=set)
    contexts: list[str] = field(default_factory=list)
    mentions: int = 0
    size: str | None = None
    """A size printed beside the name in a statistics table ("288,609 Instance")."""
    evidence: set[str] = field(default_factory=set)
    """Kinds of evidence seen. Metrics: "table" (a header), "explicit" ("in terms of X"), "valued" (a value
    beside). Datasets: "kind" (only before a plural data noun), "named" (any other mention)."""
    keys: set[str] = field(default_factory=set)
    """The folded names merged into this one ("f1" into "F1-score"): what was gathered under them is its."""
    own_use: bool = False
    """Datasets: a mention where the paper speaks of its own use (a data section, a table, a sentence that
    credits no other work), not only of others' use ("Jarrett et al. [11] claim ... on the Caltech-101
    dataset")."""


# Footnote marks often lose the space after them in the text layer ("Company∗and Criteo datasets"); the
# layout puts it back after "∗", not after an ASCII "*" nor in text that was not read through it.
SPLIT_LIST = re.compile(r"\s*\([^()]*\)\s*|\s*,\s*(?:and\s+)?|\s+and\s+|(?<=[∗*])and\s+")


def sections_of(paper: ParsedPaper) -> Iterable[tuple[str, str, str, int]]:
    """(heading, facet, text, page) for each section, plus the abstract."""
    if paper.abstract:
        yield "Abstract", "abstract", paper.abstract, 1
    for sec in paper.sections:
        yield sec.heading, sec.facet, sec.text, sec.page_start


def is_background(heading: str, facet: str) -> bool:
    return facet == "other" and bool(_BACKGROUND.search(heading))


_BACKGROUND = re.compile(r"introduction|related|background|literature|reference", re.IGNORECASE)


def add_mention(
    hits: dict[str, Hit], name: str, weight: float, page: int, context: str, evidence: str | None = None
) -> None:
    key = fold(name)
    if not key:
        return
    hit = hits.setdefault(key, Hit(name, 0.0))
    hit.keys.add(key)
    hit.mentions += 1
    if evidence:
        hit.evidence.add(evidence)
    hit.weight += weight
    hit.pages.add(page)
    if len(hit.contexts) < 4:
        hit.contexts.append(context)


def page_of(paper: ParsedPaper, text: str, default: int) -> int:
    """The page whose text holds ``text``, looked for on the section's first pages only (stays linear)."""
    probe = text[:40]
    order: list[int] = [default, default + 1, default + 2, default + 3, default - 1]
    for p in order:
        if 1 <= p <= len(paper.pages) and probe in paper.pages[p - 1]:
            return p
    return default


def _fuse(hits: dict[str, Hit], src_key: str, dst_key: str) -> None:
    src = hits.pop(src_key)
    dst = hits[dst_key]
    dst.weight += src.weight
    dst.mentions += src.mentions
    dst.size = dst.size or src.size
    dst.pages |= src.pages
    dst.contexts.extend(src.contexts)
    dst.evidence |= src.evidence
    dst.keys |= src.keys
    dst.own_use = dst.own_use or src.own_use


def _into_longer(hits: dict[str, Hit]) -> None:
    """A name into the one longer name it starts ("Criteo" into "Criteo Display Ads")."""
    for short in sorted(hits, key=len):
        longer = [k for k in hits if k != short and k.startswith(short + " ")]
        if len(longer) == 1 and short in hits:
            _fuse(hits, short, longer[0])


def merge_hits(hits: dict[str, Hit], names_of_sets: bool = False) -> list[Hit]:
    """Fold variants: "Criteo" into the one longer "Criteo Display Ads", "ROCStory" into "ROCStories",
    "PASCAL VOC 2007" and "PASCAL VOC 2012" into "PASCAL VOC 2007/2012" (and, for datasets, "PASCAL VOC"
    into that; a metric's name stays apart from its cut-offs: "BLEU" is not "BLEU-1/2/3/4")."""
    _into_longer(hits)
    keys = sorted(hits, key=lambda k: -hits[k].weight)
    for i, a in enumerate(keys):
        for b in keys[i + 1 :]:
            if a not in hits or b not in hits or a[:5] != b[:5] or len(a) < 6:
                continue
            same_words = _TRAILING_NUMBER.sub("", a) == _TRAILING_NUMBER.sub("", b)
            # editions of one set ("VOC 2007", "VOC 2012"), never cut-offs of a metric ("NDCG@1", "NDCG@3")
            editions = all(k.rsplit(" ", 1)[-1].isdecimal() and " " in k for k in (a, b))
            if same_words and editions:
                years = sorted({a.rsplit(" ", 1)[-1], b.rsplit(" ", 1)[-1]})
                # the edition goes, its separator stays: "VOC 2007" → "VOC ", "ILSVRC-2010" → "ILSVRC-"
                stem = _EDITION.sub("", hits[a].name)
                _fuse(hits, b, a)
                hits[a].name = f"{stem}{'/'.join(years)}"
            elif not _ANY_DIGIT.search(a + b) and fuzz.ratio(a, b) >= 75:
                keep, drop = (b, a) if DATASET_LEXICON.fullmatch(hits[b].name) else (a, b)
                _fuse(hits, drop, keep)
    if names_of_sets:  # "ILSVRC" into "ILSVRC-2010/2012", one name once its editions are joined
        _into_longer(hits)
        _shortenings_into_full(hits)
    # A set named once in full and once by its initials ("Web of Science" / "WoS", "Situations With
    # Adversarial Generations" / "SWAG") is one set, listed by the name printed more.
    for a, b in [(a, b) for a in list(hits) for b in list(hits) if a != b]:
        if a in hits and b in hits and abbreviates(hits[a].name, hits[b].name):
            keep, drop = (a, b) if hits[a].weight >= hits[b].weight else (b, a)
            _fuse(hits, drop, keep)
    return sorted(hits.values(), key=lambda h: -h.weight)


# Words a shortened name leaves out or adds: "English-to-German" for "English-German".
_CONNECTORS = frozenset({"to", "and", "on", "of", "the"})


def _shortenings_into_full(hits: dict[str, Hit]) -> None:
    """A set printed shortened ("VOC 07" for "PASCAL VOC 2007/2012", "EN-FR" for "WMT 2014 English-French",
    "English-to-German" for "WMT 2014 English-German") into the one full name it shortens."""
    # By the names as they now read: joined editions keep the key of one ("pascal voc 2007"). Fusing
    # never renames the set it keeps, so the names are folded once.
    names = {key: fold(hit.name) for key, hit in hits.items()}
    for short in sorted(hits, key=len):
        if short not in hits:
            continue
        name = names[short]
        fuller = [k for k in hits if len(names[k]) > len(name) and shortens(name, names[k])]
        if len(fuller) == 1:
            _fuse(hits, short, fuller[0])


def shortens(short: str, full: str) -> bool:
    """Folded ``short`` names ``full`` word by word, in order, each word printed whole, cut to its start
    ("en" for "english") or, for a year, to its last two digits ("07" for "2007"). Two words at least:
    a one-word name into a longer one is ``_into_longer``'s, and one word is too little evidence."""
    words = [w for w in short.split() if w not in _CONNECTORS]
    targets = full.split()
    if len(words) < 2:
        return False
    at = 0
    for word in words:
        while at < len(targets) and not _cut_from(word, targets[at]):
            at += 1
        if at == len(targets):
            return False
        at += 1
    return True


def _cut_from(word: str, target: str) -> bool:
    if word == target:
        return True
    if word.isdecimal():
        return len(word) == 2 and len(target) == 4 and target.isdecimal() and target.endswith(word)
    return word.isalpha() and len(word) >= 2 and target.startswith(word)


def abbreviates(short: str, full: str) -> bool:
    """ "WoS" for "Web of Science", "FVs" for "Fisher Vectors": the initials of every word, in order."""
    words = full.split()
    if len(words) < 2 or " " in short or sum(c.isupper() for c in short) < 2:
        return False
    letters = short[:-1] if short.endswith("s") and short[-2:-1].isupper() else short
    initials = "".join(w[0] for w in words)
    return letters.isalpha() and letters.casefold() == initials.casefold()


_TRAILING_NUMBER = re.compile(r"[\d ]+$")
_EDITION = re.compile(r"\d+$")
_ANY_DIGIT = re.compile(r"\d")
