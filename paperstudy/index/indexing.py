"""The write side of the index: cut a note's passages, embed what is new, stage them for publication.

``Indexer.stage`` writes a paper's passages and vectors to ``staged_passages``; the triggers of schema
migration 3 move them into ``passages`` (and the FTS5 index) in the very transaction in which
``Library.save`` writes the paper's row. So the pipeline calls ``stage`` just before ``save`` and
``discard`` if ``save`` fails: a committed note always has its vectors, and a vector is never visible
without its committed note.

Vectors are keyed by model id and the hash of the text as embedded: re-ingesting or re-indexing a paper
re-embeds only the passages whose text changed, and identical passages are embedded once.
"""

from __future__ import annotations

from dataclasses import dataclass

from paperstudy.index.embed import Encoder
from paperstudy.index.passages import embed_text, passages_of, text_hash
from paperstudy.index.vectors import pack_vector
from paperstudy.models import Note, Passage
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

    def stage(self, library: Library, note: Note) -> StageResult:
        passages = passages_of(note.parsed, note.paper.id)
        texts = [embed_text(note.title, p) for p in passages]
        hashes = [text_hash(t) for t in texts]
        model = self.encoder.model_id
        known = passages_store.stored_vectors(library.db, model, hashes)
        missing: dict[str, str] = {}
        for text, digest in zip(texts, hashes, strict=True):
            if digest not in known and digest not in missing:
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
        self.last = StageResult(passages=len(passages), embedded=len(missing))
        return self.last

    @staticmethod
    def discard_all(library: Library) -> None:
        """Drop every staged passage (what a crashed ingest left behind)."""
        passages_store.discard_staged(library)

    @staticmethod
    def discard(library: Library, paper_id: str) -> None:
        """Drop a paper's staged passages (its save failed); safe to call when there are none."""
        passages_store.discard_staged(library, paper_id)


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
