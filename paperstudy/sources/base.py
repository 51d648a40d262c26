"""The ``Search`` value object and the ``Source`` protocol every search service implements."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal, Protocol

from paperstudy.errors import ConfigError
from paperstudy.models import SearchHit

SortBy = Literal["relevance", "date"]
SOURCE_NAMES: tuple[str, ...] = ("arxiv", "scholar")


@dataclass(frozen=True)
class Search:
    """What to look for; immutable so it can key a cache and be shared between sources.

    ``query`` may use arXiv field prefixes (``ti:``, ``abs:``, ``cat:``); sources without them
    (Scholar) use ``plain_query`` instead.
    """

    query: str = ""
    categories: tuple[str, ...] = ()
    since: int | None = None
    """First year (inclusive) of submission."""
    until: int | None = None
    """Last year (inclusive)."""
    max_results: int = 20
    sort_by: SortBy = "relevance"
    id_list: tuple[str, ...] = ()
    scholar_query: str | None = None
    """Keywords for services without field prefixes; derived from ``query`` when None."""
    title_any: tuple[str, ...] = field(default=())
    """Match any of these exact titles (used to find arXiv PDFs for Scholar hits)."""

    def __post_init__(self) -> None:
        if not (self.query.strip() or self.categories or self.id_list or self.title_any):
            raise ConfigError("a search needs a query, a category, a domain or an arXiv id")
        if self.max_results < 1:
            raise ConfigError(f"--max must be at least 1 (got {self.max_results})")
        if self.since is not None and self.until is not None and self.since > self.until:
            raise ConfigError(f"--since {self.since} is after --until {self.until}")

    @property
    def plain_query(self) -> str:
        """The query without arXiv syntax: field prefixes, boolean operators and parentheses dropped."""
        if self.scholar_query:
            return self.scholar_query
        words = []
        for token in self.query.replace("(", " ").replace(")", " ").split():
            if token in {"AND", "OR", "ANDNOT"}:
                continue
            _, sep, rest = token.partition(":")
            words.append(rest if sep and _.isalpha() and len(_) <= 4 else token)
        return " ".join(w for w in words if w).strip()


class Source(Protocol):
    """A search service. Raises ``SourceError`` subclasses with a user-facing message on failure."""

    name: str

    def search(self, search: Search) -> list[SearchHit]: ...
