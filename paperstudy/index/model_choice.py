"""Which encoder serves a library: vectors are only ever compared with vectors of the same model id.

Every stored vector carries its model id. When ``PAPERSTUDY_EMBEDDING_MODEL`` is unset, a library whose
vectors were made by another model we can rebuild from its id (the old default all-MiniLM-L6-v2, ``hash``,
an older static table is not rebuildable) keeps being searched — and extended by ``ingest`` — with that
model, so a change of the default never leaves a library unsearchable or half one model, half another.
``reindex`` always uses the configured (or default) model: it is how a library moves to a new model.
When the model cannot be followed, ``find`` ranks by keywords and says to run ``paperstudy reindex``.
"""

from __future__ import annotations

import re
import sqlite3
from dataclasses import dataclass
from pathlib import Path

from paperstudy.index.embed import (
    BUNDLED_NAME,
    HASH_MODEL,
    MAX_TOKENS,
    MINILM_MODEL,
    Encoder,
    HashEncoder,
    SentenceTransformerEncoder,
    get_encoder,
)
from paperstudy.index.vectors import models_in_index

_HASH_ID = re.compile(rf"^{HASH_MODEL}-(\d+)$")
_ST_ID = re.compile(r"^(.+)@(\d+)$")


def encoder_for_model_id(model_id: str) -> Encoder | None:
    """An encoder that makes vectors with exactly this model id, or None when it cannot be rebuilt here."""
    from paperstudy.index.static_encoder import StaticEncoder

    static = get_encoder(None)
    if isinstance(static, StaticEncoder) and static.model_id == model_id:
        return static
    match = _HASH_ID.match(model_id)
    if match:
        return HashEncoder(int(match.group(1)))
    match = _ST_ID.match(model_id)
    if match:
        name, tokens = match.group(1), int(match.group(2))
        if name == BUNDLED_NAME and tokens == MAX_TOKENS:
            return get_encoder(MINILM_MODEL)
        if name == BUNDLED_NAME or Path(name).is_dir():
            path = None if name == BUNDLED_NAME else name
            return _FOLLOWED.setdefault(model_id, SentenceTransformerEncoder(path, max_tokens=tokens))
    return None


_FOLLOWED: dict[str, Encoder] = {}
"""One instance per followed model id, so a model loads once per process."""


@dataclass(frozen=True)
class Choice:
    encoder: Encoder
    notice: str | None = None
    """What the user should know (the library is on an older model, or mixes models)."""


def library_encoder(db: sqlite3.Connection, configured: str | None) -> Choice:
    """The encoder to search and extend the library with, given ``PAPERSTUDY_EMBEDDING_MODEL``."""
    wanted = get_encoder(configured)
    models = models_in_index(db)
    if not models:
        return Choice(wanted)
    if wanted.model_id in models:
        return Choice(wanted, _mixed_notice(models, wanted.model_id))
    stored = next(iter(models))  # the model of most passages
    if configured is None:
        followed = encoder_for_model_id(stored)
        if followed is not None:
            notice = (
                f"the library's vectors were made with {stored}; searching with it (run `paperstudy "
                f"reindex` to move to the default model, {wanted.model_id})"
            )
            mixed = _mixed_notice(models, stored)
            return Choice(followed, notice if mixed is None else f"{notice}; {mixed}")
    return Choice(wanted)


def _mixed_notice(models: dict[str, int], used: str) -> str | None:
    others = sum(n for model, n in models.items() if model != used)
    if not others:
        return None
    return (
        f"{others} passages are embedded with another model and are found by keywords only: "
        "run `paperstudy reindex` to re-embed them"
    )
