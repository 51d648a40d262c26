"""What a design drill can ask about: the interview's structural points and the problems papers tackle.

A shipped catalogue of concepts with their surface forms. It is only the vocabulary: a concept enters a
domain's rubric when a sentence one of the domain's papers printed states it (``evidence``), and that
sentence is cited. ``keywords`` are what grading looks for in an answer (``re:`` marks a regular
expression, matched case-insensitively).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from paperstudy.models import DrillStage


def _rx(pattern: str) -> re.Pattern[str]:
    return re.compile(pattern, re.IGNORECASE)


@dataclass(frozen=True)
class Concept:
    key: str
    stage: DrillStage
    label: str
    evidence: re.Pattern[str]
    """What a paper's sentence must say for the concept to be in the rubric."""
    keywords: tuple[str, ...] = ()
    """What an answer names to cover it (besides the evidence pattern itself)."""
    results_ok: bool = True
    """Whether a sentence of the results may state it (a loss named in a result is a metric, not training)."""
    generic: bool = False
    """A concern of any ML system (overfitting, scale): listed after the domain's own problems."""

    def grading_keywords(self) -> list[str]:
        return [f"re:{self.evidence.pattern}", *self.keywords]


STRUCTURE: tuple[Concept, ...] = (
    Concept(
        "goal",
        "goal",
        "State the goal: what is predicted or ranked, and what it serves",
        _rx(
            r"\b(predict|estimat|forecast|rank|recommend)\w*\b.{0,80}\b(click|conversion|rate|CTR|CVR|"
            r"rating|engagement|relevan|revenue|response|demand|label)|"
            r"\b(CTR|CVR|click|click-through|conversion|rating|response|demand)( rate)? "
            r"(prediction|estimation|forecasting)\b"
        ),
        ("objective", "goal", "predict", "estimate", "optimi", "business", "revenue"),
    ),
    Concept(
        "example",
        "data",
        "Define one training example: its input fields and its label",
        _rx(
            r"\b(each|one|every) (sample|instance|record|example|impression|row|line|entry|data point)\b|"
            r"\blabel(l?ed)? (as|with|by)\b|\b(positive|negative) (samples?|examples?|instances?)\b|"
            r"\bis labell?ed\b"
        ),
        ("label", "example", "instance", "positive", "negative", "impression", "record"),
    ),
    Concept(
        "baseline",
        "model",
        "Start from a simple baseline and say what the larger model adds",
        _rx(r"\blogistic regression\b|\bbaselines?\b|\blinear model\b"),
        ("baseline", "logistic regression", "gbdt", "linear model", "popularity", "heuristic"),
    ),
    Concept(
        "loss",
        "training",
        "Explain training: the loss and how it is optimised",
        _rx(
            r"\b(cross[- ]entropy|loss function|objective function|log-likelihood|SGD|Adam|"
            r"back-?propagat\w*|mini-?batch(es)?|learning rate)\b"
        ),
        ("loss", "cross-entropy", "cross entropy", "logloss", "sgd", "adam", "optimi", "learning rate"),
        results_ok=False,
    ),
    Concept(
        "offline",
        "evaluation",
        "Evaluate offline on held-out data (split by time where it matters)",
        _rx(
            r"\b(training|train) (and|/) (test|testing|validation)\b|\btest (set|data)\b|\bvalidation set\b|"
            r"\bhold-?out\b|\boffline (evaluation|experiments?|tests?|results?)\b|\brandomly split\b"
        ),
        ("offline", "test set", "held-out", "holdout", "validation", "split"),
    ),
    Concept(
        "online",
        "evaluation",
        "Test online with an A/B experiment on live traffic",
        _rx(
            r"\bA/B\b|\bonline (A/B|experiments?|tests?|testing|evaluation|serving|traffic)\b|"
            r"\blive (traffic|experiment)\b|\bbucket tests?\b"
        ),
        ("a/b", "ab test", "online", "experiment", "live traffic"),
    ),
)
"""The interview's structure: each point is in a rubric only when some paper of the domain states it."""

