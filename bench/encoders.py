"""Encoder candidates in one run: passages/s and search quality (MRR@10 dense and hybrid) beside MiniLM.

Usage: python bench/encoders.py [--notes VAULT] [--corpus DIR] [--static DIR ...] [--no-minilm]

The corpus is ingested once with the ``hash`` encoder (parse and store only) unless ``--notes`` names a
vault; then, for each candidate, a copy of the vault's database has every passage re-embedded (the same
text the indexer embeds: title, section, passage) and ``bench/search_quality.py``'s questions are asked of
it. Candidates: all-MiniLM-L6-v2 through sentence-transformers (today's model, the baseline), the bundled
static model and any other static model folder given with ``--static`` (e.g. another PCA size written by
``scripts/build_static_model.py --out``). Speed is encode time alone over all passages, after a warm-up;
model load is timed separately. Also prints how many passages are references or duplicates (what
"fewer passages" could save).
"""

from __future__ import annotations

import argparse
import shutil
import sqlite3
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from search_quality import evaluate, load_questions  # noqa: E402

from paperstudy.index.embed import Encoder, SentenceTransformerEncoder  # noqa: E402
from paperstudy.index.static_encoder import STATIC_DIR, StaticEncoder  # noqa: E402
from paperstudy.index.vectors import pack_vector  # noqa: E402
from paperstudy.settings import Settings  # noqa: E402
from paperstudy.store import Library, Vault  # noqa: E402


def passage_texts(db_path: Path) -> tuple[list[int], list[str]]:
    db = sqlite3.connect(db_path)
    rows = db.execute(
        "SELECT p.id, pa.title, p.section, p.text FROM passages p JOIN papers pa ON pa.id = p.paper_id"
        " ORDER BY p.id"
    ).fetchall()
    db.close()
    return [int(r[0]) for r in rows], [f"{r[1]}. {r[2]}. {r[3]}" for r in rows]


def fewer_passages(db_path: Path) -> None:
    db = sqlite3.connect(db_path)
    total = db.execute("SELECT count(*) FROM passages").fetchone()[0]
    refs = db.execute(
        "SELECT count(*) FROM passages WHERE lower(section) LIKE '%reference%'"
        " OR lower(section) LIKE '%bibliograph%'"
    ).fetchone()[0]
    dups = total - db.execute("SELECT count(DISTINCT text) FROM passages").fetchone()[0]
    db.close()
    print(
        f"fewer passages: {total} passages, {refs} in reference sections ({refs / total:.1%}),"
        f" {dups} duplicate texts ({dups / total:.1%}) — at most {(refs + dups) / total:.1%} less to encode"
    )


def measure(name: str, encoder: Encoder, vault: Path, ids: list[int], texts: list[str]) -> tuple[str, float]:
    start = time.perf_counter()
    encoder.encode(texts[:8])
    load_s = time.perf_counter() - start
    start = time.perf_counter()
    vectors = encoder.encode(texts)
    encode_s = time.perf_counter() - start
    copy = Path(tempfile.mkdtemp(prefix="paperstudy-enc-")) / "vault"
    shutil.copytree(vault, copy, ignore=shutil.ignore_patterns("cache"))
    with Library(Vault(copy)) as library, library.transaction() as db:
        db.executemany(
            "UPDATE passages SET model = ?, vector = ? WHERE id = ?",
            [(encoder.model_id, pack_vector(v), i) for i, v in zip(ids, vectors, strict=True)],
        )
    with Library(Vault(copy)) as library:
        table = evaluate(library, encoder, load_questions(), modes=("dense", "hybrid"))
    shutil.rmtree(copy.parent, ignore_errors=True)
    rate = len(texts) / encode_s
    line = (
        f"{name:34s} {vectors.shape[1]:5d} {load_s:7.2f}s {rate:9.1f}  "
        f"{table['dense'][0]:8.3f} {table['hybrid'][0]:8.3f}"
    )
    return line, rate


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--notes", type=Path)
    parser.add_argument("--corpus", type=Path, default=ROOT.parent / "shared" / "corpus")
    parser.add_argument("--static", type=Path, action="append", default=[])
    parser.add_argument("--no-minilm", action="store_true", help="skip the sentence-transformers baseline")
    args = parser.parse_args()
    vault = args.notes
    if vault is None:
        pdfs = sorted((args.corpus / "pdfs").glob("*.pdf"))
        if not pdfs:
            print(f"no corpus at {args.corpus}: nothing to measure")
            return 0
        from paperstudy.pipeline import ingest_files

        vault = Path(tempfile.mkdtemp(prefix="paperstudy-encoders-")) / "vault"
        print(f"ingesting {len(pdfs)} PDFs with the hash encoder into {vault} …", flush=True)
        ingest_files(pdfs, "corpus", Settings(notes=vault, embedding_model="hash"))
    db_path = Vault(vault).db_path
    ids, texts = passage_texts(db_path)
    keyword = evaluate_keyword(vault)
    print(f"{len(texts)} passages; BM25-only MRR@10 {keyword:.3f}")
    fewer_passages(db_path)
    candidates: list[tuple[str, Encoder]] = []
    if not args.no_minilm:
        candidates.append(("MiniLM-L6 (sentence-transformers)", SentenceTransformerEncoder()))
    candidates.append((f"static {STATIC_DIR.name} (bundled)", StaticEncoder()))
    candidates += [(f"static {folder.name}", StaticEncoder(folder)) for folder in args.static]
    print(f"\n{'encoder':34s} {'dims':>5s} {'load':>8s} {'pass./s':>9s}  {'dense':>8s} {'hybrid':>8s}")
    rates: list[float] = []
    for name, encoder in candidates:
        line, rate = measure(name, encoder, vault, ids, texts)
        rates.append(rate)
        print(line, flush=True)
    if not args.no_minilm:
        for (name, _), rate in zip(candidates[1:], rates[1:], strict=True):
            print(f"speed ratio {name} / MiniLM: {rate / rates[0]:.1f}")
    return 0


def evaluate_keyword(vault: Path) -> float:
    from paperstudy.index.embed import HashEncoder

    with Library(Vault(vault)) as library:
        return evaluate(library, HashEncoder(), load_questions(), modes=("keyword",))["keyword"][0]


if __name__ == "__main__":
    raise SystemExit(main())
