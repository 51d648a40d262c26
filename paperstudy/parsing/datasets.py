"""Datasets: the sets a paper uses, with the size printed beside them.

Pure over ``ParsedPaper``. Patterns do the generalising ("the X dataset", "datasets: X, Y and Z",
"experiments on X"), statistics and results tables are strong evidence, and a small lexicon of well-known
benchmarks is one more signal. Names found only in the introduction or related work, or only in sentences
crediting another work, are dropped: those describe other papers' experiments, not this one's.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from paperstudy.models import Dataset, ParsedPaper
from paperstudy.parsing.cells import is_number_cell
from paperstudy.parsing.lexicon import DATASET_LEXICON, METRIC_LEXICON, NAME_STOP, SIZE
from paperstudy.parsing.mentions import (
    DATA_NOUN,
    NAME_WORD,
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
from paperstudy.parsing.results import compared_models, metric_of, names_model
from paperstudy.parsing.sentences import clean
from paperstudy.parsing.table_entities import TableName, statistics_datasets

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


_FOOTNOTE = re.compile(r"(?<=[a-z])\d$")


# Another work credited in the sentence: "Jarrett et al. [11] claim", "on MNIST (see [42])".
_CREDIT = re.compile(r"\bet al\.|\[\d+(?:\s*[,–-]\s*\d+)*\]")
_FIRST_PERSON = re.compile(r"(?i)\b(?:we|our|us)\b")


def _credits_others(sent: str) -> bool:
    """The sentence reports another work (cites it) and not the paper's own doing (no "we", "our")."""
    return _CREDIT.search(sent) is not None and _FIRST_PERSON.search(sent) is None


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
    # footnotes too: "an app store of billion users" in a note makes "App Store" ordinary words
    sections = [text.split() for _, _, text, _ in sections_of(paper)]
    sections += [note.text.split() for note in paper.footnotes]
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


def find_datasets(paper: ParsedPaper, variants: frozenset[str] = frozenset()) -> list[Dataset]:
    """The datasets the paper evaluates on; ``variants`` (folded names of the paper's own variants and
    components, "CIN") are its own work, never data ("the results of activation functions on CIN")."""
    hits: dict[str, Hit] = {}
    common, starts = _word_roles(paper)
    for heading, facet, text, page in sections_of(paper):
        bg = is_background(heading, facet)
        boost = 1.5 if facet in ("data", "results", "abstract") else 1.0
        # Gate each pattern on the whole section first: most sections name no dataset at all.
        whole = clean_text(text)
        # _NAME_BEFORE backtracks a lot: only sentences holding a data noun can match it.
        lists = [(rx, w) for rx, w in _LIST_PATTERNS if rx is not _NAME_BEFORE and rx.search(whole)]
        nouns = _DATA_NOUN_RX.search(whole) is not None
        after = nouns and _NAME_AFTER.search(whole) is not None  # it opens with a data noun
        logs = "log" in whole.lower() and _has_log_data(whole)
        lexicon = DATASET_LEXICON.search(whole) is not None
        if not (lists or nouns or after or logs or lexicon):
            continue
        for raw, sent in sentences_of(text):
            found: list[tuple[str, float]] = []
            kinds: set[str] = set()
            active = [(_NAME_BEFORE, 2.0), *lists] if nouns and _DATA_NOUN_RX.search(sent) else lists
            for rx, w in active:
                for m in rx.finditer(sent):
                    parts = SPLIT_LIST.split(m.group(1))
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
            pg = page_of(paper, raw, page)  # only worth finding where a name was found
            own_use = facet == "data" or not _credits_others(sent)
            for raw_name, w in found:
                name = _clean_name(raw_name)
                if not _LOG_DATA.fullmatch(name) and not _plausible_name(name, common, starts):
                    continue
                add_mention(
                    hits, name, (0.3 if bg else boost) * w, pg, sent, _KIND if raw_name in kinds else _NAMED
                )
                hits[fold(name)].own_use |= own_use
    models = {fold(m) for m in compared_models(paper.text_tables, paper.model)}
    for named in _table_datasets(paper):
        printed = re.sub(r"\s*\([^()]*\)?$", "", named.name)  # "cod-rna (dummy fields)" is cod-rna
        # Under a "Dataset" header the label is the name as printed ("Product Dataset" stays whole).
        name = clean(printed).strip(" ,.;:") if named.certain else _clean_name(printed)
        if fold(name) in models or not name or is_number_cell(name):
            continue
        if named.certain or _plausible_name(name, common, starts):
            add_mention(hits, name, 3.0 if named.size else 2.0, named.page, "", _NAMED)
            hits[fold(name)].own_use = True
            if named.size:
                hits[fold(name)].size = hits[fold(name)].size or named.size
    merged = merge_hits(hits, names_of_sets=True)
    named_sets: list[Dataset] = []
    unnamed_logs: list[Dataset] = []
    for hit in merged:
        if (
            hit.weight < 1.5
            or hit.evidence == {_KIND}
            or not hit.own_use
            or _looks_like_method(hit.name, paper)
            or fold(hit.name) in variants
        ):
            continue
        dataset = Dataset(name=hit.name, pages=sorted(hit.pages), size=_size(hit))
        # Logs without a name ("click logs", "impression logs") are the data of a paper that names no set;
        # beside named sets they describe one of them ("iPinYou … is a dataset for ad click logs").
        (unnamed_logs if _LOG_DATA.fullmatch(hit.name) else named_sets).append(dataset)
    return named_sets or unnamed_logs or _described_data(paper, starts) or _provenance_data(paper)


