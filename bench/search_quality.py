"""Search quality on the shared corpus: MRR@10 and recall@5 (paper level) for BM25, dense and hybrid.

Usage: python bench/search_quality.py [--notes VAULT] [--corpus ../shared/corpus]
Without --notes the corpus is ingested into a temporary vault first (about 2–3 minutes on 2 cores).
Questions and their right papers (corpus slugs) are in bench/questions.json; a paper's slug is matched to
its library id through the file name it was ingested from.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
from collections.abc import Sequence
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from paperstudy.index.embed import Encoder  # noqa: E402
from paperstudy.index.search import find  # noqa: E402
from paperstudy.store import Library, Vault  # noqa: E402

MODES = ("keyword", "dense", "hybrid")


def paper_ranking(hits: list[str], k: int) -> list[str]:
    seen: list[str] = []
    for paper in hits:
        if paper not in seen:
            seen.append(paper)
    return seen[:k]


def evaluate(
    library: Library, encoder: Encoder, questions: list[dict[str, Any]], modes: Sequence[str] = MODES
) -> dict[str, tuple[float, float]]:
    """MRR@10 and recall@5 (paper level) of each ``find`` mode over the questions."""
    slug_to_id = slugs_to_ids(library)
    table: dict[str, tuple[float, float]] = {}
    for mode in modes:
        rr, recall = 0.0, 0.0
        for item in questions:
            right = {slug_to_id[s] for s in item["papers"] if s in slug_to_id}
            hits = find(library, item["q"], encoder, limit=50, mode=mode).hits  # type: ignore[arg-type]
            ranked = paper_ranking([h.paper_id for h in hits], 10)
            first = next((i for i, p in enumerate(ranked, start=1) if p in right), None)
            rr += 1.0 / first if first else 0.0
            recall += len(right & set(ranked[:5])) / min(len(right), 5) if right else 0.0
        table[mode] = (rr / len(questions), recall / len(questions))
    return table


def load_questions() -> list[dict[str, Any]]:
    """The benchmark's questions: ``{"q": text, "papers": [corpus slugs of the right papers]}``."""
    questions: list[dict[str, Any]] = json.loads((ROOT / "bench" / "questions.json").read_text())
    return questions


def corpus_library(notes: Path | None, corpus: Path) -> Path | None:
    """``notes`` if given, else a temporary vault with every PDF of ``corpus`` ingested; None (after
    saying so) when there is no corpus."""
    from paperstudy.pipeline import ingest_files
    from paperstudy.settings import Settings

    if notes is not None:
        return notes
    pdfs = sorted((corpus / "pdfs").glob("*.pdf"))
    if not pdfs:
        print(f"no corpus at {corpus}: nothing to measure")
        return None
    notes = Path(tempfile.mkdtemp(prefix="paperstudy-quality-")) / "vault"
    print(f"ingesting {len(pdfs)} PDFs into {notes} …", flush=True)
    ingest_files(pdfs, "corpus", Settings(notes=notes))
    return notes


def slugs_to_ids(library: Library) -> dict[str, str]:
    """Corpus slug (the PDF's file name) → library id."""
    return {Path(r.source_path or "").stem: r.id for r in library.records()}


def main() -> int:
    from paperstudy.index.embed import get_encoder
    from paperstudy.settings import Settings

    parser = argparse.ArgumentParser()
    parser.add_argument("--notes", type=Path)
    parser.add_argument("--corpus", type=Path, default=ROOT.parent / "shared" / "corpus")
    args = parser.parse_args()
    questions = load_questions()
    notes = corpus_library(args.notes, args.corpus)
    if notes is None:
        return 0
    settings = Settings(notes=notes)
    encoder = get_encoder(settings.embedding_model)
    with Library(Vault(notes)) as library:
        print(f"{len(questions)} questions, model {encoder.model_id}\n")
        table = evaluate(library, encoder, questions)
    names = {"keyword": "BM25 only", "dense": "dense only", "hybrid": "hybrid (by paper)"}
    print(f"{'':14} {'MRR@10':>8} {'recall@5':>9}")
    for mode, (mrr, rec) in table.items():
        print(f"{names[mode]:14} {mrr:8.3f} {rec:9.3f}")
    best_single = max(table["keyword"][0], table["dense"][0])
    verdict = "beats" if table["hybrid"][0] > best_single else "does NOT beat"
    print(
        f"\nhybrid MRR@10 {verdict} both single rankers"
        f" (ratio to the best one: {table['hybrid'][0] / best_single:.3f})"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
