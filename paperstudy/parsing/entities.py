"""Entities: the datasets a paper uses, the metrics it reports (with values) and the methods it compares.

Pure over ``ParsedPaper``. Patterns do the generalising ("the X dataset", "datasets: X, Y and Z",
"in terms of X", "X@K", table headers such as "BLEU%"); a small lexicon of well-known benchmarks and
metrics is one more signal. Names found only in the introduction or related work are dropped: those
usually describe other papers' experiments, not this one's.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache

from rapidfuzz import fuzz

from paperstudy.models import Dataset, Metric, ParsedPaper
from paperstudy.parsing.cells import is_number_cell
from paperstudy.parsing.headline import find_headline
from paperstudy.parsing.lexicon import (
    DATASET_LEXICON,
    GENERIC_METRIC,
    METRIC_ALIASES,
    METRIC_HEAD,
    METRIC_LEXICON,
    NAME_STOP,
    NOT_METRICS,
    SIZE,
)
from paperstudy.parsing.results import ABLATION as _ABLATION
from paperstudy.parsing.results import (
    claimed_own_model,
    compared_models,
    find_results,
    marked_own_model,
    metric_of,
    names_model,
)
from paperstudy.parsing.sentences import clean, split_sentences
from paperstudy.parsing.table_entities import TableName, header_metrics, statistics_datasets
from paperstudy.parsing.variants import own_variants


def fold(name: str) -> str:
    """Comparison key: casefolded, ligatures expanded, punctuation and a trailing data noun dropped."""
    key = _FOLD_PUNCT.sub(" ", clean(name).casefold()).strip()
    key = _FOLD_NOUN.sub("", key)
    return _FOLD_PLURAL.sub("", key)


_FOLD_PUNCT = re.compile(r"[^\w@%]+")
_FOLD_NOUN = re.compile(r"\s+(data ?sets?|data|corp(us|ora)|benchmarks?)$")
_FOLD_PLURAL = re.compile(r"(?<=[a-z]{3})s$")


@lru_cache(maxsize=256)
def _clean_text(text: str) -> str:
    """``clean`` of a whole section, shared by the finders (each gates its patterns on it)."""
    return clean(text)


@lru_cache(maxsize=256)
def _sentences(text: str) -> tuple[tuple[str, str], ...]:
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
class _Hit:
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
    own_use: bool = False
    """Datasets: a mention where the paper speaks of its own use (a data section, a table, a sentence that
    credits no other work), not only of others' use ("Jarrett et al. [11] claim ... on the Caltech-101
    dataset")."""


