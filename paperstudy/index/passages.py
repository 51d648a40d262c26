"""Section-aware passages of about 128 tokens, cut from a ``ParsedPaper``. Pure: paper in, passages out.

A passage never crosses a section boundary or a change of paragraph facet, so every search hit can cite
one section, one facet and the page its first sentence is printed on. Sentences are packed whole until the
next one would pass ``MAX_WORDS`` (≈128 word-piece tokens for English ML prose); a sentence longer than
that is cut into windows. The text that is embedded is prefixed with the paper's title and the section,
which helps dense retrieval tell "the dataset of this paper" from the same words in another context.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

from paperstudy.models import FacetName, ParsedPaper, Passage, Section
from paperstudy.parsing.sentences import clean, split_paragraphs, split_sentences

MAX_WORDS = 96
"""About 128 word-piece tokens: the encoder's truncation length, so nothing we store is cut unseen."""
MIN_WORDS = 8
"""Shorter passages (a stray table cell, a lone heading) are merged into their neighbour or dropped."""


@dataclass(frozen=True)
class _Piece:
    text: str
    page: int
    facet: FacetName


def embed_text(title: str, passage: Passage) -> str:
    """What the encoder sees for a passage: title and section give the words their context."""
    return f"{title}. {passage.section}. {passage.text}"


def text_hash(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def passages_of(paper: ParsedPaper, paper_id: str) -> list[Passage]:
    """All passages of a paper, in reading order: the abstract, then each section's body."""
    pieces: list[tuple[str, list[_Piece]]] = []
    if paper.abstract.strip():
        pieces.append(("Abstract", _sentences(paper.abstract, 1, "other")))
    for section in paper.sections:
        pieces.append((section.title, _section_pieces(paper, section)))
    if not paper.sections:
        for number, page_text in enumerate(paper.pages, start=1):
            pieces.append((f"Page {number}", _sentences(page_text, number, "other")))
    passages: list[Passage] = []
    for title, sentences in pieces:
        for text, page, facet in _pack(sentences):
            passages.append(
                Passage(
                    paper_id=paper_id,
                    position=len(passages),
                    section=title,
                    facet=facet,
                    page=page,
                    text=text,
                )
            )
    return passages


def _section_pieces(paper: ParsedPaper, section: Section) -> list[_Piece]:
    """The section's sentences with their page and facet (per paragraph where the parser gave one)."""
    text = section.text
    paragraphs = split_paragraphs(text) if text.strip() else []
    facets: list[FacetName] = (
        list(section.paragraph_facets)
        if len(section.paragraph_facets) == len(paragraphs)
        else [section.facet] * len(paragraphs)
    )
    starts = _page_starts(paper, section)
    out: list[_Piece] = []
    for paragraph, facet in zip(paragraphs, facets, strict=True):
        body = text[paragraph.start : paragraph.end]
        for span in split_sentences(body):
            offset = paragraph.start + span.start
            page = section.page_start
            for start, number in starts:
                if start <= offset:
                    page = number
            sentence = clean(body[span.start : span.end])
            if sentence:
                out.append(_Piece(sentence, page, facet))
    return out


def _page_starts(paper: ParsedPaper, section: Section) -> list[tuple[int, int]]:
    """(offset in section.text, page) where each page of the section begins, when spans rebuild the text."""
    starts: list[tuple[int, int]] = []
    offset = 0
    for span in section.spans:
        if not 1 <= span.page <= len(paper.pages):
            return [(0, section.page_start)]
        starts.append((offset, span.page))
        offset += span.end - span.start + 1  # spans are joined with "\n"
    return starts or [(0, section.page_start)]


def _sentences(text: str, page: int, facet: FacetName) -> list[_Piece]:
    pieces = [_Piece(clean(text[s.start : s.end]), page, facet) for s in split_sentences(text)]
    return [p for p in pieces if p.text]


def _pack(pieces: list[_Piece]) -> list[tuple[str, int, FacetName]]:
    """Greedy packing of whole sentences into passages of at most MAX_WORDS words."""
    out: list[tuple[str, int, FacetName]] = []
    words: list[str] = []
    page = 1
    facet: FacetName = "other"

    def flush() -> None:
        if words:
            out.append((" ".join(words), page, facet))
            words.clear()

    for piece in pieces:
        piece_words = piece.text.split()
        if words and (piece.facet != facet or len(words) + len(piece_words) > MAX_WORDS):
            flush()
        if not words:
            page, facet = piece.page, piece.facet
        while len(piece_words) > MAX_WORDS:
            words.extend(piece_words[:MAX_WORDS])
            piece_words = piece_words[MAX_WORDS:]
            flush()
            page = piece.page
        words.extend(piece_words)
    flush()
    return _merge_short(out)


def _merge_short(passages: list[tuple[str, int, FacetName]]) -> list[tuple[str, int, FacetName]]:
    """A passage under MIN_WORDS joins the one before it (same section) when that stays small enough."""
    merged: list[tuple[str, int, FacetName]] = []
    for text, page, facet in passages:
        count = len(text.split())
        if count < MIN_WORDS and merged and len(merged[-1][0].split()) + count <= MAX_WORDS + MIN_WORDS:
            prev_text, prev_page, prev_facet = merged[-1]
            merged[-1] = (f"{prev_text} {text}", prev_page, prev_facet)
        elif count >= 3 or not merged:
            merged.append((text, page, facet))
    return [p for p in merged if len(p[0].split()) >= 3]
