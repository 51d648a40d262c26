"""Human paper ids: the paper's own model acronym, else the first significant title word, + year
(``dcn-2017``, ``deepfm-2017``), ``-2``, ``-3`` on collision. Ids are made once, when a paper is first
ingested; a re-ingest keeps the stored id."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Collection

_STOPWORDS = frozenset(
    "a an the on of for in to with and from via by at into toward towards using is are do does how what "
    "when why beyond rethinking revisiting".split()
)
# Words so common in ML titles that an id made of them names nothing ("deep-2017" for DCN, DIEN, …).
_GENERIC = frozenset(
    "deep learning neural network networks model models efficient effective novel simple improved "
    "improving scalable large-scale new".split()
)
_WORD = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
_ARXIV_NEW = re.compile(r"^(\d{2})(\d{2})\.\d{4,5}")


def ascii_fold(text: str) -> str:
    return unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")


def year_from_arxiv_id(arxiv_id: str | None) -> int | None:
    """arXiv ids since 2007 start with YYMM (``1703.04247`` → 2017)."""
    match = _ARXIV_NEW.match(arxiv_id or "")
    return 2000 + int(match.group(1)) if match else None


def title_word(title: str) -> str:
    """The first significant word of a title, lower-case ASCII (``xDeepFM: …`` → ``xdeepfm``).

    Generic ML words are skipped ("Deep & Cross Network" → ``cross``) unless the title has nothing else.
    """
    words = [m.group(0)[:40].strip("-") for m in map(_WORD.search, ascii_fold(title).lower().split()) if m]
    words = [w for w in words if w and w not in _STOPWORDS]
    specific = [w for w in words if w not in _GENERIC]
    return (specific or words or [""])[0]


def model_word(model: str | None) -> str:
    """The id word for the paper's own model: an acronym or coined name as one word ("DCN" → ``dcn``,
    "PRel-MF" → ``prel-mf``, "node2vec" → ``node2vec``), a name in up to three plain words joined by
    dashes ("Wide & Deep" → ``wide-deep``, "Transformer" → ``transformer``); ``""`` for longer names,
    which leave the id to the title."""
    words = [m.group(0) for m in map(_WORD.search, ascii_fold(model or "").lower().split()) if m]
    if not words or len(words) > 3:
        return ""
    return "-".join(words)[:40].strip("-")


def paper_id_for(
    title: str, year: int | None, fallback: str, taken: Collection[str], model: str | None = None
) -> str:
    """A new id not in ``taken``: the model's acronym (``model_word``) or the title's first significant
    word, then the year. ``fallback`` (e.g. the file name) is used when neither gives a word."""
    word = model_word(model) or title_word(title) or title_word(fallback.replace("_", " ")) or "paper"
    base = f"{word}-{year}" if year else word
    if base not in taken:
        return base
    suffix = 2
    while f"{base}-{suffix}" in taken:
        suffix += 1
    return f"{base}-{suffix}"