# A printed version belongs to its name ("SQuAD 1.1"): the name grammar cut it at the decimal point.
_VERSION = r"v?\d+\.\d+(?!\.?\d)"
_NAME = rf"{NAME_WORD}(?:[ \t]+(?:{_VERSION}|{NAME_WORD}|of|&))*"
_PAREN_NOTE = r"(?:\s*\([^()]{1,60}\))?"
# "the Criteo dataset", "Company∗dataset", "Forest Covertype (581k samples) and Higgs (11M) datasets".
# The data noun heads the phrase: "the LIBSVM data format" names a format, not a dataset.
_NOT_HEAD = r"(?!\s+(?:formats?|structures?|types?|points?|processing|augmentation|distributions?|loaders?))"
_NAME_BEFORE = re.compile(
    rf"(?<![\w-])((?:{_NAME}{_PAREN_NOTE}\s*,\s*)*(?:{_NAME}{_PAREN_NOTE},?\s+and\s+)?{_NAME}){_PAREN_NOTE}"
    rf"\s*(?<![a-z]){DATA_NOUN}\b{_NOT_HEAD}"
)
# "a corpus named ROCStories", "the dataset of MovieLens", "a dataset obtained from a Kaggle competition".
_NAME_AFTER = re.compile(
    rf"\b(?:data ?sets?|corp(?:us|ora)|benchmarks?)\s+(?:named|called|from|of|obtained from|collected"
    rf" from|released by)\s+(?:an?\s+|the\s+)?(?:public\s+|online\s+)?({_NAME})"
)
# "datasets: Citeseer, Cora and Pubmed", "three citation network datasets—Citeseer, Cora and Pubmed".
_LIST_AFTER = re.compile(
    rf"\b(?:data ?sets?|corpora|benchmarks)\s*(?:[:—–]|--|,\s*(?:namely|i\.e\.,?|including))\s*"
    rf"((?:{_NAME}\s*,\s*)*{_NAME}(?:,?\s+and\s+{_NAME})?)"
)
# "experiments on Google Play", "evaluate on ImageNet and CIFAR-10".
_ON_NAMES = re.compile(
    rf"\b(?:evaluated?|experiments?|tested|trained|results?|performance)\b[^.;]{{0,40}}?\bon\s+(?:the\s+)?"
    rf"((?:{_NAME}\s*,\s*)*{_NAME}(?:,?\s+and\s+(?:the\s+)?{_NAME})?)"
)
_DATA_NOUN_RX = re.compile(rf"{DATA_NOUN}\b")
# "datasets from the UCI repository", "datasets obtained from the Delphi Epidata API": where the sets come
# from, not a set.
_SOURCE_NOUN = re.compile(r"\s*(?:repositor(?:y|ies)|archives?|websites?|portals?|API)\b")
# One name before a plural data noun names a kind of data ("NLP data sets", "several NLP benchmarks"), a
# list before it names sets ("Criteo and Avazu datasets"). A name seen only as a kind is no dataset.
_PLURAL_NOUN = re.compile(r"(?:data ?sets|corpora|benchmarks)$")
_KIND, _NAMED = "kind", "named"
_LIST_PATTERNS = ((_NAME_BEFORE, 2.0), (_LIST_AFTER, 2.0), (_ON_NAMES, 1.0))
_LOG_DATA = re.compile(
    r"\b((?:query|search|click|clickthrough|click-through|impression|transaction|purchase|sales|browsing"
    r"|web|user)\s+logs?)\b",
    re.IGNORECASE,
)
_LOG_WORD = re.compile("log", re.IGNORECASE)


def _is_source(match: re.Match[str], sent: str) -> bool:
    """A name after "data from" that is the source the sets come from: followed by, or ending in, a
    source noun."""
    name = match.group(1)
    last = name.rsplit(None, 1)[-1]
    return _SOURCE_NOUN.fullmatch(last) is not None or _SOURCE_NOUN.match(sent, match.end(1)) is not None


def _has_log_data(whole: str) -> bool:
    """``_LOG_DATA.search(whole)``, run only just before each "log": in ``clean`` text a match is the
    noun (13 characters at most) and one space before it, and a scan of the whole section is slow."""
    for m in _LOG_WORD.finditer(whole):
        at = m.start()
        if _LOG_DATA.search(whole, max(0, at - 14), at + 5) is not None:
            return True
    return False


# Footnote marks often lose the space after them in the text layer: "Company∗and Criteo datasets".
_SPLIT_LIST = re.compile(r"\s*\([^()]*\)\s*|\s*,\s*(?:and\s+)?|\s+and\s+|(?<=[∗*])and\s+")
_FOOTNOTE = re.compile(r"(?<=[a-z])\d$")

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


def _sections(paper: ParsedPaper) -> Iterable[tuple[str, str, str, int]]:
    """(heading, facet, text, page) for each section, plus the abstract."""
    if paper.abstract:
        yield "Abstract", "abstract", paper.abstract, 1
    for sec in paper.sections:
        yield sec.heading, sec.facet, sec.text, sec.page_start


# Another work credited in the sentence: "Jarrett et al. [11] claim", "on MNIST (see [42])".
_CREDIT = re.compile(r"\bet al\.|\[\d+(?:\s*[,–-]\s*\d+)*\]")
_FIRST_PERSON = re.compile(r"(?i)\b(?:we|our|us)\b")


def _credits_others(sent: str) -> bool:
    """The sentence reports another work (cites it) and not the paper's own doing (no "we", "our")."""
    return _CREDIT.search(sent) is not None and _FIRST_PERSON.search(sent) is None


def _is_background(heading: str, facet: str) -> bool:
    return facet == "other" and bool(_BACKGROUND.search(heading))


_BACKGROUND = re.compile(r"introduction|related|background|literature|reference", re.IGNORECASE)