PROBLEMS: tuple[Concept, ...] = (
    Concept(
        "sample-selection-bias",
        "data",
        "Sample selection bias: the model is trained on a subset (e.g. clicked impressions) of the space "
        "it serves",
        _rx(r"\bsample selection bias\b|\bselection bias\b|\bentire space\b"),
        ("selection bias", "entire space"),
    ),
    Concept(
        "position-bias",
        "data",
        "Position bias in logged clicks (what was shown where)",
        _rx(r"\bposition[- ](bias|aware|effects?)\b|\bpresentation bias\b"),
        ("position",),
    ),
    Concept(
        "delayed-feedback",
        "training",
        "Delayed feedback: labels (conversions) that arrive late",
        _rx(r"\bdelayed (feedback|conversions?)\b|\bconversion delay\b|\bfeedback delay\b"),
        ("delay",),
    ),
    Concept(
        "cold-start",
        "features",
        "Cold start: users or items with little or no history",
        _rx(r"\bcold[- ]start\b|\bnew (users|items|ads)\b|\bunseen (users|items)\b"),
        ("cold start", "cold-start", "new users", "new items"),
    ),
    Concept(
        "sparsity",
        "features",
        "Data sparsity of high-dimensional categorical inputs",
        _rx(
            r"\bdata sparsity\b|\bsparsity\b|\bextremely sparse\b|\bsparse (data|features|inputs?)\b|"
            r"\bhigh-dimensional sparse\b"
        ),
        ("sparse", "sparsity"),
    ),
    Concept(
        "feature-interactions",
        "features",
        "Feature crosses / interactions, low and high order",
        _rx(
            r"\bfeature (interactions?|crosses|crossings?|conjunctions?|combinations?)\b|"
            r"\bcross(-product)? (features?|transformations?)\b|\bhigh-order (feature )?interactions?\b|"
            r"\bcombinatorial features?\b"
        ),
        ("cross", "interaction", "conjunction"),
    ),
    Concept(
        "behaviour-sequences",
        "features",
        "User behaviour sequences and evolving interests",
        _rx(
            r"\bbehaviou?r (sequences?|history|histories)\b|\bhistorical behaviou?rs?\b|"
            r"\binterest evolution\b|\bevolving interests?\b|\b(click|watch|search|browsing) history\b|"
            r"\bsequential (behaviou?rs?|recommendation|patterns?)\b"
        ),
        ("behavior", "behaviour", "history", "sequence", "interest"),
    ),
    Concept(
        "calibration",
        "metrics",
        "Calibration: predicted probabilities must match observed rates",
        _rx(r"\bcalibrat\w*"),
        ("calibrat",),
    ),
    Concept(
        "imbalance",
        "training",
        "Class imbalance and negative down-sampling (re-calibrate after sampling)",
        _rx(
            r"\bclass imbalance\b|\bimbalanced\b|\bdown-?sampl\w*|\bnegative (down-?)?sampl\w*|"
            r"\bsub-?sampl\w*|\bunder-?sampl\w*"
        ),
        ("imbalance", "downsampl", "down-sampl", "negative sampling", "subsampl"),
    ),
    Concept(
        "freshness",
        "training",
        "Freshness: retrain or learn online as the data drifts",
        _rx(
            r"\bfresh(ness)?\b|\bonline learning\b|\b(concept|data) drift\b|\bstale\b|\bretrain\w*|"
            r"\bincremental(ly)? (train|updat)\w*|\bwarm[- ]start\w*"
        ),
        ("fresh", "retrain", "online learning", "drift", "warm start", "warm-start"),
    ),
    Concept(
        "latency",
        "goal",
        "Serving latency and scale constraints",
        _rx(r"\blatency\b|\bmilliseconds?\b|\breal[- ]time\b|\bQPS\b|\bthroughput\b|\bserving (cost|time)\b"),
        ("latency", "millisecond", "real-time", "real time", "qps", "throughput", "ms"),
    ),
    Concept(
        "scale",
        "goal",
        "Scale: how many users, items and examples the system handles",
        _rx(
            r"\b(millions|billions|hundreds of millions) of "
            r"(users|items|samples|examples|impressions|ads)\b"
        ),
        ("million", "billion", "scale"),
        generic=True,
    ),
    Concept(
        "memorisation",
        "model",
        "Memorisation vs generalisation (wide vs deep parts)",
        _rx(r"\bmemori[sz]ation\b"),
        ("memoriz", "memoris", "generaliz", "generalis"),
    ),
    Concept(
        "exploration",
        "model",
        "Exploration vs exploitation of what users already like",
        _rx(r"\bexploration[- ](and|vs\.?|versus)[- ]exploitation\b|\bexplore[- ]exploit\w*"),
        ("explor",),
    ),
    Concept(
        "diversity",
        "evaluation",
        "Diversity of what is recommended, not only accuracy",
        _rx(
            r"\b(recommendation|result|list) diversity\b|"
            r"\bdiversity of (the )?(recommend\w*|results|items|lists?)\b|\bintra-list\b"
        ),
        ("divers",),
    ),
    Concept(
        "overfitting",
        "training",
        "Overfitting control: regularisation, dropout, early stopping",
        _rx(r"\bover-?fit\w*|\bdropout\b|\bregulari[sz]\w*|\bearly stopping\b"),
        ("overfit", "dropout", "regulari", "early stopping"),
        generic=True,
    ),
)
"""Problems the domain's papers tackle: a point only when a paper of the domain states it."""

VOCABULARY_WORDS: dict[str, tuple[str, ...]] = {
    # Plain words an answer uses for the brief's feature kinds and architecture families (whose patterns
    # are written for papers' prose): "embeddings" names the embedding layer as well as "embedding layer".
    "Embedding layer for sparse inputs": ("embedding",),
    "Factorization machines": ("factorization machine", "factorisation machine", "fm"),
    "Deep MLP (feed-forward DNN)": (
        "mlp",
        "dnn",
        "deep network",
        "deep neural",
        "feed-forward",
        "deep model",
    ),
    "Explicit interaction layers (cross / product)": (
        "cross network",
        "product layer",
        "explicit interaction",
    ),
    "Wide & Deep (memorisation + generalisation)": ("wide & deep", "wide and deep", "memoriz", "memoris"),
    "Attention / Transformer": ("attention", "transformer"),
    "Recurrent (RNN / GRU / LSTM)": ("rnn", "gru", "lstm", "recurrent"),
    "Convolutional (CNN)": ("cnn", "convolution"),
    "Tree ensembles (GBDT)": ("gbdt", "boosted trees", "gradient boosting", "boosted decision trees"),
    "Logistic regression": ("logistic regression",),
    "Graph neural networks": ("gcn", "gnn", "graph convolution", "graph neural", "graph attention"),
    "Multi-task learning": ("multi-task", "multitask"),
    "Autoencoders / variational": ("vae", "autoencoder", "variational"),
    "Two-tower retrieval / candidate generation": ("two-tower", "two tower", "candidate generation"),
    "Sparse categorical fields (one-hot / multi-field)": ("categorical", "one-hot", "one hot"),
    "Dense / continuous features": ("continuous", "dense feature", "numerical", "numeric"),
    "Images / visual features": ("image", "visual", "pixel"),
    "Text / query features": ("query", "text", "word embedding"),
    "Hashed IDs": ("hash",),
    "Context (position, time, device)": ("context", "device", "time of day"),
}
