"""The bundled static encoder, the PAPERSTUDY_EMBEDDING_MODEL values, and which model serves a library."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

from paperstudy.index.embed import HashEncoder, SentenceTransformerEncoder, get_encoder
from paperstudy.index.indexing import Indexer
from paperstudy.index.model_choice import encoder_for_model_id, library_encoder
from paperstudy.index.search import find
from paperstudy.index.static_encoder import STATIC_DIR, StaticEncoder, read_meta
from paperstudy.pipeline import ingest_files
from paperstudy.reindex import reindex
from paperstudy.settings import Settings
from paperstudy.store import Library, Vault
from tests.index.helpers import JsonParser, write_paper

TEXTS = [
    "Deep interest network for click-through rate prediction in online advertising.",
    "A CTR model learns user interest from the behaviour sequence to predict clicks on ads.",
    "Protein structures are predicted from amino-acid sequences by the folding network.",
    "",
    "☃ zzzqqq",
    "word " * 700,
]


def test_static_encoder_gives_unit_rows_that_keep_meaning() -> None:
    encoder = StaticEncoder()
    vectors = encoder.encode(TEXTS)
    assert vectors.shape == (len(TEXTS), encoder.dim) and vectors.dtype == np.float32
    norms = np.linalg.norm(vectors, axis=1)
    assert np.allclose(norms[[0, 1, 2, 4, 5]], 1.0, atol=1e-5)
    assert norms[3] == 0.0  # no tokens, no direction
    assert float(vectors[0] @ vectors[1]) > float(vectors[0] @ vectors[2]) + 0.1
    assert np.array_equal(vectors, encoder.encode(TEXTS))
    assert encoder.model_id == read_meta(STATIC_DIR)["model_id"]
    assert encoder.model_id.startswith("static-minilm-l6-")


def test_static_encoder_matches_model2vec() -> None:
    """Our numpy encoding is model2vec's StaticModel.encode (mean of token rows, unknowns dropped)."""
    model2vec = pytest.importorskip("model2vec")
    from tokenizers import Tokenizer

    table = np.load(STATIC_DIR / "embeddings.npy")
    reference = model2vec.StaticModel(
        vectors=table, tokenizer=Tokenizer.from_file(str(STATIC_DIR / "tokenizer.json")), normalize=True
    )
    ours = StaticEncoder().encode(TEXTS)
    theirs = np.asarray(reference.encode(TEXTS, use_multiprocessing=False), dtype=np.float32)
    assert np.abs(ours - theirs).max() < 2e-3  # model2vec averages in float16


def test_a_damaged_static_model_is_a_clear_error(tmp_path: Path) -> None:
    from paperstudy.errors import ConfigError

    with pytest.raises(ConfigError, match="build_static_model"):
        _ = StaticEncoder(tmp_path).model_id
    (tmp_path / "meta.json").write_text(json.dumps({"model_id": "static-x"}))
    with pytest.raises(ConfigError, match="build_static_model"):
        StaticEncoder(tmp_path).encode(["x"])


def test_embedding_model_values() -> None:
    assert isinstance(get_encoder(None), StaticEncoder)
    assert get_encoder("static") is get_encoder(None) is get_encoder(" Static ")
    minilm = get_encoder("minilm")
    assert isinstance(minilm, SentenceTransformerEncoder) and minilm.model_id == "all-MiniLM-L6-v2@128"
    assert isinstance(get_encoder("hash"), HashEncoder)
    assert encoder_for_model_id("all-MiniLM-L6-v2@128") is minilm
    assert encoder_for_model_id(get_encoder(None).model_id) is get_encoder(None)
    rebuilt = encoder_for_model_id("hash-64")
    assert isinstance(rebuilt, HashEncoder) and rebuilt.model_id == "hash-64"
    assert encoder_for_model_id("static-minilm-l6-256d-000000000000") is None  # an older table
    assert encoder_for_model_id("/no/such/model@128") is None


def _models(settings: Settings) -> dict[str, int]:
    with Library(Vault(settings.notes)) as library:
        rows = library.db.execute("SELECT model, count(*) FROM passages GROUP BY model").fetchall()
        return {row[0]: row[1] for row in rows}