def _clean_name(raw: str) -> str:
    words = clean(raw).strip(" ,.;:-—–").split()
    while words and words[0].casefold().strip(".,") in NAME_STOP:
        words.pop(0)
    while words and words[-1].casefold().strip(".,") in NAME_STOP:
        words.pop()
    name = _FOOTNOTE.sub("", " ".join(words)).strip(" ,.;:")
    name = _COUNT_TAIL.sub("", name)
    return re.sub(r"\s*[∗*†‡]+$", "∗", name)


# A count after a name is not part of it ("Books 603" of "Books 603,668 users"); years and short
# version numbers are ("WMT 2014", "MovieLens 1M", "KDD Cup 2012").
_COUNT_TAIL = re.compile(r"(?<=[A-Za-z])\s+(?!(?:19|20)\d\d\b)\d{3,}$")


def _good_name(name: str) -> bool:
    words = name.split()
    if not words or len(words) > 5 or len(name) < 2 or "#" in name:
        return False
    return any(c.isupper() or c.isdigit() for c in name) and not name.replace(" ", "").isdigit()


def _add(
    hits: dict[str, _Hit], name: str, weight: float, page: int, context: str, evidence: str | None = None
) -> None:
    key = fold(name)
    if not key:
        return
    hit = hits.setdefault(key, _Hit(name, 0.0))
    hit.mentions += 1
    if evidence:
        hit.evidence.add(evidence)
    hit.weight += weight
    hit.pages.add(page)
    if len(hit.contexts) < 4:
        hit.contexts.append(context)


def _page_of(paper: ParsedPaper, text: str, default: int) -> int:
    """The page whose text holds ``text``, looked for on the section's first pages only (stays linear)."""
    probe = text[:40]
    order: list[int] = [default, default + 1, default + 2, default + 3, default - 1]
    for p in order:
        if 1 <= p <= len(paper.pages) and probe in paper.pages[p - 1]:
            return p
    return default


_EDGE = ".,;:!?()[]{}\"'“”‘’"


def _word_roles(paper: ParsedPaper) -> tuple[set[str], set[str]]:
    """(words the paper prints in lower case, capitalised words it prints only at a sentence's start).

    A name made only of the first is ordinary English; one of the second is a sentence's first word
    ("Because data revision ...", or "This" with a dropped glyph, "Tis"). A word inside a URL, path or
    e-mail address ("labs.criteo.com") counts as neither. Each distinct token of the paper is judged once
    (a paper repeats its words across sections), and only capitalised ones look at the token before them.
    """
    lower: set[str] = set()
    starts: set[str] = set()
    inside: set[str] = set()
    sections = [text.split() for _, _, text, _ in _sections(paper)]
    capitals: dict[str, str] = {}
    for token in set[str]().union(*sections):
        word = token.strip(_EDGE)
        if not word or "/" in word or "@" in word or "." in word:
            continue
        first = word[0]
        if first.islower():
            if word.isascii() and word.replace("-", "").isalpha() and len(word) > 1:
                lower.add(word)
        elif first.isupper() and word[1:].islower() and word.isalpha():
            capitals[token] = word
    for tokens in sections if capitals else ():
        for i in [i for i, token in enumerate(tokens) if token in capitals]:
            previous = tokens[i - 1] if i else "."
            word = capitals[tokens[i]]
            if previous[-1:] in ".!?)" or previous.endswith(("):", ").")):
                starts.add(word)
            elif previous[-1:].islower() or previous[-1:] in ",;":
                inside.add(word)
    return lower, starts - inside


def _plausible_name(name: str, common: set[str], starts: set[str]) -> bool:
    """A dataset name as printed: name-shaped, not ordinary English the paper prints in lower case, not
    a word the paper only capitalises at the start of a sentence."""
    words = [w.strip("∗*!").casefold() for w in name.split()]
    if not _good_name(name) or name[0].isdigit() or all(w in common for w in words):
        return False
    return not (len(name.split()) == 1 and name in starts)


def _table_datasets(paper: ParsedPaper) -> list[TableName]:
    """Datasets named by statistics tables, and the datasets results tables report on."""
    out = [named for table in paper.text_tables for named in statistics_datasets(table)]
    out += [TableName(row.dataset, row.page) for row in paper.results if row.dataset]
    return out


