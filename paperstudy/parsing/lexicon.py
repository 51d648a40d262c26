"""Word lists for entity extraction: stop words for names, well-known datasets and metrics, size nouns,
metric-name aliases; the name lists are compiled by ``word_alternation`` into fast word patterns. The
patterns that use them live in ``entities``."""

from __future__ import annotations

import re

# Words that are capitalised for grammar, not because they name something.
_NAME_STOP_WORDS = (
    "the te a an our this these those that in on for we each all both two three four five several "
    "public real table figure fig section sections experiments experimental experiment results "
    "result large small other new training test testing validation original different same following "
    "and of from with by one standard existing many most some such then however also while which "
    "where when it its is are was note here thus since as to at given using use used compared "
    "evaluation eval appendix gpu gpus cpu cpus first second third last full entire whole synthetic "
    "real-world benchmark baseline baselines model models method methods datasets dataset data "
    "corpus"
)
NAME_STOP = frozenset(_NAME_STOP_WORDS.split())
# Characters besides its two cases that Python's case-insensitive matching takes for an ASCII letter
# (``test_lexicon`` checks every code point).
_CASE_EXTRAS = {"i": "\u0130\u0131", "k": "\u212a", "s": "\u017f"}


def word_alternation(
    cased: tuple[str, ...], uncased: tuple[str, ...] = (), skip_to_first: bool = True
) -> re.Pattern[str]:
    r"""``(?<![\w-])(?:A|B|…|(?i:X|Y|…))(?![\w-])`` over the alternatives, spelled for speed.

    The alternatives are grouped by their first character, in order (at one position only one group can
    match, so leftmost-first matching picks the same alternative), and each case-insensitive one is
    spelled once per case of its first letter: every group then opens with a literal, which the regex
    engine tests before trying the group, instead of trying every alternative at every word.
    ``skip_to_first`` moves the word-start test after the first character (``(?<![\w-].)``, the same test
    one character later): the engine then knows the possible first characters and skips to them, a win
    when they are few (mostly capitals)."""
    groups: dict[str, list[str]] = {}
    for alt in cased:
        _check(alt)
        groups.setdefault(alt[0], []).append(alt[1:])
    for alt in uncased:
        _check(alt)
        first = alt[0].lower()
        for case in dict.fromkeys(first + first.upper() + _CASE_EXTRAS.get(first, "")):
            groups.setdefault(case, []).append(f"(?i:{alt[1:]})")
    after = r"(?<![\w-].)" if skip_to_first else ""
    body = "|".join(f"{first}{after}(?:{'|'.join(rests)})" for first, rests in groups.items())
    return re.compile(("" if skip_to_first else r"(?<![\w-])") + rf"(?:{body})(?![\w-])")


def _check(alt: str) -> None:
    if not alt[0].isalnum() or alt[1:2] in ("?", "*", "+", "{"):
        raise ValueError(f"an alternative must open with a plain letter or digit: {alt!r}")


