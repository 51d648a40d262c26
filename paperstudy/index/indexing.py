"""The write side of the index: cut a note's passages, embed what is new, stage them for publication.

``Indexer.stage`` writes a paper's passages and vectors to ``staged_passages``; the triggers of schema
migration 3 move them into ``passages`` (and the FTS5 index) in the very transaction in which
``Library.save`` writes the paper's row. So the pipeline calls ``stage`` just before ``save`` and
``discard`` if ``save`` fails: a committed note always has its vectors, and a vector is never visible
without its committed note.

Vectors are keyed by model id and the hash of the text as embedded: re-ingesting or re-indexing a paper
re-embeds only the passages whose text changed, and identical passages are embedded once.

A batch ingest embeds several papers' passages in one encoder call before it writes them one by one:
``embed_papers`` (a plain function, also the Ray engine's embed stage) turns (title, parsed paper) pairs
into vectors by text hash, and ``Indexer.supply`` hands them to the next ``stage`` calls. The title used
there is a guess made before the note is built; a passage whose final text differs (an imported entry's
title wins) is simply embedded by ``stage`` itself, so the stored vectors are the same either way.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Mapping, Sequence
from dataclasses import dataclass, field

from paperstudy.index.embed import Encoder
from paperstudy.index.passages import embed_text, passages_of, text_hash
from paperstudy.index.vectors import pack_vector
from paperstudy.models import Note, ParsedPaper, Passage
from paperstudy.store import Library
from paperstudy.store import passages as passages_store


@dataclass
class StageResult:
    passages: int
    embedded: int
    """How many passages needed the encoder (the others reused a stored vector with the same text hash)."""


@dataclass
class Indexer:
    """Stages notes' passages for one batch, with one encoder (the model loads once per batch)."""

    encoder: Encoder
    last: StageResult | None = None
    """What the latest ``stage`` call did (for reports)."""
    supplied: dict[str, bytes] = field(default_factory=dict)
    """Vectors embedded ahead of ``stage`` (by text hash, this encoder's), used before the encoder is."""

    def supply(self, vectors: Mapping[str, bytes]) -> None:
        """Vectors of this encoder embedded ahead (``embed_papers``) for the next ``stage`` calls."""
        self.supplied.update(vectors)

    def embed_ahead(self, library: Library, papers: Sequence[tuple[str, ParsedPaper]]) -> int:
        """Embed the passages of several papers in one encoder call (those not stored yet) and supply
        them; returns how many texts were embedded."""
        vectors = embed_papers(self.encoder, papers, lambda hashes: self._known(library, hashes))
        self.supply(vectors)
        return len(vectors)

    def clear_supplied(self) -> None:
        self.supplied.clear()

    def _known(self, library: Library, hashes: Collection[str]) -> set[str]:
        stored = passages_store.stored_vectors(library.db, self.encoder.model_id, list(hashes))
        return set(stored) | (set(hashes) & self.supplied.keys())

    def stage(self, library: Library, note: Note) -> StageResult:
        passages = passages_of(note.parsed, note.paper.id)
        texts = [embed_text(note.title, p) for p in passages]
        hashes = [text_hash(t) for t in texts]
        model = self.encoder.model_id
        known = passages_store.stored_vectors(library.db, model, hashes)
        missing: dict[str, str] = {}
        fresh = 0
        for text, digest in zip(texts, hashes, strict=True):
            if digest in known:
                continue
            if digest in self.supplied:
                known[digest] = self.supplied[digest]
                fresh += 1
            elif digest not in missing:
                missing[digest] = text
        if missing:
            vectors = self.encoder.encode(list(missing.values()))
            known.update({d: pack_vector(v) for d, v in zip(missing, vectors, strict=True)})
        rows = [
            _row(note, p, digest, model, known[digest]) for p, digest in zip(passages, hashes, strict=True)
        ]
        if not rows:  # a marker, so an empty paper still replaces its old passages
            rows = [(note.paper.id, note.paper.sha256, -1, "", "other", 1, "", "", model, b"")]
        passages_store.stage(library, note.paper.id, rows)
        self.last = StageResult(passages=len(passages), embedded=len(missing) + fresh)
        return self.last

    @staticmethod
    def discard_all(library: Library) -> None:
        """Drop every staged passage (what a crashed ingest left behind)."""
        passages_store.discard_staged(library)

    @staticmethod
    def discard(library: Library, paper_id: str) -> None:
        """Drop a paper's staged passages (its save failed); safe to call when there are none."""
        passages_store.discard_staged(library, paper_id)


def paper_texts(title: str, parsed: ParsedPaper) -> list[str]:
    """The texts the encoder sees for a paper's passages (as ``Indexer.stage`` cuts them)."""
    return [embed_text(title, p) for p in passages_of(parsed, "")]


def embed_papers(
    encoder: Encoder,
    papers: Sequence[tuple[str, ParsedPaper]],
    known: Callable[[Collection[str]], Collection[str]] | None = None,
) -> dict[str, bytes]:
    """The passages of several (title, parsed paper) pairs embedded in one encoder call: packed vectors
    by text hash, each distinct text once, leaving out the hashes ``known`` says are already stored."""
    texts: dict[str, str] = {}
    for title, parsed in papers:
        for text in paper_texts(title, parsed):
            texts.setdefault(text_hash(text), text)
    if known is not None and texts:
        for digest in set(known(texts.keys())):
            texts.pop(digest, None)
    if not texts:
        return {}
    vectors = encoder.encode(list(texts.values()))
    return {digest: pack_vector(v) for digest, v in zip(texts, vectors, strict=True)}


def _row(
    note: Note, passage: Passage, digest: str, model: str, vector: bytes
) -> tuple[str, str, int, str, str, int, str, str, str, bytes]:
    return (
        note.paper.id,
        note.paper.sha256,
        passage.position,
        passage.section,
        passage.facet,
        passage.page,
        passage.text,
        digest,
        model,
        vector,
    )
