from paperstudy.ids import model_word, paper_id_for, title_word, year_from_arxiv_id


def test_title_word_takes_first_significant_word() -> None:
    assert title_word("DeepFM: A Factorization-Machine based Neural Network") == "deepfm"
    assert title_word("The Graph Attention Networks") == "graph"
    assert title_word("T-CVAE: Transformer-Based Conditioned VAE") == "t-cvae"
    assert title_word("Über Réseaux") == "uber"
    assert title_word("") == ""


def test_generic_ml_words_are_not_significant() -> None:
    assert title_word("Deep & Cross Network for Ad Click Predictions") == "cross"
    assert title_word("Deep Interest Evolution Network for Click-Through Rate Prediction") == "interest"
    assert title_word("Deep Neural Networks for YouTube Recommendations") == "youtube"
    assert title_word("Learning Deep Structured Semantic Models for Web Search") == "structured"
    assert title_word("Deep Learning") == "deep"  # nothing specific: fall back to the first word


def test_paper_id_collisions_get_suffixes() -> None:
    assert paper_id_for("DeepFM: x", 2017, "f", set()) == "deepfm-2017"
    assert paper_id_for("DeepFM: x", 2017, "f", {"deepfm-2017"}) == "deepfm-2017-2"
    assert paper_id_for("DeepFM: x", 2017, "f", {"deepfm-2017", "deepfm-2017-2"}) == "deepfm-2017-3"


def test_paper_id_without_title_or_year_uses_fallback() -> None:
    assert paper_id_for("", None, "my_paper", set()) == "my"
    assert paper_id_for("???", None, "!!!", set()) == "paper"


def test_year_from_arxiv_id() -> None:
    assert year_from_arxiv_id("1703.04247") == 2017
    assert year_from_arxiv_id("2009.07052v2") == 2020
    assert year_from_arxiv_id("hep-th/9901001") is None
    assert year_from_arxiv_id(None) is None


def test_model_acronym_names_the_paper() -> None:
    assert (
        paper_id_for("Deep & Cross Network for Ad Click Predictions", 2017, "f", set(), "DCN") == "dcn-2017"
    )
    assert paper_id_for("Neural Collaborative Filtering", 2017, "f", set(), "NCF") == "ncf-2017"
    assert paper_id_for("Efficient and Bias-aware", 2020, "f", set(), "PRel-MF") == "prel-mf-2020"
    assert paper_id_for("node2vec: Scalable", 2016, "f", {"node2vec-2016"}, "node2vec") == "node2vec-2016-2"


def test_model_in_up_to_three_plain_words_names_the_id() -> None:
    assert model_word("Wide & Deep") == "wide-deep" and model_word("Transformer") == "transformer"
    assert paper_id_for("Wide & Deep Learning for Recommender Systems", 2016, "f", set(), "Wide & Deep") == (
        "wide-deep-2016"
    )
    assert paper_id_for("Attention Is All You Need", 2017, "f", set(), "Transformer") == "transformer-2017"


def test_longer_model_names_leave_the_title_rule() -> None:
    assert model_word("A Very Long Model Name") == "" and model_word(None) == ""
    assert paper_id_for("Attention Is All You Need", 2017, "f", set(), "A Very Long Model Name") == (
        "attention-2017"
    )
    assert paper_id_for("Deep & Cross Network", 2017, "f", set(), None) == "cross-2017"
