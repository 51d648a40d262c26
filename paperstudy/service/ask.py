"""Asking the library: ``find`` passages answering a question (hybrid search), ``ask`` for a short
extractive answer above those passages, and ``similar`` papers.

The embedding model is loaded only by ``find`` (to embed the query); ``similar`` uses stored vectors.
Both follow the model the library's vectors were made with when ``PAPERSTUDY_EMBEDDING_MODEL`` is unset
(``paperstudy.index.model_choice``). The parser (through the pipeline) is imported only for a domain
filter: a plain query from the shell starts faster.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Literal, TypeVar

from paperstudy.errors import ConfigError
from paperstudy.index import model_choice
from paperstudy.index.embed import Encoder, get_encoder
from paperstudy.index.model_choice import Choice
from paperstudy.index.search import Filters, Mode, check_facet, parse_years
from paperstudy.index.search import find as run_find
from paperstudy.index.search import similar as run_similar
from paperstudy.models import AskResults, FacetName, PassageResults, SimilarPaper
from paperstudy.settings import Settings
from paperstudy.store import Library, Vault
from paperstudy.store.passages import page_texts

__all__ = [
    "Choice",
    "Encoder",
    "Filters",
    "Mode",
    "ask",
    "ask_in",
    "find",
    "find_in",
    "get_encoder",
    "library_encoder",
    "similar",
]
MODES: tuple[Mode, ...] = ("hybrid", "keyword", "dense")


def check_mode(mode: str) -> Mode:
    for name in MODES:
        if mode == name:
            return name
    raise ConfigError(f"--mode {mode!r}: use hybrid, keyword or dense")


def filters(
    domain: str | None = None,
    facet: str | None = None,
    year: str | None = None,
) -> Filters:
    """Search filters from what the user typed (``--year 2017`` or ``2016-2018``); bad values are errors."""
    year_from, year_to = parse_years(year)
    checked: FacetName | None = check_facet(facet)
    return Filters(
        domain=_checked_domain(domain),
        facet=checked,
        year_from=year_from,
        year_to=year_to,
    )


def _checked_domain(domain: str | None) -> str | None:
    if domain is None:
        return None
    from paperstudy.pipeline import check_domain  # the pipeline imports the parser: only when needed

    return check_domain(domain)


def library_encoder(library: Library, configured: str | None) -> Choice:
    """The encoder to search ``library`` with: the configured model, or — unset — the model its stored
    vectors were made with, with a notice saying to run ``paperstudy reindex`` (no model load here)."""
    return model_choice.library_encoder(library.db, configured)


def find(
    settings: Settings,
    query: str,
    *,
    where: Filters | None = None,
    limit: int = 10,
    mode: str = "hybrid",
    encoder: Encoder | None = None,
) -> PassageResults:
    """The passages that best answer ``query``, best first (loads the embedding model unless given: the
    library's own model when the default changed since its vectors were made, with a notice)."""
    checked = check_mode(mode)

    def run(library: Library, model: Encoder) -> PassageResults:
        return find_in(library, query, model, where=where, limit=limit, mode=checked)

    return _on_library(settings, encoder, checked, run)


def find_in(
    library: Library,
    query: str,
    encoder: Encoder,
    *,
    where: Filters | None = None,
    limit: int = 10,
    mode: Literal["hybrid", "keyword", "dense"] = "hybrid",
) -> PassageResults:
    """``find`` on an open library (the app's per-thread one)."""
    return run_find(library, query, encoder, filters=where, limit=limit, mode=mode)


def ask(
    settings: Settings,
    question: str,
    *,
    where: Filters | None = None,
    limit: int = 10,
    mode: str = "hybrid",
    encoder: Encoder | None = None,
) -> AskResults:
    """A short answer to ``question`` (1–4 cited sentences, best first) above the passages of ``find``,
    with the model that serves the library (as ``find``)."""
    checked = check_mode(mode)

    def run(library: Library, model: Encoder) -> AskResults:
        return ask_in(library, question, model, where=where, limit=limit, mode=checked)

    return _on_library(settings, encoder, checked, run)


ResultsT = TypeVar("ResultsT", PassageResults, AskResults)


def _on_library(
    settings: Settings, encoder: Encoder | None, mode: Mode, run: Callable[[Library, Encoder], ResultsT]
) -> ResultsT:
    """Run a search with the given encoder, else the one serving the library; a notice to run
    ``paperstudy reindex`` comes first when the library's model is not the default (dense searches)."""
    with Library(Vault(settings.notes)) as library:
        if encoder is not None:
            return run(library, encoder)
        choice = library_encoder(library, settings.embedding_model)
        found: ResultsT = run(library, choice.encoder)
    if choice.notice is None or mode == "keyword":
        return found
    return found.model_copy(update={"notices": [choice.notice, *found.notices]})


def ask_in(
    library: Library,
    question: str,
    encoder: Encoder,
    *,
    where: Filters | None = None,
    limit: int = 10,
    mode: Literal["hybrid", "keyword", "dense"] = "hybrid",
) -> AskResults:
    """``ask`` on an open library (the app's per-thread one). Keyword mode scores the answer's sentences
    by words and rank only, so it never loads the embedding model either."""
    # The answer's scorer (rapidfuzz) is imported here: a `find` never needs it (start-up time).
    from paperstudy.index.answer import answer as extract_answer

    found = find_in(library, question, encoder, where=where, limit=limit, mode=mode)
    pages = page_texts(library.db, [hit.paper_id for hit in found.hits])
    scorer = None if mode == "keyword" else encoder
    sentences = extract_answer(question, found.hits, pages, scorer)
    return AskResults(answer=sentences, hits=found.hits, notices=found.notices)


def similar(
    settings: Settings, paper_id: str, *, limit: int = 10, domain: str | None = None
) -> list[SimilarPaper]:
    """The papers closest to ``paper_id`` by their mean passage embedding (no model load)."""
    with Library(Vault(settings.notes)) as library:
        # No model load: stored vectors only, of the model that serves this library.
        model_id = library_encoder(library, settings.embedding_model).encoder.model_id
        return run_similar(library, paper_id, model_id, limit=limit, domain=domain)