def find_datasets(paper: ParsedPaper) -> list[Dataset]:
    hits: dict[str, _Hit] = {}
    common, starts = _word_roles(paper)
    for heading, facet, text, page in _sections(paper):
        bg = _is_background(heading, facet)
        boost = 1.5 if facet in ("data", "results", "abstract") else 1.0
        # Gate each pattern on the whole section first: most sections name no dataset at all.
        whole = _clean_text(text)
        # _NAME_BEFORE backtracks a lot: only sentences holding a data noun can match it.
        lists = [(rx, w) for rx, w in _LIST_PATTERNS if rx is not _NAME_BEFORE and rx.search(whole)]
        nouns = _DATA_NOUN_RX.search(whole) is not None
        after = nouns and _NAME_AFTER.search(whole) is not None  # it opens with a data noun
        logs = "log" in whole.lower() and _has_log_data(whole)
        lexicon = DATASET_LEXICON.search(whole) is not None
        if not (lists or nouns or after or logs or lexicon):
            continue
        for raw, sent in _sentences(text):
            found: list[tuple[str, float]] = []
            kinds: set[str] = set()
            active = [(_NAME_BEFORE, 2.0), *lists] if nouns and _DATA_NOUN_RX.search(sent) else lists
            for rx, w in active:
                for m in rx.finditer(sent):
                    parts = _SPLIT_LIST.split(m.group(1))
                    if rx is _NAME_BEFORE and len(parts) == 1 and _PLURAL_NOUN.search(m.group(0)):
                        kinds.add(parts[0])
                    found.extend((part, w) for part in parts)
            if after:
                found.extend((m.group(1), 2.0) for m in _NAME_AFTER.finditer(sent) if not _is_source(m, sent))
            if not found and logs:  # "click logs" describe a named set when one is in the sentence
                found.extend((m.group(1).lower(), 1.0) for m in _LOG_DATA.finditer(sent))
            # In order of appearance (a set's order changes with the hash seed, and so would the note's).
            known = list(dict.fromkeys(m.group(0) for m in DATASET_LEXICON.finditer(sent))) if lexicon else []
            found.extend((name, 1.5) for name in known)
            if not found:
                continue
            pg = _page_of(paper, raw, page)  # only worth finding where a name was found
            own_use = facet == "data" or not _credits_others(sent)
            for raw_name, w in found:
                name = _clean_name(raw_name)
                if not _LOG_DATA.fullmatch(name) and not _plausible_name(name, common, starts):
                    continue
                _add(hits, name, (0.3 if bg else boost) * w, pg, sent, _KIND if raw_name in kinds else _NAMED)
                hits[fold(name)].own_use |= own_use
    models = {fold(m) for m in compared_models(paper.text_tables, paper.model)}
    for named in _table_datasets(paper):
        printed = re.sub(r"\s*\([^()]*\)?$", "", named.name)  # "cod-rna (dummy fields)" is cod-rna
        # Under a "Dataset" header the label is the name as printed ("Product Dataset" stays whole).
        name = clean(printed).strip(" ,.;:") if named.certain else _clean_name(printed)
        if fold(name) in models or not name or is_number_cell(name):
            continue
        if named.certain or _plausible_name(name, common, starts):
            _add(hits, name, 3.0 if named.size else 2.0, named.page, "", _NAMED)
            hits[fold(name)].own_use = True
            if named.size:
                hits[fold(name)].size = hits[fold(name)].size or named.size
    merged = _merge(hits, names_of_sets=True)
    out = []
    for hit in merged:
        if (
            hit.weight < 1.5
            or hit.evidence == {_KIND}
            or not hit.own_use
            or _looks_like_method(hit.name, paper)
        ):
            continue
        out.append(Dataset(name=hit.name, pages=sorted(hit.pages), size=_size(hit)))
    return out or _described_data(paper, starts)


# "Facebook ads impression data", "the UCI credit card dataset": a name, then what the data holds.
_DESCRIBED = re.compile(rf"(?<![\w-])({NAME_WORD}(?:\s+[a-z][a-z\-]+){{1,3}})\s+(?:data ?sets?|data)\b")