# Matched as printed (case-sensitive): "yelp" or "glue" in running text names nothing.
_DATASET_NAMES = (
    *("ImageNet", r"ILSVRC(?:[ -]?20\d\d)?", "CIFAR-?10{1,2}", "MNIST", "Fashion-MNIST", "SVHN"),
    *("MS[ -]COCO", "COCO", r"PASCAL VOC(?: 20\d\d)?", "Cityscapes", "ADE20K", r"Kinetics(?:-\d+)?"),
    *("UCF-?101", "CelebA", "LSUN", "Penn Treebank", r"WikiText-\d+"),
    *(r"WMT ?(?:20)?1\d(?: English-(?:German|French))?", "IWSLT", "SQuAD", "SuperGLUE", "GLUE"),
    *("MultiNLI", "SNLI", r"CoNLL(?:-20\d\d)?", "OntoNotes", "BookCorpus", "MS MARCO", "ROCStories"),
    *("Cora", "Citeseer", "CiteSeer", "Pubmed", "PubMed", "NELL", "PPI", r"ogbn-\w+", r"MovieLens(?:-\w+)?"),
    *("Netflix Prize", "Yelp", "Criteo", "Avazu", "iPinYou", "KDD ?Cup", "Yahoo! R3", r"Last\.fm"),
    *("Epinions", "Douban", "Taobao", "Tmall", "Higgs", "HIGGS", "Covertype", "M4", "M5", "LendingClub"),
    *("German Credit", "IEEE-CIS", "Amazon Reviews", "Book-Crossing", "Frappe"),
    # recommendation, click and session logs
    *("Gowalla", "Yelp2018", "Amazon-Book", "Foursquare", "Pinterest", "LastFM", "KuaiRec", "KuaiRand"),
    *("Outbrain", "Avito", "Ali-CCP", "Adressa", "Goodreads", "Diginetica", "Yoochoose", "Retailrocket"),
    # graphs, fraud, forecasting
    *("BlogCatalog", "DBLP", "Amazon Computers", "Amazon Photo", r"Coauthor (?:CS|Physics)", "Wiki-CS"),
    *("YelpChi", "Elliptic", "PaySim", "T-Finance", r"ETT[hm][12]", "M3"),
    # language, vision and search benchmarks (not the tasks of a suite: "QQP" is a part of GLUE)
    *("TriviaQA", "Natural Questions", "HotpotQA", "XNLI"),
    *("BooksCorpus", "CNN/Daily Mail", "XSum", "Gigaword", "Places365", "Open Images", "CUB-200-2011"),
    *("iNaturalist", "KITTI", "ShapeNet", "ClueWeb09", "ClueWeb12", "Robust04"),
)
DATASET_LEXICON = word_alternation(_DATASET_NAMES)
# Acronyms as printed, then plain words in any case.
_METRIC_CASED = (
    *("GAUC", "AUC", "ROC-AUC", "RelaImpr", r"NDCG(?:@\w+)?", r"nDCG(?:@\w+)?", r"DCG(?:@\w+)?"),
    *(r"MAP(?:@\w+)?", "mAP", "MRR", r"HR@\w+", r"BLEU(?:-\d)?", "ROUGE(?:-[L12])?", "METEOR", "CIDEr"),
    *("RMSE", "MAE", "MSE", "MAD", "sMAPE", "MAPE", "WMAPE", "MAPE", "CRPS", "EMD", "mIoU", "IoU"),
    *("PSNR", "SSIM", "FID", "EER", "Micro-?F1", "micro-?F1", "Macro-?F1", "macro-?F1"),
    *("F1(?:-score)?", "F-measure", "FLOPs", "QPS"),
    *("AUPRC", "AUROC", "PR-AUC", r"Hits@\w+", "MASE", "RMSSE", "WAPE", "WER", "CER", "NLL", "ECE"),
)
_METRIC_UNCASED = (
    *("log ?loss", "perplexity", r"top-[15] (?:error|accuracy|err\.)"),
    *("classification accuracy", "mean accuracy", "accuracy", "precision", r"recall(?:@\w+)?"),
    *("error rate", "hit (?:rate|ratio)", "training time", "inference time", "wall-clock time"),
    *("latency", "throughput", "training cost", "area under (?:the )?(?:roc )?curve"),
    *("mean average precision", "average precision", "mean reciprocal rank"),
    *("normali[sz]ed discounted cumulative gain", "discounted cumulative gain", "click[- ]?through rate"),
    *("intra-list similarity", "earth mover'?s distance", "PPL"),
)
# Its first characters are most letters: skipping to them gains nothing, the word-start test first does.
METRIC_LEXICON = word_alternation(_METRIC_CASED, _METRIC_UNCASED, skip_to_first=False)
SIZE = re.compile(
    r"(?:∼|~|about |over |nearly |more than )?\d[\d,.]*\s*(?:[KMB]\b|k\b|thousand|million|billion)?\s*"
    r"(?:users|items|records|samples|examples|instances|queries|documents|nodes|edges|images|sentences"
    r"|sentence pairs|pairs|stories|clicks|impressions|ratings|interactions|days|GB|TB|tokens|words"
    r"|apps|ads|stores|products|transactions)\b",
    re.IGNORECASE,
)


# Head nouns alone and hyper-parameters are not metrics.
NOT_METRICS = frozenset(
    {"the", "a", "training", "learning", "error", "time", "loss", "cost", "rate", "score", "gain", "train"}
    | {"mean", "dev", "learning rate", "dropout rate", "error rate", "decay rate"}
    # Hyper-parameters and regularisers are studied "in terms of", but they are settings, not metrics.
    | {"dropout", "batch size", "embedding size", "momentum", "weight decay", "regularization"}
    | {"regularisation", "epochs", "epoch"}
    # "in terms of performance / scope / quality" names what is compared, not how it is measured.
    | {"performance", "scope", "quality", "efficiency", "effectiveness", "complexity", "speed"}
)


METRIC_ALIASES = {
    "area under roc curve": "AUC",
    "area under the roc curve": "AUC",
    "area under curve": "AUC",
    "log loss": "Logloss",
    "logloss": "Logloss",
    "log-loss": "Logloss",
    "ppl": "Perplexity",
    "hit ratio": "HR",
    "hit rate": "HR",
    "discounted cumulative gain": "DCG",
    "normalized discounted cumulative gain": "NDCG",
    "normalised discounted cumulative gain": "NDCG",
    "click through rate": "CTR",
    "click-through rate": "CTR",
    "clickthrough rate": "CTR",
    "mean average precision": "MAP",
    "mean reciprocal rank": "MRR",
    "intra-list similarity": "ILS",
    "micro-f1": "Micro-F1",
    "macro-f1": "Macro-F1",
    "microf1": "Micro-F1",
    "macrof1": "Macro-F1",
}

METRIC_HEAD = re.compile(
    r"\b(accuracy|error|loss|rate|score|time|cost|gain|latency|precision|recall|distance|divergence|entropy"
    r"|likelihood|perplexity|diversity|throughput|correlation|coverage|ratio)\b",
    re.IGNORECASE,
)
# Plain words are weak evidence ("model accuracy" in an introduction); acronyms and patterns are strong.
GENERIC_METRIC = re.compile(
    r"(?i)(classification |mean )?accuracy|precision|recall|training time|inference time|latency|throughput"
    r"|training cost|FLOPs|IoU|error rate"
)