def test_after_a_change_of_default_the_library_keeps_its_model(
    library_settings: Settings, tmp_path: Path
) -> None:
    """A library embedded with another (rebuildable) model is searched and extended with that model."""
    default = library_settings.model_copy(update={"embedding_model": None})
    with Library(Vault(default.notes)) as library:
        choice = library_encoder(library.db, None)
        assert choice.encoder.model_id == "hash-256"
        assert choice.notice is not None and "reindex" in choice.notice
        dense = find(library, "graph convolution", choice.encoder, mode="dense")
        assert dense.hits and not dense.notices
    (tmp_path / "more").mkdir()
    extra = write_paper(
        tmp_path / "more", "extra", "Extra paper", 2020, [("Intro", "other", "Boosted trees rank ads well.")]
    )
    assert ingest_files([extra], "recsys", default, parser=JsonParser())[0].status == "ok"
    assert set(_models(default)) == {"hash-256"}  # never a second model in one library


def test_explicit_model_that_differs_says_reindex_and_never_mixes(library_settings: Settings) -> None:
    with Library(Vault(library_settings.notes)) as library:
        choice = library_encoder(library.db, "hash-other-than-stored")
        assert choice.encoder.model_id != "hash-256"
        library.db.execute("UPDATE passages SET model = 'gone-model@128'")
        library.db.commit()
        choice = library_encoder(library.db, None)
        assert choice.encoder is get_encoder(None)  # the stored model cannot be rebuilt here
        result = find(library, "graph convolution", choice.encoder)
        assert any("reindex" in notice for notice in result.notices)
        assert result.hits  # by keywords only
        assert find(library, "graph convolution", choice.encoder, mode="dense").hits == []


def test_mixed_library_is_reported(library_settings: Settings) -> None:
    with Library(Vault(library_settings.notes)) as library:
        first = library.db.execute("SELECT min(id) FROM passages").fetchone()[0]
        library.db.execute("UPDATE passages SET model = 'other@128' WHERE id = ?", (first,))
        library.db.commit()
        choice = library_encoder(library.db, "hash")
        assert choice.encoder.model_id == "hash-256"
        assert choice.notice is not None and "1 passages" in choice.notice and "reindex" in choice.notice


def test_reindex_moves_a_library_to_the_default_model(library_settings: Settings) -> None:
    default = library_settings.model_copy(update={"embedding_model": None})
    report = reindex(default, JsonParser(), Indexer(get_encoder(None)))
    assert all(o.status == "ok" for o in report.outcomes)
    assert set(_models(default)) == {get_encoder(None).model_id}
    with Library(Vault(default.notes)) as library:
        choice = library_encoder(library.db, None)
        assert choice.notice is None
        query = "graph convolutional network on citation graphs"
        hits = find(library, query, choice.encoder, mode="dense").hits
        assert hits and hits[0].paper_id.startswith("convolutions")


def test_hybrid_find_with_the_default_model_never_imports_torch(tmp_path: Path) -> None:
    import os
    import subprocess
    import sys

    from tests.index.helpers import write_corpus

    settings = Settings(notes=tmp_path / "vault", parse_timeout=30, embedding_model=None)
    pdfs = write_corpus(tmp_path / "pdfs")
    assert all(
        o.status == "ok" for o in ingest_files(list(pdfs.values()), "recsys", settings, parser=JsonParser())
    )
    code = (
        "import sys\nfrom paperstudy.cli import app\n"
        f"args = ['find', 'graph convolution', '--notes', {str(settings.notes)!r}, '--json']\n"
        "app(args, standalone_mode=False)\n"
        "print('torch' in sys.modules or 'sentence_transformers' in sys.modules)"
    )
    env = {k: v for k, v in os.environ.items() if k != "PAPERSTUDY_EMBEDDING_MODEL"}
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, env=env)
    assert '"paper_id": "convolutions-2016"' in out.stdout
    assert out.stdout.strip().endswith("False")


def test_the_front_door_follows_the_stored_model(library_settings: Settings) -> None:
    """``service.ask`` (what the CLI and the app call) searches a library with its vectors' model, says
    so for a search that embeds the query, and ranks ``similar`` papers by those vectors."""
    from paperstudy.service import ask

    default = library_settings.model_copy(update={"embedding_model": None})
    found = ask.find(default, "graph convolution", mode="dense")
    assert found.hits and found.hits[0].paper_id.startswith("convolutions")
    assert any("hash-256" in notice and "reindex" in notice for notice in found.notices)
    keyword = ask.find(default, "graph convolution", mode="keyword")
    assert keyword.hits and not any("reindex" in notice for notice in keyword.notices)
    with Library(Vault(default.notes)) as library:
        assert ask.library_encoder(library, None).encoder.model_id == "hash-256"
    paper = found.hits[0].paper_id
    assert [s.paper_id for s in ask.similar(default, paper)]  # the hash vectors, not the default's (none)
