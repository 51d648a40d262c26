"""Word lists for entity extraction: stop words for names, well-known datasets and metrics, size nouns,
metric-name aliases. Data only; the patterns that use them live in ``entities``."""

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
# Matched as printed (case-sensitive): "yelp" or "glue" in running text names nothing.
DATASET_LEXICON = re.compile(
    r"(?<![\w-])(?:ImageNet|ILSVRC(?:[ -]?20\d\d)?|CIFAR-?10{1,2}|MNIST|Fashion-MNIST|SVHN"
    r"|(?:MS[ -])?COCO|PASCAL VOC(?: 20\d\d)?|Cityscapes|ADE20K|Kinetics(?:-\d+)?|UCF-?101|CelebA|LSUN"
    r"|Penn Treebank"
    r"|WikiText-\d+|WMT ?(?:20)?1\d(?: English-(?:German|French))?|IWSLT|SQuAD|SuperGLUE|GLUE|MultiNLI"
    r"|SNLI|CoNLL(?:-20\d\d)?|OntoNotes|BookCorpus|MS MARCO|ROCStories|Cora|Citeseer|CiteSeer|Pubmed"
    r"|PubMed|NELL|PPI|ogbn-\w+|MovieLens(?:-\w+)?|Netflix Prize|Yelp|Criteo|Avazu|iPinYou|KDD ?Cup"
    r"|Yahoo! R3|Last\.fm|Epinions|Douban|Taobao|Tmall|Higgs|HIGGS|Covertype|M4|M5|LendingClub"
    r"|German Credit|IEEE-CIS|Amazon Reviews|Book-Crossing|Frappe)(?![\w-])"
)
METRIC_LEXICON = re.compile(
    r"(?<![\w-])(?:G?AUC|ROC-AUC|RelaImpr|[Nn]?DCG(?:@\w+)?|MAP(?:@\w+)?|mAP|MRR|HR@\w+|BLEU(?:-\d)?"
    r"|ROUGE(?:-[L12])?|METEOR|CIDEr|RMSE|MAE|MSE|MAD|s?MAPE|W?MAPE|CRPS|EMD|m?IoU|PSNR|SSIM|FID|EER"
    r"|(?:[Mm]icro|[Mm]acro)-?F1|F1(?:-score)?|F-measure|FLOPs|QPS"
    r"|(?i:log ?loss|perplexity|top-[15] (?:error|accuracy|err\.)"
    r"|(?:classification |mean )?accuracy|precision|recall(?:@\w+)?|error rate|hit (?:rate|ratio)"
    r"|training time|inference time|wall-clock time|latency|throughput|training cost"
    r"|area under (?:the )?(?:roc )?curve|(?:mean )?average precision|mean reciprocal rank"
    r"|(?:normali[sz]ed )?discounted cumulative gain|click[- ]?through rate|intra-list similarity"
    r"|earth mover'?s distance|PPL))(?![\w-])"
)
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
