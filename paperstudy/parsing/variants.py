"""The paper's own variants and components: names it defines in its own voice (pure).

"we discuss two variants of this model, namely Inner Product-based Neural Network (IPNN)", "We design a
new cross network, named Compressed Interaction Network (CIN)", "We dub this model “NeuMF”, short for
Neural Matrix Factorization", "our proposed NCF methods (GMF, MLP and NeuMF)": such names are the paper's
own work, never its baselines, though its tables list them beside the baselines.
"""

from __future__ import annotations

import re

from paperstudy.models import ParsedPaper
from paperstudy.parsing.text import fold

_ACRONYM = r"[A-Z][A-Za-z0-9]*[A-Z][A-Za-z0-9\-]*"
# An expansion: up to seven words, hyphenated parts allowed ("Inner Product-based Neural Network").
_EXPANSION = r"(?P<exp>[A-Za-z][\w\-]*(?:\s+[A-Za-z][\w\-]*){0,6})"
_DEFINES = (
    # "we design a new cross network, named X (ACR)", "we propose a unified network architecture, named X
    # (ACR)", "we demonstrate the X (ACR)"
    re.compile(
        r"\b[Ww]e\s+(?:\w+ly\s+|thus\s+|then\s+|further\s+)?(?:propose|present|design|introduce|devise|develop"
        r"|demonstrate|discuss|describe)\w*\s+(?:(?:a|an|the|two|three|novel|new)\s+){0,3}"
        r"(?:[\w\-]+\s+){0,3}?(?:[\w\-]+,?\s+(?:named|called|namely|termed|dubbed)\s+)?"
        + _EXPANSION
        + rf"\s*\((?P<acr>{_ACRONYM})\)"
    ),
    # "two variants of this model, namely X (ACR)"
    re.compile(
        r"\bvariants?(?:\s+of\s+(?:this|our|the)\s+(?:model|method|framework))?,?\s+(?:namely|called|named)\s+"
        + _EXPANSION
        + rf"\s*\((?P<acr>{_ACRONYM})\)"
    ),
)
# Text is flattened to single spaces before these run, so each literal below is one the pattern needs.
_DEFINES_NEED = ((_DEFINES[0], "e "), (_DEFINES[1], "variant"))
# "We term it as GMF, short for …", "We dub this model “NeuMF”, short for …"
_SHORT_FOR = re.compile(
    r"\b[Ww]e\s+(?:term|call|name|dub)\w*\s+(?:(?:it|this|the|our|model|method)\s+){0,2}(?:as\s+)?[“\"]?"
    rf"(?P<acr>{_ACRONYM})[”\"]?,?\s+short\s+for\b"
)
# "our proposed NCF methods (GMF, MLP and NeuMF)"
_OUR_LIST = re.compile(
    r"\bour\s+proposed\s+(?:[\w\-]+\s+){0,2}(?:methods|models|variants)\s*\((?P<list>[^()]+)\)"
)
# What the paper uses or builds on is not its own: "we propose to use Deep Q-Learning (DQN) [31]", "two
# models using deep neural networks (DNNs)".
_BORROWED = re.compile(r"\b(?:to|using|uses?|apply|applying|adopt\w*|with|based on)\s")
_CITED_AFTER = re.compile(r"\s*\[\d")
_SKIP = re.compile(r"(?i)related|background|prior work|literature|preliminar|references|acknowledg")


def _abbreviates(acronym: str, expansion: str) -> bool:
    """The acronym's capitals are the initials of the expansion's words, in order ("IPNN" ← "Inner
    Product-based Neural Network"); a phrase before the expansion ("new cross network, named") is
    allowed, so the initials are matched at the end."""
    initials = [w[0].upper() for w in re.split(r"[\s\-]+", expansion) if w]
    capitals = [c for c in acronym if c.isupper()]
    if len(capitals) < 2:
        return False
    it = iter(reversed(initials))
    return all(any(c == i for i in it) for c in reversed(capitals)) and initials[-1] == capitals[-1]


def own_variants(paper: ParsedPaper) -> frozenset[str]:
    """Folded names of the variants and components the paper defines as its own (the own model aside)."""
    texts = [paper.abstract] + [s.text for s in paper.sections if not _SKIP.search(s.heading)]
    found: set[str] = set()
    for text in texts:
        flat = " ".join(text.split())
        if "(" not in flat and "short for" not in flat:
            continue
        for pattern, needed in _DEFINES_NEED:
            if needed not in flat:  # the literal the pattern cannot match without: a cheap test first
                continue
            for m in pattern.finditer(flat):
                borrowed = _BORROWED.search(m.group(0)) or _CITED_AFTER.match(flat, m.end())
                if not borrowed and _abbreviates(m["acr"], m["exp"]):
                    found.add(fold(m["acr"]))
        if "short for" in flat:
            found.update(fold(m["acr"]) for m in _SHORT_FOR.finditer(flat))
        for m in _OUR_LIST.finditer(flat) if "our proposed" in flat else ():
            names = re.split(r"\s*,\s*|\s+and\s+", m["list"])
            found.update(fold(n) for n in names if re.fullmatch(_ACRONYM, n))
    if paper.model:
        found.discard(fold(paper.model))
    return frozenset(found)
