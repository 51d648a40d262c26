"""The default encoder: a static embedding table distilled from the bundled all-MiniLM-L6-v2 (model2vec).

A static model is one vector per word-piece token: a text's embedding is the mean of its tokens' rows,
L2-normalised. There is no network to run, so it encodes thousands of passages a second on one core and
needs neither torch nor sentence-transformers, only the ``tokenizers`` package and numpy; loading it takes
a few milliseconds, which keeps ``paperstudy find`` under a second from the shell.

The table ships with the package (``paperstudy/data/static-minilm/``: ``embeddings.npy`` in float16,
PCA-reduced, the model's ``tokenizer.json`` and ``meta.json`` with the model id, which names the table's
content hash so vectors from a rebuilt table are never compared with old ones). ``scripts/
build_static_model.py`` rebuilds it offline from the bundled MiniLM with ``model2vec``'s distillation.
Encoding matches ``model2vec.StaticModel.encode`` (tokens without [CLS]/[SEP], unknown tokens dropped,
at most 512 tokens, mean, normalised); a test checks it against model2vec itself.
"""

from __future__ import annotations

import json
import threading
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np
from numpy.typing import NDArray

from paperstudy.errors import ConfigError, SearchIndexError
from paperstudy.index.embed import Vectors

STATIC_DIR = Path(__file__).resolve().parent.parent / "data" / "static-minilm"
STATIC_MODEL = "static"
"""The ``PAPERSTUDY_EMBEDDING_MODEL`` value that names the bundled static model (also the default)."""
MAX_TOKENS = 512
"""Texts are cut at this many tokens (model2vec's default)."""
BATCH_TEXTS = 1024
BULK_TEXTS = 64
"""From this many texts on, the table is averaged in float32 (a query stays on the memory-mapped float16)."""
EMBEDDINGS_FILE = "embeddings.npy"
TOKENIZER_FILE = "tokenizer.json"
META_FILE = "meta.json"


def read_meta(folder: Path) -> dict[str, Any]:
    """The ``meta.json`` of a static model folder (its model id, source, dimensions)."""
    try:
        meta = json.loads((folder / META_FILE).read_text(encoding="utf-8"))
    except (OSError, ValueError) as error:
        raise ConfigError(
            f"the static embedding model in {folder} is missing or damaged ({error}); reinstall paperstudy "
            "or rebuild it with `python scripts/build_static_model.py`"
        ) from error
    if not isinstance(meta, dict) or not isinstance(meta.get("model_id"), str):
        raise ConfigError(f"{folder / META_FILE} has no model_id: run scripts/build_static_model.py")
    return meta


def _vocab_size(tokenizer: Any) -> int:
    """``tokenizer.get_vocab_size()`` without building the whole vocabulary map (which costs tens of
    milliseconds of a query from the shell): the model's tokens plus the added tokens numbered past them."""
    size = int(tokenizer.get_vocab_size(with_added_tokens=False))
    return size + sum(1 for token_id in tokenizer.get_added_tokens_decoder() if token_id >= size)


class StaticEncoder:
    """Mean of per-token vectors from a shipped table; loaded on the first ``encode``."""

    def __init__(self, folder: Path = STATIC_DIR) -> None:
        self.folder = folder
        self._model_id: str | None = None
        self._table: Any = None
        self._table32: NDArray[np.float32] | None = None
        self._tokenizer: Any = None
        self._unk: int | None = None
        self._lock = threading.Lock()

    @property
    def model_id(self) -> str:
        if self._model_id is None:
            self._model_id = str(read_meta(self.folder)["model_id"])
        return self._model_id

    @property
    def dim(self) -> int:
        self._load()
        return int(self._table.shape[1])

    def _load(self) -> None:
        with self._lock:
            if self._table is not None:
                return
            try:
                from tokenizers import Tokenizer
            except ImportError as error:  # pragma: no cover - tokenizers is a core dependency
                raise SearchIndexError(
                    "the tokenizers package is missing: reinstall paperstudy (pip install paperstudy)"
                ) from error
            try:
                table = np.load(self.folder / EMBEDDINGS_FILE, mmap_mode="r")
                tokenizer = Tokenizer.from_file(str(self.folder / TOKENIZER_FILE))
            except Exception as error:  # tokenizers raises plain Exception for a bad file
                raise ConfigError(
                    f"cannot load the static embedding model from {self.folder} ({error}); reinstall "
                    "paperstudy or rebuild it with `python scripts/build_static_model.py`"
                ) from error
            tokenizer.no_padding()
            tokenizer.enable_truncation(MAX_TOKENS)
            unk = getattr(tokenizer.model, "unk_token", None)
            self._unk = tokenizer.token_to_id(unk) if unk else None
            tokens = _vocab_size(tokenizer)
            if tokens != table.shape[0]:
                raise ConfigError(
                    f"the static model in {self.folder} has {table.shape[0]} vectors for "
                    f"{tokens} tokens: rebuild it with scripts/build_static_model.py"
                )
            self._tokenizer = tokenizer
            self._table = table  # float16, memory-mapped: a query touches only its tokens' rows

    def encode(self, texts: Sequence[str]) -> Vectors:
        if not texts:
            return np.zeros((0, 0), dtype=np.float32)
        self._load()
        table = self._float_table() if len(texts) >= BULK_TEXTS else self._table
        out = np.zeros((len(texts), table.shape[1]), dtype=np.float32)
        buffer = np.empty((MAX_TOKENS, table.shape[1]), dtype=table.dtype)
        for start in range(0, len(texts), BATCH_TEXTS):
            batch = list(texts[start : start + BATCH_TEXTS])
            encodings = self._tokenizer.encode_batch_fast(batch, add_special_tokens=False)
            rows = [np.asarray(e.ids, dtype=np.int64) for e in encodings]
            if self._unk is not None:
                rows = [r[r != self._unk] for r in rows]
            for i, ids in enumerate(rows, start=start):
                if len(ids):
                    chunk = buffer[: len(ids)]  # one small reused buffer: fresh large arrays cost page faults
                    np.take(table, ids, axis=0, out=chunk)
                    chunk.mean(axis=0, dtype=np.float32, out=out[i])
        norms = np.linalg.norm(out, axis=1, keepdims=True)
        result: Vectors = (out / np.maximum(norms, 1e-32)).astype(np.float32, copy=False)
        return result

    def _float_table(self) -> NDArray[np.float32]:
        """The table in float32 (twice as fast to average as float16), made once, for bulk encoding."""
        with self._lock:
            if self._table32 is None:
                self._table32 = np.asarray(self._table, dtype=np.float32)
            return self._table32