def _described_data(paper: ParsedPaper, starts: set[str]) -> list[Dataset]:
    """For a paper that names no dataset otherwise (proprietary logs, a set called by its source): data
    described after an organisation or source name, printed so at least twice outside the background."""
    hits: dict[str, _Hit] = {}
    for heading, facet, text, page in _sections(paper):
        if _is_background(heading, facet) or "data" not in text:
            continue
        for raw, sent in _sentences(text):
            for m in _DESCRIBED.finditer(sent):
                words = m.group(1).split()
                head = words[0]
                if any(w.casefold() in NAME_STOP for w in words):
                    continue  # "URLs to the data", "The offline data": no name before the noun
                # The head is a name: an acronym, or a word capitalised where no sentence starts.
                if not head[0].isupper() or (head in starts and not head.isupper()):
                    continue
                name = " ".join(words)
                if _looks_like_method(name, paper):
                    continue
                _add(hits, name, 1.0, _page_of(paper, raw, page), sent)
    return [
        Dataset(name=h.name, pages=sorted(h.pages), size=_size(h)) for h in _merge(hits) if h.mentions >= 2
    ]


def _looks_like_method(name: str, paper: ParsedPaper) -> bool:
    """The paper's own model ("DeepFM dataset" never is one) or a metric name ("CVR data")."""
    if paper.model and names_model(name, paper.model):
        return True
    return METRIC_LEXICON.fullmatch(name) is not None or metric_of(name) is not None


def _fuse(hits: dict[str, _Hit], src_key: str, dst_key: str) -> None:
    src = hits.pop(src_key)
    dst = hits[dst_key]
    dst.weight += src.weight
    dst.mentions += src.mentions
    dst.size = dst.size or src.size
    dst.pages |= src.pages
    dst.contexts.extend(src.contexts)
    dst.evidence |= src.evidence
    dst.own_use = dst.own_use or src.own_use


def _into_longer(hits: dict[str, _Hit]) -> None:
    """A name into the one longer name it starts ("Criteo" into "Criteo Display Ads")."""
    for short in sorted(hits, key=len):
        longer = [k for k in hits if k != short and k.startswith(short + " ")]
        if len(longer) == 1 and short in hits:
            _fuse(hits, short, longer[0])


def _merge(hits: dict[str, _Hit], names_of_sets: bool = False) -> list[_Hit]:
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
    # A set named once in full and once by its initials ("Web of Science" / "WoS", "Situations With
    # Adversarial Generations" / "SWAG") is one set, listed by the name printed more.
    for a, b in [(a, b) for a in list(hits) for b in list(hits) if a != b]:
        if a in hits and b in hits and _abbreviates(hits[a].name, hits[b].name):
            keep, drop = (a, b) if hits[a].weight >= hits[b].weight else (b, a)
            _fuse(hits, drop, keep)
    return sorted(hits.values(), key=lambda h: -h.weight)


def _abbreviates(short: str, full: str) -> bool:
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


# A count that is a setting of the experiment, not the set's size: a limit ("the first 400 tokens"), a
# training time ("after training for 3.5 days") or a count per part ("1000 images in each of 1000 classes").
_SETTING_BEFORE = re.compile(r"(?i)\b(?:first|train(?:ed|ing)? for)\s+$")
_SETTING_AFTER = re.compile(r"(?i)\s*(?:in each|each|per)\b")