# "Facebook ads impression data", "the UCI credit card dataset": a name, then what the data holds.
_DESCRIBED = re.compile(rf"(?<![\w-])({NAME_WORD}(?:\s+[a-z][a-z\-]+){{1,3}})\s+(?:data ?sets?|data)\b")


def _described_data(paper: ParsedPaper, starts: set[str]) -> list[Dataset]:
    """For a paper that names no dataset otherwise (proprietary logs, a set called by its source): data
    described after an organisation or source name, printed so at least twice outside the background."""
    hits: dict[str, Hit] = {}
    for raw, sent, page in _own_sentences(paper, "data"):
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
            add_mention(hits, name, 1.0, page_of(paper, raw, page), sent)
    return _datasets_of(hits, least_mentions=2)


# "a sampled offline dataset collected from a commercial news recommendation application", "training
# examples are generated from all YouTube watches": where unnamed data comes from. The source runs to the
# next preposition, conjunction, participle or mark.
_PROVENANCE = re.compile(
    r"\b(?<!negative )(?<!positive )(?:data ?sets?|data|examples|logs?|records)\s+(?:(?:is|are|was|were)\s+)?"
    r"(?:collected|gathered|extracted|obtained|crawled|generated|sampled)\s+from\s+"
    r"((?:(?:an?|all|our|the)\s+)?(?:[\w’'\-]+\s+){0,5}?[\w’'\-]+?)"
    r"(?=\s+(?:and|or|to|for|with|in|on|by|during|over|which|that|where|at|using|via|as|\w+ing|\w+ed)\b"
    r"|\s*[,.;:()\[]|$)"
)
# A sampling source, not data: "examples sampled from the item pool", "records drawn from a prior",
# "examples generated from the trained model".
_NOT_DATA_SOURCE = re.compile(
    r"(?i)\b(?:distributions?|pool|priors?|posteriors?|noise|models?|generators?|\d+)$"
)


def _provenance_data(paper: ParsedPaper) -> list[Dataset]:
    """For a paper that names its data in no other way: the data by where the paper says it was collected
    from, outside the background and in sentences that credit no other work ("data from a commercial news
    recommendation application")."""
    hits: dict[str, Hit] = {}
    for raw, sent, page in _own_sentences(paper, " from "):
        if _credits_others(sent):
            continue
        for m in _PROVENANCE.finditer(sent):
            source = m.group(1).strip()
            if _NOT_DATA_SOURCE.search(source) or _looks_like_method(source, paper):
                continue
            add_mention(hits, f"data from {source}", 1.0, page_of(paper, raw, page), sent)
    return _datasets_of(hits)


def _own_sentences(paper: ParsedPaper, needle: str) -> Iterator[tuple[str, str, int]]:
    """(raw, cleaned, section's first page) of each sentence outside the background, in the sections
    that print ``needle`` (a cheap test before splitting them)."""
    for heading, facet, text, page in sections_of(paper):
        if is_background(heading, facet) or needle not in text:
            continue
        for raw, sent in sentences_of(text):
            yield raw, sent, page


def _datasets_of(hits: dict[str, Hit], least_mentions: int = 1) -> list[Dataset]:
    return [
        Dataset(name=h.name, pages=sorted(h.pages), size=_size(h))
        for h in merge_hits(hits)
        if h.mentions >= least_mentions
    ]


def _looks_like_method(name: str, paper: ParsedPaper) -> bool:
    """The paper's own model ("DeepFM dataset" never is one) or a metric name ("CVR data")."""
    if paper.model and names_model(name, paper.model):
        return True
    return METRIC_LEXICON.fullmatch(name) is not None or metric_of(name) is not None


# A count that is a setting of the experiment, not the set's size: a limit ("the first 400 tokens"), a
# training time ("after training for 3.5 days") or a count per part ("1000 images in each of 1000 classes").
_SETTING_BEFORE = re.compile(r"(?i)\b(?:first|train(?:ed|ing)? for)\s+$")
_SETTING_AFTER = re.compile(r"(?i)\s*(?:in each|each|per)\b")


def _size(hit: Hit) -> str | None:
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
