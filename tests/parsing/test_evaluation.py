from paperstudy.parsing.evaluation import names_match, normalize_heading, recall, score_headings


def test_normalize_heading_strips_numbers_and_punctuation():
    assert normalize_heading("3.1 Experiment Setup") == "experiment setup"
    assert normalize_heading("IV. RESULTS") == "results"
    assert normalize_heading("A. Object Detection") == "object detection"
    assert normalize_heading("Classi\ufb01cation") == "classification"


def test_score_headings_counts_levels():
    predicted = [("Introduction", 1, "1"), ("Setup", 1, "2"), ("Extra", 1, None)]
    expected = [("INTRODUCTION", 1, "1"), ("Setup", 2, "2.1")]
    score = score_headings(predicted, expected)
    assert score.true_positives == 1
    assert round(score.precision, 3) == 0.333
    assert score.recall == 0.5
    assert score.number_accuracy == 1.0


def test_names_match_rules():
    assert names_match("Criteo", "Criteo Display Ads")
    assert names_match("ImageNet", "ImageNet (ILSVRC 2012)")
    assert not names_match("CIFAR-100", "CIFAR-10")
    assert recall(["Cora"], ["Cora", "Pubmed"]) == 0.5
    assert recall([], []) is None
