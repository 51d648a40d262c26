"""An Obsidian-friendly vault: the wikilinks between the notes of the library (the note format itself —
aliases, tags, the "Related papers" section — is ``paperstudy.notes``).

A note links the papers ``similar`` finds for it and the baselines it compares against that are
themselves in the library (``[[deepfm-2017|DeepFM]]``: the paper id is the note's file name, unique in the
vault, so the link resolves wherever the note lives). When a paper is added, the notes it relates to are
re-rendered as well, so an early note gains its link to a later paper. Only the generated part of a note
changes: its corrections and "My notes" are read back and written out verbatim.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

import numpy as np

from paperstudy.errors import PaperstudyError
from paperstudy.index.search import paper_vectors
from paperstudy.index.vectors import load_vectors, models_in_index
from paperstudy.models import Note, PaperRecord, RelatedPaper
from paperstudy.notes import (
    fold_name,
    read_user_content,
    render_note,
    short_name,
    title_acronym,
    with_user_content,
)
from paperstudy.store import Library

SIMILAR_LIMIT = 3
MIN_SIMILARITY = 0.55
"""Cosine similarity of mean passage vectors (all-MiniLM-L6-v2) below which papers are not called related.
Measured on eight corpus papers: CTR papers among themselves 0.46–0.80, CTR against AlexNet and GCN
0.25–0.61; with at most three links above 0.55 a note links its closest neighbours and few strangers."""


@dataclass
class LinkContext:
    """What linking needs to know of the whole library, read once per refresh."""

    records: dict[str, PaperRecord]
    names: dict[str, str]
    """Folded short name or model of each paper → its id (the name a baseline would be printed as)."""
    labels: dict[str, str]
    baselines: dict[str, list[str]]
    vectors: dict[str, object]


def link_context(library: Library) -> LinkContext:
    records = {r.id: r for r in library.records()}
    models = library.model_names()
    names: dict[str, str] = {}
    labels: dict[str, str] = {}
    for paper_id, record in sorted(records.items()):
        name = short_name(record.title, models.get(paper_id))
        labels[paper_id] = name or record.title
        for alias in (name, title_acronym(record.title)):
            if alias and len(fold_name(alias)) >= 2:
                names.setdefault(fold_name(alias), paper_id)
    index_models = models_in_index(library.db)
    vectors: dict[str, object] = {}
    if index_models:
        vectors = dict(paper_vectors(library, load_vectors(library, next(iter(index_models)))))
    return LinkContext(records, names, labels, library.baseline_names(), vectors)


def related_papers(paper_id: str, context: LinkContext) -> list[RelatedPaper]:
    """The library papers a note links to: its baselines that are in the library, then similar ones."""
    out: list[RelatedPaper] = []
    seen = {paper_id}
    for baseline in context.baselines.get(paper_id, []):
        other = context.names.get(fold_name(baseline))
        if other is not None and other not in seen:
            seen.add(other)
            out.append(RelatedPaper(paper_id=other, label=baseline, reason="baseline"))
    for other, _score in _similar(paper_id, context):
        if other not in seen:
            seen.add(other)
            out.append(RelatedPaper(paper_id=other, label=context.labels[other], reason="similar"))
    return out


def _similar(paper_id: str, context: LinkContext) -> list[tuple[str, float]]:
    target = context.vectors.get(paper_id)
    if target is None:
        return []
    scored = [
        (other, float(np.asarray(vector) @ np.asarray(target)))
        for other, vector in context.vectors.items()
        if other != paper_id and other in context.records
    ]
    scored = [pair for pair in scored if pair[1] >= MIN_SIMILARITY]
    scored.sort(key=lambda pair: (-pair[1], pair[0]))
    return scored[:SIMILAR_LIMIT]


def linked_to(paper_ids: Iterable[str], context: LinkContext) -> set[str]:
    """The papers whose links may change when ``paper_ids`` are added: they, the papers they link to,
    and the papers that list one of them as a baseline."""
    targets = {p for p in paper_ids if p in context.records}
    out = set(targets)
    for paper_id in targets:
        out.update(r.paper_id for r in related_papers(paper_id, context))
    target_names = {name for name, pid in context.names.items() if pid in targets}
    for paper_id, names in context.baselines.items():
        if any(fold_name(n) in target_names for n in names):
            out.add(paper_id)
    return out


def refresh_links(library: Library, paper_ids: Iterable[str]) -> list[str]:
    """Re-render the notes of ``paper_ids`` and of the papers they relate to with current links.

    A note whose generated part the user edited by hand is backed up first (as ingest does); its
    corrections and "My notes" are carried over. A note that cannot be read back safely (its front matter
    broken by hand) is left exactly as it is. Returns the ids of the notes rewritten.
    """
    context = link_context(library)
    rewritten: list[str] = []
    for paper_id in sorted(linked_to(paper_ids, context)):
        try:
            if _relink(library, paper_id, context):
                rewritten.append(paper_id)
        except PaperstudyError:
            continue  # e.g. NoteFormatError: the user's note is never rewritten from a guess
    return rewritten


def _relink(library: Library, paper_id: str, context: LinkContext) -> bool:
    note = Note(
        paper=library.record(paper_id),
        parsed=library.parsed(paper_id),
        related=related_papers(paper_id, context),
    )
    path = library.note_file(paper_id)
    if path.exists():
        current = path.read_text(encoding="utf-8")
        note = with_user_content(note, read_user_content(current, path))
        if current == render_note(note):
            return False
        if library.note_edited_by_hand(paper_id, current):
            library.vault.backup_file(path, "edited")
    library.save(note, render_note(note), pdf_source=None)
    return True