def _size(hit: _Hit) -> str | None:
    """The size printed with the set: a statistics table's, else the size nearest the name in a sentence
    that names it ("forest covertype (581012 samples ...) and Higgs (11M samples ...)": Higgs has 11M)."""
    if hit.size:
        return hit.size
    for ctx in hit.contexts:
        sizes = [m for m in SIZE.finditer(ctx) if not _SETTING_BEFORE.search(ctx, 0, m.start())]
        sizes = [m for m in sizes if not _SETTING_AFTER.match(ctx, m.end())]
        if not sizes:
            continue
        at = ctx.find(hit.name)
        if at < 0:
            return sizes[0].group(0)
        # a size after the name counts a little nearer than one as far before it
        nearest = min(sizes, key=lambda m: (m.start() - at) if m.start() >= at else 1.5 * (at - m.end()))
        return nearest.group(0)
    return None


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
    hits: dict[str, _Hit] = {}
    values: dict[str, dict[str, float]] = {}
    for heading, facet, text, page in _sections(paper):
        bg = _is_background(heading, facet)
        weight = 0.2 if bg else (1.5 if facet in ("results", "data", "abstract") else 1.0)
        whole = _clean_text(text)
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
        for raw, sent in _sentences(text):
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
                        parts = [_LEADING_AND.sub("", part) for part in _SPLIT_LIST.split(m.group(1))]
                        parts = [part for part in parts if part]
                        names.extend((part, m.end(1), 2.0, rx is _USED_AS_METRIC) for part in parts)
            if not names:
                continue
            pg = _page_of(paper, raw, page)  # only worth finding where a name was found
            for raw_name, end, strength, plain in names:
                got = _metric_name(raw_name, explicit=plain)
                if got is None:
                    continue
                name, shape = got
                beside = _values_beside(sent, end, len(raw_name))
                kind = "explicit" if strength >= 2 and not bg else ("valued" if beside and not bg else None)
                _add(hits, name, weight * strength * shape, pg, sent, kind)
                nums = values.setdefault(fold(name), {})
                for v in beside:
                    nums[v] = nums.get(v, 0.0) + weight
    for table in paper.text_tables:
        for named in header_metrics(table):
            _add(hits, named.name, 2.5, named.page, "", "table")
    tables_name_metrics = any("table" in h.evidence for h in hits.values())
    # The own model's values from the results tables come first: they are what the paper reports. Their
    # metric is reported too, though only the caption names it ("in terms of classification accuracies").
    for row in paper.results:
        _add(hits, row.metric, 2.5, row.page, "", "table")
        nums = values.setdefault(fold(row.metric), {})
        nums[row.printed] = nums.get(row.printed, 0.0) + 100.0
    out = []
    for hit in _merge_at_k(_merge(hits)):
        if hit.weight < 1.5 or (tables_name_metrics and not hit.evidence):
            continue
        if GENERIC_METRIC.fullmatch(hit.name) and not (
            hit.evidence & {"table", "valued"} if tables_name_metrics else hit.evidence
        ):
            continue
        vals = values.get(fold(hit.name), {})
        ranked = sorted(vals, key=lambda v: -vals[v])[:5]
        out.append(Metric(name=hit.name, values=ranked, pages=sorted(hit.pages)))
    return out


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


def _merge_at_k(hits: list[_Hit]) -> list[_Hit]:
    """Cut-off variants of one metric become one name: "DCG@5" and "DCG@10" join "DCG@K" when the paper
    names the metric that way; "HR@K" joins "HR@10" when that is the only cut-off it reports; "DCG" joins
    "NDCG@10" (the family's normalised form)."""
    concrete: dict[str, list[_Hit]] = {}
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


def find_baselines(paper: ParsedPaper, taken: set[str]) -> list[str]:
    """Compared methods: acronym/CamelCase names in comparison sentences of the experiments."""
    counts: dict[str, float] = {}
    surface: dict[str, str] = {}
    own = {fold(w) for w in re.findall(r"[A-Za-z0-9\-]+", paper.title.split(":")[0])}
    for heading, facet, text, _ in _sections(paper):
        if facet not in ("results", "data", "architecture") and not re.search(
            r"baseline|compar", heading, re.IGNORECASE
        ):
            continue
        base = 2.0 if re.search(r"baseline|compar", heading, re.IGNORECASE) else 1.0
        for _, sent in _sentences(text):
            if base < 2 and not (_may_compare(sent) and _BASELINE_CONTEXT.search(sent)):
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
    tabled = compared_models(paper.text_tables, paper.model, frozenset(taken))
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


def extract_entities(paper: ParsedPaper) -> ParsedPaper:
    """Fill ``results`` (from the tables), then ``datasets``, ``metrics`` and ``baselines``."""
    if paper.model is None:  # the title and abstract name no model: a table may mark it "(ours)", or
        # print in its row a number the abstract claims
        model = marked_own_model(paper.text_tables) or claimed_own_model(paper.text_tables, paper.abstract)
        paper = paper.model_copy(update={"model": model})
    variants = own_variants(paper)
    paper = paper.model_copy(update={"results": find_results(paper.text_tables, paper.model, variants)})
    datasets = find_datasets(paper)
    metrics = find_metrics(paper)
    taken = {fold(d.name) for d in datasets} | {fold(m.name) for m in metrics}
    taken |= {fold(m.name).split("@")[0] for m in metrics}  # "HR" of "HR@10" is no model either
    baselines = find_baselines(paper, taken | variants)
    paper = paper.model_copy(update={"datasets": datasets, "metrics": metrics, "baselines": baselines})
    return paper.model_copy(update={"headline": find_headline(paper, variants)})
