"""Hybrid passage search (``find``) and paper similarity (``similar``) over one library.

``find`` ranks passages twice — BM25 over the FTS5 index and cosine over the stored vectors — and fuses
the two rankings with reciprocal rank fusion. Filters (domain, facet, year range) apply to both rankings
before fusion, so a filtered search is never an empty page of a global one.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

import numpy as np

from paperstudy.errors import ConfigError, NotFoundError, SearchIndexError
from paperstudy.index.ann import search_vectors
from paperstudy.index.embed import Encoder
from paperstudy.index.fusion import fuse_by_paper
from paperstudy.index.keyword import keyword_search, query_terms, stem
from paperstudy.index.vectors import VectorIndex, load_vectors, models_in_index
from paperstudy.models import FACETS, FacetName, PassageHit, PassageResults, SimilarPaper
from paperstudy.parsing.sentences import split_sentences
from paperstudy.store import Library, unknown_paper
from paperstudy.store import passages as passages_store

Mode = Literal["hybrid", "keyword", "dense"]
MAX_QUERY_CHARS = 1000
"""Longer queries are cut here (at a word): the encoder reads 128 tokens anyway."""
CANDIDATES = 50
"""How deep each ranking goes before fusion."""
_YEAR = re.compile(r"^\s*(\d{4})?\s*(-|–|\.\.)?\s*(\d{4})?\s*$")


@dataclass(frozen=True)
class Filters:
    domain: str | None = None
    facet: FacetName | None = None
    year_from: int | None = None
    year_to: int | None = None

    def sql(self) -> tuple[str, list[object]]:
        """An ``AND …`` fragment over ``p`` (passages) and ``pa`` (papers), with its parameters."""
        clauses: list[str] = []
        params: list[object] = []
        if self.domain is not None:
            clauses.append("p.paper_id IN (SELECT paper_id FROM paper_domains WHERE domain = ?)")
            params.append(self.domain)
        if self.facet is not None:
            clauses.append("p.facet = ?")
            params.append(self.facet)
        if self.year_from is not None:
            clauses.append("pa.year >= ?")
            params.append(self.year_from)
        if self.year_to is not None:
            clauses.append("pa.year <= ?")
            params.append(self.year_to)
        return "".join(f" AND {c}" for c in clauses), params

    @property
    def active(self) -> bool:
        return any(v is not None for v in (self.domain, self.facet, self.year_from, self.year_to))


def parse_years(text: str | None) -> tuple[int | None, int | None]:
    """``2017`` → (2017, 2017); ``2016-2018``, ``2016-`` and ``-2018`` are ranges."""
    if text is None or not text.strip():
        return None, None
    match = _YEAR.match(text)
    if match is None or not (match.group(1) or match.group(3)):
        raise ConfigError(f"--year {text!r}: use a year (2017) or a range (2016-2018, 2016-, -2018)")
    start = int(match.group(1)) if match.group(1) else None
    end = int(match.group(3)) if match.group(3) else None
    if match.group(2) is None:
        end = start
    if start is not None and end is not None and start > end:
        raise ConfigError(f"--year {text!r}: the range ends before it starts")
    return start, end


def check_facet(facet: str | None) -> FacetName | None:
    if facet is None:
        return None
    allowed: tuple[FacetName, ...] = (*FACETS, "other")
    for name in allowed:
        if facet.strip().lower() == name:
            return name
    raise ConfigError(f"unknown facet {facet!r}: use one of {', '.join(allowed)}")


def check_domain_known(library: Library, domain: str | None) -> None:
    if domain is not None:
        library.require_domain(domain)


def clean_query(query: str) -> tuple[str, list[str]]:
    text = " ".join(query.split())
    if not text:
        raise ConfigError("the query is empty: type some words, e.g. paperstudy find 'negative sampling'")
    notices: list[str] = []
    if len(text) > MAX_QUERY_CHARS:
        cut = text[:MAX_QUERY_CHARS].rsplit(" ", 1)[0] or text[:MAX_QUERY_CHARS]
        notices.append(f"the query was {len(text)} characters; only its first {len(cut)} were used")
        text = cut
    return text, notices


def find(
    library: Library,
    query: str,
    encoder: Encoder,
    *,
    filters: Filters | None = None,
    limit: int = 10,
    mode: Mode = "hybrid",
) -> PassageResults:
    """The passages that best answer ``query``, best first."""
    filters = filters or Filters()
    text, notices = clean_query(query)
    if limit < 1:
        raise ConfigError("--limit must be at least 1")
    check_domain_known(library, filters.domain)
    if not library.paper_ids():
        raise NotFoundError("the library is empty: add papers with `paperstudy ingest PAPER.pdf --domain D`")
    if not models_in_index(library.db):
        raise SearchIndexError("the library has no search index yet: run `paperstudy reindex`")
    where, params = filters.sql()
    terms = query_terms(text)
    rankings: list[list[tuple[int, float]]] = []
    if mode in ("hybrid", "keyword"):
        keyword = keyword_search(library.db, terms, where=where, params=params, limit=CANDIDATES)
        rankings.append(keyword)
        if not terms:
            notices.append("the query has no searchable words; ranked by meaning only")
    if mode in ("hybrid", "dense"):
        dense, note = _dense(library, encoder, text, where, params)
        rankings.append(dense)
        if note:
            notices.append(note)
    fused = fuse_by_paper(rankings, _paper_of(library, rankings))[:limit]
    return PassageResults(hits=_hits(library, fused, terms), notices=notices)


def _paper_of(library: Library, rankings: list[list[tuple[int, float]]]) -> dict[int, str]:
    return passages_store.paper_of(library.db, [passage for ranking in rankings for passage, _ in ranking])


def _dense(
    library: Library, encoder: Encoder, text: str, where: str, params: list[object]
) -> tuple[list[tuple[int, float]], str | None]:
    index = load_vectors(library, encoder.model_id)
    if len(index) == 0:
        others = ", ".join(models_in_index(library.db))
        return [], (
            f"no passages are embedded with {encoder.model_id} (the index uses {others}); "
            "ranked by keywords only — run `paperstudy reindex` to re-embed"
        )
    mask = None
    if where:
        allowed = passages_store.ids_where(library.db, encoder.model_id, where, params)
        mask = index.mask_for(np.array(allowed, dtype=np.int64))
    query_vector = encoder.encode([text])[0]
    return search_vectors(library, encoder.model_id, index, query_vector, CANDIDATES, mask), None


def _hits(library: Library, fused: list[tuple[int, float]], terms: list[str]) -> list[PassageHit]:
    if not fused:
        return []
    by_id = passages_store.passage_rows(library.db, [pid for pid, _ in fused])
    hits: list[PassageHit] = []
    for pid, score in fused:
        row = by_id.get(pid)
        if row is None:
            continue
        found, highlights = highlight(row["text"], terms)
        hits.append(
            PassageHit(
                paper_id=row["paper_id"],
                title=row["title"],
                year=row["year"],
                section=row["section"],
                facet=row["facet"],
                page=row["page"],
                score=round(score, 6),
                text=row["text"],
                highlights=highlights,
                terms=found,
            )
        )
    return hits


def highlight(text: str, terms: list[str], limit: int = 2) -> tuple[list[str], list[str]]:
    """(query words present in ``text``, its ``limit`` sentences with the most query words, in order)."""
    stems = {stem(t) for t in terms}
    if not stems:
        return [], []
    words = {w for w in re.findall(r"\w+", text.casefold()) if stem(w) in stems}
    sentences = [text[s.start : s.end] for s in split_sentences(text)]
    scored = []
    for position, sentence in enumerate(sentences):
        hits = {stem(w) for w in re.findall(r"\w+", sentence.casefold())} & stems
        if hits:
            scored.append((len(hits), position, sentence))
    best = sorted(scored, key=lambda item: (-item[0], item[1]))[:limit]
    return sorted(words), [sentence for _, _, sentence in sorted(best, key=lambda item: item[1])]


# --- similar papers ------------------------------------------------------------------------------------


def paper_vectors(library: Library, index: VectorIndex) -> dict[str, np.ndarray]:
    """Each paper's mean passage vector (re-normalised): a cheap, robust paper embedding."""
    position = {int(pid): i for i, pid in enumerate(index.ids.tolist())}
    groups: dict[str, list[int]] = {}
    for passage, paper in passages_store.passage_papers(library.db):
        i = position.get(passage)
        if i is not None:
            groups.setdefault(paper, []).append(i)
    out: dict[str, np.ndarray] = {}
    for paper_id, indices in groups.items():
        mean = np.asarray(index.matrix[indices], dtype=np.float32).mean(axis=0)
        out[paper_id] = mean / max(float(np.linalg.norm(mean)), 1e-12)
    return out


def similar(
    library: Library, paper_id: str, model_id: str, *, limit: int = 10, domain: str | None = None
) -> list[SimilarPaper]:
    """The papers closest to ``paper_id`` by their mean passage embedding (uses stored vectors only)."""
    if paper_id not in library.paper_ids():
        raise unknown_paper(paper_id)
    check_domain_known(library, domain)
    models = models_in_index(library.db)
    if model_id not in models:
        if not models:
            raise SearchIndexError("the library has no search index yet: run `paperstudy reindex`")
        model_id = next(iter(models))
    vectors = paper_vectors(library, load_vectors(library, model_id))
    if paper_id not in vectors:
        raise SearchIndexError(f"{paper_id} has no indexed passages: run `paperstudy reindex`")
    allowed = {r.id for r in library.records(domain)} if domain else set(vectors)
    target = vectors[paper_id]
    scored = [
        (other, float(vector @ target))
        for other, vector in vectors.items()
        if other != paper_id and other in allowed
    ]
    scored.sort(key=lambda pair: -pair[1])
    out: list[SimilarPaper] = []
    for other, score in scored[:limit]:
        record = library.record(other)
        out.append(SimilarPaper(paper_id=other, title=record.title, year=record.year, score=round(score, 6)))
    return out
