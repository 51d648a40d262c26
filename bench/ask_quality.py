"""Answer quality on the shared corpus: the share of questions whose first answer sentence comes from a
right paper, against the share whose top passage does (the same search, the same run).

Usage: python bench/ask_quality.py [--notes VAULT] [--corpus ../shared/corpus]
Without --notes the corpus is ingested into a temporary vault first (as bench/search_quality.py does).
Target: at least 10 of every 12 questions (0.833).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

TARGET = 10 / 12


def main() -> int:
    from search_quality import corpus_library, load_questions, slugs_to_ids

    from paperstudy.index.embed import get_encoder
    from paperstudy.service.ask import ask_in
    from paperstudy.settings import Settings
    from paperstudy.store import Library, Vault

    parser = argparse.ArgumentParser()
    parser.add_argument("--notes", type=Path)
    parser.add_argument("--corpus", type=Path, default=ROOT.parent / "shared" / "corpus")
    parser.add_argument("--verbose", "-v", action="store_true", help="Print each miss.")
    args = parser.parse_args()
    questions = load_questions()
    notes = corpus_library(args.notes, args.corpus)
    if notes is None:
        return 0
    encoder = get_encoder(Settings(notes=notes).embedding_model)
    with Library(Vault(notes)) as library:
        slug_to_id = slugs_to_ids(library)
        print(f"{len(questions)} questions over {len(slug_to_id)} papers, model {encoder.model_id}\n")
        answered = top_passage = sentences = 0
        for item in questions:
            right = {slug_to_id[s] for s in item["papers"] if s in slug_to_id}
            result = ask_in(library, item["q"], encoder)
            sentences += len(result.answer)
            top_passage += bool(result.hits) and result.hits[0].paper_id in right
            if result.answer and result.answer[0].paper_id in right:
                answered += 1
            elif args.verbose:
                first = result.answer[0] if result.answer else None
                print(f"MISS {item['q']!r}\n     {first}\n")
    share = answered / len(questions)
    baseline = top_passage / len(questions)
    print(f"first answer sentence from a right paper: {answered}/{len(questions)} = {share:.3f}")
    print(f"top passage from a right paper (baseline): {top_passage}/{len(questions)} = {baseline:.3f}")
    print(f"ratio to the baseline: {share / baseline if baseline else 0.0:.3f}")
    print(f"sentences per answer: {sentences / len(questions):.2f}")
    print(f"target {TARGET:.3f} (10 of every 12): {'met' if share >= TARGET else 'NOT met'}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
