"""``word_alternation``: the fast spelling of a word-bounded alternation matches what the plain one does."""

from __future__ import annotations

import random
import re
import sys

import pytest

from paperstudy.parsing import lexicon
from paperstudy.parsing.lexicon import word_alternation


def _plain(cased: tuple[str, ...], uncased: tuple[str, ...] = ()) -> re.Pattern[str]:
    """The same alternation spelled plainly, in the given order (the reference)."""
    alts = [*cased, *(f"(?i:{alt})" for alt in uncased)]
    return re.compile(r"(?<![\w-])(?:" + "|".join(alts) + r")(?![\w-])")


def _spans(rx: re.Pattern[str], text: str) -> list[tuple[int, int]]:
    return [m.span() for m in rx.finditer(text)]


def test_case_extras_are_every_other_character_an_ascii_letter_matches_ignoring_case() -> None:
    letters = re.compile("(?i)[a-z]")
    found: dict[str, str] = {}
    for code in range(sys.maxunicode + 1):
        char = chr(code)
        if not char.isascii() and letters.fullmatch(char):
            for letter in "abcdefghijklmnopqrstuvwxyz":
                if re.fullmatch(f"(?i){letter}", char):
                    found[letter] = found.get(letter, "") + char
    assert found == lexicon._CASE_EXTRAS


@pytest.mark.parametrize(
    ("cased", "uncased"),
    [
        (lexicon._DATASET_NAMES, ()),
        (lexicon._METRIC_CASED, lexicon._METRIC_UNCASED),
    ],
    ids=["datasets", "metrics"],
)
@pytest.mark.parametrize("skip_to_first", [True, False])
def test_fast_spelling_finds_what_the_plain_alternation_finds(
    cased: tuple[str, ...], uncased: tuple[str, ...], skip_to_first: bool
) -> None:
    fast = word_alternation(cased, uncased, skip_to_first=skip_to_first)
    plain = _plain(cased, uncased)
    words = (
        "ImageNet MS-COCO MS COCO COCO MS MARCO ILSVRC-2012 CIFAR-100 WMT 2014 English-German Yahoo!"
        " R3 Last.fm ogbn-arxiv MovieLens-1M KDDCup iPinYou M4 Higgs GAUC AUC ROC-AUC nDCG@10 NDCG"
        " DCG@5 MAP@K mAP sMAPE MAPE WMAPE mIoU IoU microF1 Macro-F1 F1-score LogLoss log loss"
        " PERPLEXITY Top-5 Error top-1 err. Mean Accuracy classification accuracy accuracy Recall@20"
        " Hit Ratio İnference time ınference time Intra-list similarity mean average precision"
        " Average Precision Mean Reciprocal Rank Normalised Discounted Cumulative Gain click-through"
        " rate Earth Movers Distance PPL ppl Gowalla Yelp2018 Coauthor CS ETTh1 ETTm2 CNN/Daily Mail"
    ).split(" ")
    seps = [" ", "-", "x", "", ".", ",", "(", "\n", "_", "9", "@"]
    rnd = random.Random(7)
    texts = [w for word in words for w in (word, f" {word} ", f"a{word}", f"{word}a", f"-{word}", f"{word}-")]
    for _ in range(3000):
        parts = [rnd.choice(seps) + rnd.choice(words) for _ in range(rnd.randint(1, 4))]
        texts.append("".join(parts) + rnd.choice(seps))
    for text in texts:
        assert _spans(fast, text) == _spans(plain, text), text
        assert bool(fast.fullmatch(text)) == bool(plain.fullmatch(text)), text


def test_leftmost_first_order_is_kept_inside_a_first_letter_group() -> None:
    # "MAP" comes before "MAPE": on "MAPE" the first fails at the word end and the second matches.
    rx = word_alternation(("MAP", "MS", "MAPE"), ("mean rank", "map"))
    assert [m.group() for m in rx.finditer("MAPE MS Map mean rank")] == ["MAPE", "MS", "Map", "mean rank"]


@pytest.mark.parametrize("bad", ["(?:MS )?COCO", "G?AUC", "[Nn]DCG", "-x"])
def test_an_alternative_must_open_with_a_plain_character(bad: str) -> None:
    with pytest.raises(ValueError, match="plain letter or digit"):
        word_alternation((bad,))


def test_benchmark_names_match_only_as_printed() -> None:
    text = (
        "We use Gowalla, Yelp2018 and Amazon-Book, the YelpChi graph, ETTh1 and Coauthor CS; an elliptic "
        "curve, a dblp mirror and the m3 motorway are no datasets."
    )
    found = [m.group() for m in lexicon.DATASET_LEXICON.finditer(text)]
    assert found == ["Gowalla", "Yelp2018", "Amazon-Book", "YelpChi", "ETTh1", "Coauthor CS"]


def test_metric_names_unseen_papers_report_are_in_the_lexicon() -> None:
    text = "We report AUPRC, AUROC and Hits@10, MASE and WER; an ece or a wer is no metric."
    found = [m.group() for m in lexicon.METRIC_LEXICON.finditer(text)]
    assert found == ["AUPRC", "AUROC", "Hits@10", "MASE", "WER"]
