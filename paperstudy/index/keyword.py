"""BM25 keyword search over passages with SQLite FTS5 (``bm25()``), plus the query-term helpers.

Free text is turned into an FTS5 query of quoted terms joined with OR, so user input can never be read as
FTS5 syntax (a stray quote, ``NEAR``, ``-``, ``*``). Stop words are dropped and the query is capped at
``MAX_TERMS`` distinct terms, so a 10 kB query costs no more than a long sentence.
"""

from __future__ import annotations

import functools
import re
import sqlite3
from collections.abc import Sequence

from paperstudy.store.passages import keyword_rows

MAX_TERMS = 48
WEIGHTS = (1.0, 0.6, 0.4)
"""bm25() column weights: passage text, section title, paper title."""

_WORD = re.compile(r"\w+", re.UNICODE)
_STOP_TEXT = """a an and are as at be been but by can could did do does for from had has have how
i if in into is it
its of on or our over so such than that the their them then there these they this those through to
under up us was we were what when where which while who whom why will with would you your about they
do does done use used using paper papers model models method methods approach"""
STOP_WORDS = frozenset(_STOP_TEXT.split())


def query_terms(text: str) -> list[str]:
    """Distinct lower-cased words of a query, stop words removed, in order, at most ``MAX_TERMS``."""
    terms: list[str] = []
    for word in _WORD.findall(text.casefold()):
        if word in STOP_WORDS or word in terms or (len(word) == 1 and word.isascii()):
            continue
        terms.append(word)
        if len(terms) == MAX_TERMS:
            break
    return terms


def fts_query(terms: Sequence[str]) -> str | None:
    """An FTS5 MATCH expression: each term quoted (so never parsed as syntax), OR-ed; None if empty."""
    if not terms:
        return None
    return " OR ".join('"' + term.replace('"', '""') + '"' for term in terms)


@functools.lru_cache(maxsize=65_536)
def stem(word: str) -> str:
    """A crude suffix strip, enough to highlight "sampling" for "sample" or "negatives" for "negative".
    Cached: highlighting ten hits stems every word of their sentences, mostly the same few hundred words."""
    word = word.casefold()
    for suffix in ("ations", "ation", "ings", "ing", "ies", "ied", "es", "ed", "s", "ly"):
        if word.endswith(suffix) and len(word) - len(suffix) >= 4:
            return word[: -len(suffix)]
    return word


def keyword_search(
    db: sqlite3.Connection,
    terms: Sequence[str],
    *,
    where: str = "",
    params: Sequence[object] = (),
    limit: int = 50,
) -> list[tuple[int, float]]:
    """(passage id, BM25 score — higher is better) for the best ``limit`` passages matching any term.

    ``where`` is an SQL fragment over ``p`` (passages) and ``pa`` (papers), starting with AND.
    """
    match = fts_query(terms)
    if match is None:
        return []
    rows = keyword_rows(db, match, WEIGHTS, where=where, params=params, limit=limit)
    return [(passage, -rank) for passage, rank in rows]
