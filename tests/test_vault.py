"""Which library papers a note links to: names a baseline can be printed as."""

from __future__ import annotations

from paperstudy.vault import _fold, short_name, title_acronym, wikilink


def test_baselines_match_papers_by_model_title_prefix_or_title_acronym() -> None:
    assert title_acronym("Neural Factorization Machines for Sparse Predictive Analytics") == "NFM"
    assert title_acronym("Deep & Cross Network for Ad Click Predictions") == "DCN"
    assert title_acronym("Field-aware Factorization Machines for CTR Prediction") == "FFM"
    assert title_acronym("Deep Learning over Multi-field Categorical Data") is None  # "DL": too short
    assert short_name("xDeepFM: Combining Explicit and Implicit Feature Interactions") == "xDeepFM"
    assert short_name("A very long title prefix of many words: here") is None
    assert _fold("FFMs") == _fold("FFM") and _fold("Wide & Deep") == _fold("Wide&Deep")


def test_wikilinks_carry_a_clean_label_or_none() -> None:
    assert wikilink("xdeepfm-2018", "xDeepFM") == "[[xdeepfm-2018|xDeepFM]]"
    assert wikilink("xdeepfm-2018") == "[[xdeepfm-2018]]"
    assert wikilink("p-2017", "<b>|]]") == "[[p-2017|b]]"
