"""Drill quality on the labelled corpus: rubric points per domain, and whether they hold up.

Usage: python bench/drill_quality.py [--corpus DIR] [--detail] [--with-unlabelled]

Each labelled PDF is parsed in process (``parse_pdf``, as bench/parse_quality.py does) into a note of the
domain its truth file names; each domain's drill rubric is then built from its notes. Per domain it prints:
papers, rubric points, the share of points citing a sentence with a page, the share of cited sentences
printed on their cited page (±1, compared letters and digits only), the share of metric points whose
metric some paper of the domain reports according to ``truth/`` (and the ones that are not), the grade of
a strong reference answer written for the domain (below), of an off-topic one and of an empty one, and
the model answer's length. Grading is lexical (no embedding model is loaded). Prints numbers only.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import time
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from corpus_notes import note_from_pdf  # noqa: E402

from paperstudy.index.answer import normalised  # noqa: E402
from paperstudy.models import Note, Rubric  # noqa: E402
from paperstudy.parsing.evaluation import names_match  # noqa: E402
from paperstudy.quiz.drill import default_prompt, drill_rubric  # noqa: E402
from paperstudy.quiz.grade import grade_drill  # noqa: E402

DEFAULT_CORPUS = ROOT.parent / "shared" / "corpus"
OFF_TOPIC = "I would bake bread with flour, water and salt, then let the dough rest overnight in a cold room."
REFERENCE: dict[str, str] = {
    "ctr-prediction": (
        "Goal: predict the click-through rate of an ad impression, to rank ads by expected revenue, within "
        "a latency budget of a few milliseconds. Data: logged impressions; one example is an impression with "
        "its user, ad and context fields, labelled 1 if clicked; clicks are rare, so negatives are "
        "down-sampled and predictions re-calibrated; position bias and sample selection bias affect the "
        "logs. Features: sparse categorical fields, one-hot encoded and hashed, mapped to embeddings; "
        "feature crosses and user behaviour history. Model: start from logistic regression or GBDT as a "
        "baseline, then a factorization machine or a deep model with explicit interactions (DeepFM, DCN); "
        "the trade-off is accuracy against serving cost. Training: log loss (cross-entropy) with SGD or "
        "Adam, retrained often for freshness. Metrics: AUC and logloss, plus calibration. Evaluation: "
        "offline on a later day's data, then an online A/B test on CTR."
    ),
    "recommender-systems": (
        "Goal: recommend items a user will engage with, ranking candidates in real time. Data: implicit "
        "feedback from interaction logs; one example is a user-item pair labelled by a click, install or "
        "rating; negatives are sampled from unobserved items; exposure and position bias affect the logs. "
        "Features: user and item ids as embeddings, user history, context, item content, feature crosses. "
        "Model: a matrix factorization baseline, then a neural model such as Wide & Deep or neural "
        "collaborative filtering: the wide part memorises, the deep part generalises, at a higher serving "
        "cost. Training: cross-entropy or pairwise loss with SGD or Adam, dropout and regularization against "
        "overfitting. Metrics: RMSE for ratings, HR@K, NDCG@K, recall and AUC for ranking, plus diversity. "
        "Evaluation: offline on a held-out test set, then an online A/B test."
    ),
    "graph-neural-networks": (
        "Goal: learn node representations to classify nodes or predict links in a large graph. Data: a "
        "graph of nodes and edges with node features; one example is a node with its label, split into "
        "training, validation and test sets; labels are sparse. Features: node attributes and the "
        "neighbourhood structure from random walks or message passing. Model: a baseline such as DeepWalk "
        "or label propagation, then a graph convolutional network or graph attention network; deeper "
        "models over-smooth and full-batch training is costly, so sampling neighbours scales better. "
        "Training: cross-entropy loss on labelled nodes with Adam, dropout and early stopping. Metrics: "
        "accuracy, Micro-F1 and Macro-F1, AUC for link prediction. Evaluation: offline on the test split "
        "over several random seeds."
    ),
    "search-ranking": (
        "Goal: rank documents by relevance to a query under tight latency. Data: query-document pairs from "
        "click-through logs; one example is a query with a clicked document as positive and unclicked ones "
        "as negatives; position bias affects the clicks. Features: query and document text as word "
        "hashing or embeddings, term matches, document quality. Model: a BM25 or linear baseline, then a "
        "deep semantic model that maps query and document into one space, trading accuracy for cost. "
        "Training: softmax or pairwise loss over clicked documents with SGD. Metrics: NDCG@1, NDCG@3, "
        "NDCG@10. Evaluation: offline on held-out human-labelled queries, then online A/B tests."
    ),
    "time-series-forecasting": (
        "Goal: forecast demand or a signal per series and horizon, with its uncertainty, for planning. "
        "Data: historical observations per series; one example is a series, a time and its target value, "
        "with revisions arriving late. Features: lags, calendar and seasonality, prices and promotions. "
        "Model: a naive or exponential smoothing baseline, then gradient boosting or a probabilistic model "
        "predicting a full distribution; simpler models are easier to explain. Training: a likelihood or "
        "quantile loss, retrained as data drifts. Metrics: MAD, MSE and calibration of the predicted "
        "distributions. Evaluation: offline backtesting on a later period, then online monitoring."
    ),
    "nlp": (
        "Goal: generate or translate text for a task such as story completion or translation. Data: pairs "
        "of source and target sentences; one example is a context with its target text, split into "
        "training, validation and test sets. Features: tokens as sub-word embeddings with positions. Model: "
        "a recurrent sequence-to-sequence baseline, then a Transformer with self-attention, faster to train "
        "in parallel but costly for long inputs. Training: cross-entropy loss with Adam, dropout and label "
        "smoothing. Metrics: BLEU and perplexity, diversity and human judgements. Evaluation: offline on "
        "test sets, with human evaluation."
    ),
    "computer-vision": (
        "Goal: classify images or detect objects accurately at acceptable cost. Data: labelled images; one "
        "example is an image with its class label or boxes, split into training, validation and test sets. "
        "Features: raw pixels with data augmentation. Model: a plain convolutional network baseline, then "
        "a deeper residual network; depth improves accuracy but plain deep networks degrade, which "
        "shortcut connections fix. Training: cross-entropy loss with SGD and momentum, batch "
        "normalization, weight decay. Metrics: top-1 and top-5 error, mAP for detection. Evaluation: "
        "offline on the validation and test sets."
    ),
}


def _note(pdf: Path, slug: str, domain: str) -> Note:
    return note_from_pdf(pdf, slug, domain)


def _truth_names(name: str) -> list[str]:
    """A truth metric and the variants it lists in parentheses: "BLEU (B1, B2, B3)" → BLEU, B1, B2, B3."""
    inner = [part.strip() for group in re.findall(r"\((.*?)\)", name) for part in group.split(",")]
    return [name, *(part for part in inner if part)]


def unlabelled_domains(corpus: Path) -> dict[str, str]:
    """Slug → domain of the PDFs SOURCES.md lists (its table's slug and domain columns)."""
    out: dict[str, str] = {}
    sources = corpus / "SOURCES.md"
    if not sources.is_file():
        return out
    for line in sources.read_text(encoding="utf-8").splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if len(cells) > 6 and re.fullmatch(r"[a-z0-9-]+", cells[0]) and re.fullmatch(r"[a-z0-9-]+", cells[5]):
            out[cells[0]] = cells[5]
    return out


def load_notes(
    corpus: Path, with_unlabelled: bool = False
) -> tuple[dict[str, list[Note]], dict[str, list[str]]]:
    """Domain → notes parsed from the labelled PDFs (and, asked to, the unlabelled ones SOURCES.md
    places in a domain); domain → every metric name the labelled papers' truth lists."""
    notes: dict[str, list[Note]] = defaultdict(list)
    metrics: dict[str, list[str]] = defaultdict(list)
    labelled: set[str] = set()
    for path in sorted((corpus / "truth").glob("*.json")):
        truth = json.loads(path.read_text(encoding="utf-8"))
        pdf = corpus / truth.get("pdf", f"pdfs/{path.stem}.pdf")
        if not pdf.is_file():
            continue
        domain = str(truth["domain"])
        labelled.add(path.stem)
        notes[domain].append(_note(pdf, path.stem, domain))
        metrics[domain].extend(n for m in truth.get("metrics", []) for n in _truth_names(str(m)))
    if with_unlabelled:
        for slug, domain in sorted(unlabelled_domains(corpus).items()):
            pdf = corpus / "pdfs" / f"{slug}.pdf"
            if slug not in labelled and domain in notes and pdf.is_file():
                notes[domain].append(_note(pdf, slug, domain))
    return notes, metrics


def printed_share(rubric: Rubric, notes: list[Note]) -> tuple[int, int]:
    """(cited sentences printed on their page ±1, cited sentences)."""
    pages = {n.paper.id: [normalised(p) for p in n.parsed.pages] for n in notes}
    found = total = 0
    for point in rubric.points:
        for source in point.sources:
            total += 1
            key = normalised(source.text)
            texts = pages.get(source.paper_id or "", [])
            near = range(max(1, (source.page or 1) - 1), min(len(texts), (source.page or 1) + 1) + 1)
            found += bool(key) and any(key in texts[number - 1] for number in near)
    return found, total


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    parser.add_argument("--detail", action="store_true", help="list each domain's points and model answer")
    parser.add_argument(
        "--with-unlabelled",
        action="store_true",
        help="add the unlabelled PDFs SOURCES.md places in a labelled domain (metrics still judged by the "
        "labelled papers' truth only)",
    )
    args = parser.parse_args()
    if not (args.corpus / "truth").is_dir():
        print(f"no truth files under {args.corpus / 'truth'}")
        return
    notes, truth_metrics = load_notes(args.corpus, args.with_unlabelled)
    print(
        f"{'domain':<24} {'papers':>6} {'points':>6} {'cited':>6} {'printed':>8} {'metrics ok':>10} "
        f"{'ref':>5} {'off':>5} {'empty':>5} {'answer':>6}"
    )
    all_points = all_cited = all_printed = all_sources = all_metric = all_metric_ok = 0
    for domain in sorted(notes):
        rubric = drill_rubric(notes[domain], domain, default_prompt(domain))
        points = rubric.points
        cited = sum(1 for p in points if any(s.text and s.page for s in p.sources))
        printed, sources = printed_share(rubric, notes[domain])
        metric_points = [p for p in points if p.id.startswith("metrics:") and ":problem:" not in p.id]
        names = [p.label.removeprefix("Evaluate with ").split(", as ")[0] for p in metric_points]
        wrong = [n for n in names if not any(names_match(n, t) for t in truth_metrics[domain])]
        reference = grade_drill(rubric, REFERENCE.get(domain, "")).score
        off = grade_drill(rubric, OFF_TOPIC).score
        empty = grade_drill(rubric, "").score
        ok = f"{len(names) - len(wrong)}/{len(names)}"
        print(
            f"{domain:<24} {len(notes[domain]):>6} {len(points):>6} {cited / max(1, len(points)):>6.2f} "
            f"{printed / max(1, sources):>8.2f} {ok:>10} {reference:>5.2f} {off:>5.2f} {empty:>5.2f} "
            f"{len(rubric.model_answer):>6}"
        )
        if wrong:
            print(f"  metric points no labelled paper of the domain reports: {', '.join(wrong)}")
        if args.detail:
            for point in points:
                cites = "; ".join(f"{s.paper_id} p. {s.page}" for s in point.sources)
                print(f"  [{point.stage}] {point.label}  ({cites})")
            for part in rubric.model_answer:
                print(f"  > {part.stage}: {part.text[:110]} ({part.source.paper_id} p. {part.source.page})")
        all_points += len(points)
        all_cited += cited
        all_printed += printed
        all_sources += sources
        all_metric += len(names)
        all_metric_ok += len(names) - len(wrong)
    print(
        f"ALL: {all_points} points, {all_cited / max(1, all_points):.2f} citing a sentence with its page, "
        f"{all_printed / max(1, all_sources):.2f} of {all_sources} cited sentences on their page (±1), "
        f"metric points reported by a domain paper {all_metric_ok}/{all_metric}"
    )


if __name__ == "__main__":
    start = time.perf_counter()
    main()
    print(f"elapsed {time.perf_counter() - start:.1f}s")
