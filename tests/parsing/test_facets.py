"""Facet classification and extractive summaries, on hand-built papers and the labelled corpus."""

from __future__ import annotations

import pytest

from paperstudy.models import Caption, PageSpan, ParsedPaper, Section
from paperstudy.parsing.evaluation import match_headings
from paperstudy.parsing.facets import assign_facets, classify_sections, is_clean_sentence
from paperstudy.parsing.sentences import clean
from tests.parsing.corpus_parsed import labelled, parsed, truth

DATA_P = (
    "We evaluate our model on the Criteo dataset, which contains 45 million records of click logs. "
    "The dataset is randomly split into training and test sets of equal size by day.\n"
)
RESULTS_P = (
    "Our model outperforms all baselines and improves the AUC by 0.86% compared with the best baseline. "
    "The results in Table 2 show a significant improvement over the state-of-the-art methods.\n"
)


def _sec(heading: str, level: int = 1, text: str = "", page: int = 1, number: str | None = None) -> Section:
    return Section(level=level, number=number, heading=heading, page_start=page, page_end=page, text=text)  # type: ignore[arg-type]


def _paper(sections: list[Section], pages: list[str] | None = None) -> ParsedPaper:
    return ParsedPaper(
        title="A Test Paper", page_count=max(1, len(pages or [])), pages=pages or [], sections=sections
    )


@pytest.mark.parametrize(
    ("heading", "facet"),
    [
        ("Datasets", "data"),
        ("Experimental Setup", "data"),
        ("Feature Engineering", "features"),
        ("Input Features", "features"),
        # the embedding or input layer represents the features; a layer elsewhere is the network
        ("Embedding Layer", "features"),
        ("Embedding and Stacking Layer", "features"),
        ("Input Layer", "features"),
        ("Embeddings and Softmax", "architecture"),
        ("Interaction Layer", "architecture"),
        ("Our Approach", "architecture"),
        ("Proposed Method", "architecture"),
        ("Training", "architecture"),
        ("Results", "results"),
        ("Ablation Study", "results"),
        ("Performance Evaluation", "results"),
        ("Introduction", "other"),
        ("Related Work", "other"),
        ("Conclusion", "other"),
        ("References", "other"),
        ("Acknowledgments", "other"),
        ("Model Serving", "other"),
        ("Serving Performance", "results"),
        ("Dataset and Evaluation Metrics", "data"),
        ("Appendix", "other"),
        ("Appendices", "other"),
        # the head word decides: results reported, whatever the words after it
        ("Results and Discussion", "results"),
        ("Experiments with Hidden Layers", "results"),
        ("Experiments with Features and Depth", "results"),
        ("Experiment Settings", "data"),
        ("Discussion of the Results", "other"),
    ],
)
def test_heading_rules(heading: str, facet: str) -> None:
    assert classify_sections(_paper([_sec(heading, text="Some text.")])) == [facet]


def test_analysis_is_results_after_experiments_and_architecture_before() -> None:
    secs = [_sec("Network Analysis"), _sec("Experiments"), _sec("Analysis of Parameters", level=2)]
    assert classify_sections(_paper(secs)) == ["architecture", "results", "results"]


def test_children_of_related_work_are_other_and_generic_parent_follows_children() -> None:
    secs = [
        _sec("Related Work"),
        _sec("Clickthrough Data", level=2),
        _sec("Node Classification"),
        _sec("Example", level=2, text="We train a two-layer network with dropout and Adam. " * 3),
        _sec("Implementation", level=2),
    ]
    assert classify_sections(_paper(secs)) == [
        "other",
        "other",
        "architecture",
        "architecture",
        "architecture",
    ]


def test_an_overview_or_discussion_subsection_is_about_what_its_parent_is_about() -> None:
    # (heading, level, facet): an overview of the introduction stays background, a top-level discussion
    # is still other.
    cases = [
        ("Introduction", 1, "other"),
        ("Overview", 2, "other"),
        ("Method", 1, "architecture"),
        ("Overview", 2, "architecture"),
        ("Discussion", 2, "architecture"),
        ("Experiments", 1, "results"),
        ("Summary", 2, "results"),
        ("Discussion", 1, "other"),
    ]
    secs = [_sec(heading, level=level) for heading, level, _ in cases]
    assert classify_sections(_paper(secs)) == [facet for *_, facet in cases]


def test_the_body_outranks_an_appendix_in_a_summary() -> None:
    body = [
        "We evaluate on the public Criteo dataset with 45 million records of ad clicks.",
        "The test set holds the 2 million records of the last day, from 1 million users.",
        "The training set holds 7 days of impression records from 10 million users.",
    ]
    appendix = [
        "The Avazu dataset holds 40 million records of mobile ad clicks over 10 days.",
        "The Frappe dataset holds 288,609 records of app usage logs from 957 users.",
        "The MovieLens dataset holds 2 million records of tags from 17,045 users.",
    ]
    secs = [
        _sec("Datasets", text=" ".join(body)),
        _sec("References", text="[1] A. Author. A paper. In Proceedings of KDD, 2017."),
        _sec("Dataset Details", text=" ".join(appendix)),
    ]
    data = [s.text for s in assign_facets(_paper(secs)).facets["data"].sentences]
    # The appendix's fuller sentences still fill the summary, after every sentence of the body.
    assert data[:3] == body
    assert len(data) == 5
    assert set(data[3:]) < set(appendix)


def test_a_caption_sentence_ranks_below_the_body_in_a_summary() -> None:
    body = [
        "Our model stacks two hidden layers of 256 units with ReLU activations over the embeddings.",
        "The network is trained with Adam and dropout on the hidden layers of the model.",
        "Each hidden layer of our model adds a residual connection around its ReLU units.",
        "The hidden layers of the network are trained with a dropout rate of 0.5 and Adam.",
        "The output layer of the network is a sigmoid unit trained with the log loss.",
    ]
    caption = (
        "Figure 2: The architecture of our model. Left: the embedding layers and the hidden layers of the "
        "network. Right: the output layer and the loss of the network over the hidden layers."
    )
    text = " ".join(body[:4]) + "\n" + caption + "\n" + body[4]
    paper = _paper([_sec("Model", text=text)], pages=[text])
    paper.captions = [
        Caption(kind="figure", label="Figure 2", text=caption, page=1, caption_bbox=(0.0, 0.0, 1.0, 1.0))
    ]
    # A caption labels ("Right: the output layer …"), the body states: of five places, the body takes all.
    assert [s.text for s in assign_facets(paper).facets["architecture"].sentences] == body


def test_paragraph_facets_split_a_generic_experiments_section() -> None:
    paper = assign_facets(_paper([_sec("Experiments", text=DATA_P + "\n" + RESULTS_P)]))
    sec = paper.sections[0]
    assert sec.facet == "results"
    assert sec.paragraph_facets == ["data", "results"]
    assert paper.facets["data"].sentences[0].text.startswith("We evaluate our model on the Criteo dataset")


def test_summary_sentences_come_from_the_text_with_their_pages() -> None:
    page1 = "Introduction text.\n" + DATA_P
    page2 = RESULTS_P
    secs = [
        Section(
            level=1,
            heading="Datasets",
            page_start=1,
            page_end=1,
            text=DATA_P,
            spans=[PageSpan(page=1, start=len("Introduction text.\n"), end=len(page1))],
        ),
        Section(
            level=1,
            heading="Results",
            page_start=2,
            page_end=2,
            text=RESULTS_P,
            spans=[PageSpan(page=2, start=0, end=len(page2))],
        ),
    ]
    paper = assign_facets(_paper(secs, [page1, page2]))
    for facet, page in (("data", 1), ("results", 2)):
        summary = paper.facets[facet]
        assert summary.sentences
        for s in summary.sentences:
            assert s.page == page
            assert s.text in " ".join(paper.pages[page - 1].split())
            assert s.section == ("Datasets" if facet == "data" else "Results")


def test_garbled_sentences_are_filtered() -> None:
    assert is_clean_sentence("We train the model with Adam and a learning rate of 0.001 for ten epochs.")
    assert not is_clean_sentence("Table 2: Performance of the models on the Criteo and Avazu datasets.")
    assert not is_clean_sentence("0.8640 0.02648 0.7686 0.47762 0.8678 0.02633 0.7892 0.46077 values.")
    assert not is_clean_sentence("where ŷ = σ(W x + b) and x ∈ R^d is the input vector of the layer.")
    assert not is_clean_sentence("of the model and the rest")


def test_a_sentence_holding_an_inline_equation_is_no_summary_sentence() -> None:
    """One "=" is not enough to reject a sentence ("K = 6 attention heads"): the formula's terms are."""
    for formula in (
        "Each hidden layer performs the following computation: a(l+1) = f(W (l)a(l) + b(l)) (2) where l "
        "is the layer number.",
        "The squared error is a quadratic cost function given by C(p, t) = (p−t)2 for each of the products.",
        "Every hidden layer of the network Xk,k ∈[1,T] has a connection with the output units.",
    ):
        assert not is_clean_sentence(formula)
    assert is_clean_sentence("The final layer uses K = 6 attention heads computing 121 features each.")
    assert is_clean_sentence("At the first release (lag = 0), the mean error decreases from 0.13 to 0.07.")


def test_a_sentence_missing_a_dropped_symbol_is_no_summary_sentence() -> None:
    """A formula's variable the text layer dropped leaves a function word before punctuation, or a "?"."""
    for garbled in (
        "Since is differentiable w.r.t. to , the model is trained readily using gradient descent.",
        "The dataset is a song recommendation log, consisting of ? ratings from ? users towards ? songs.",
        "Level 4 means that the document is the most relevant to query and 0 that it is not relevant to .",
    ):
        assert not is_clean_sentence(garbled)
    assert is_clean_sentence("Which of the models works best? We answer this on the three public datasets.")
    assert is_clean_sentence("The scores range from 0 to 4, where level 4 means the most relevant document.")
    assert not is_clean_sentence(
        "In Proceedings of the 22nd ACM SIGKDD International Conference on Knowledge."
    )


@pytest.mark.skipif(not labelled(), reason="shared corpus not available at ../shared/corpus")
def test_golden_facet_accuracy_over_labelled_corpus() -> None:
    """From the PDF through the whole parser: the facet of every section matched to a labelled heading,
    and every summary sentence quoted from the page it cites."""
    total = correct = 0
    for slug in labelled():
        want = truth(slug)
        paper = parsed(slug)
        predicted = [(s.heading, int(s.level), s.number) for s in paper.sections]
        expected = [(s["heading"], int(s["level"]), s.get("number")) for s in want["sections"]]
        for i, j in match_headings(predicted, expected):
            total += 1
            correct += paper.sections[i].facet == want["sections"][j]["facet"]
        for facet in ("data", "architecture", "results"):
            assert facet in paper.facets, (slug, facet)
            for s in paper.facets[facet].sentences:
                # The sentence starts on the page it cites (quoted verbatim, modulo line breaks).
                assert " ".join(s.text.split()[:5]) in clean(paper.pages[s.page - 1]), (slug, s)
    assert total >= 280
    assert correct / total >= 0.90


def _scores_regex(text: str) -> dict[str, float]:
    """The reference for ``facets._scores``: one pass of the combined cue regex."""
    from paperstudy.parsing.facets import _ALL_CUES, _CUES

    counts: dict[str, float] = dict.fromkeys(_CUES, 0.0)
    for m in _ALL_CUES.finditer(text):
        counts[m.lastgroup or ""] = counts.get(m.lastgroup or "", 0.0) + 1.0
    return {f: counts[f] for f in _CUES}


def test_fast_cue_scores_match_the_regex_reference() -> None:
    from paperstudy.parsing.facets import _scores

    texts = [
        "We train on the training set and report 12.5% and 3% gains over baselines.",
        "Training\nset, Data sets, data-sets, held-out heldout, publicly available public data.",
        "State-of-the-art n-grams, feature engineering, cross-product features, one-hot bag-of-words.",
        "We propose our model; back-propagation with a learning rate; it consists of 2 layers.",
        "evaluat1on5% discretized Bucketizing regularization ſamples KELVIN ٥%",
    ]
    for text in texts:
        assert _scores(text) == _scores_regex(text)


def test_summaries_speak_of_this_paper_and_never_stop_mid_list() -> None:
    arch = (
        "Although inner product is more reliable, PNN [22] still suffers from high computational cost. "
        "DeepFM combines a factorization machine and a deep network that share the same embedding layer. "
        "The deep component of DeepFM is a feed-forward network that learns high-order interactions. "
        "The FM component of DeepFM models pairwise interactions as inner products of latent vectors. "
        "DeepFM is trained end to end with the raw features as its input and no feature engineering. "
        "Both components of DeepFM are trained jointly for the combined prediction model.\n"
    )
    data = (
        "Experiments are conducted on the following three datasets: 1. "
        "The Criteo dataset includes 45 million users' click records over 7 days of logs.\n"
    )
    secs = [_sec("Our Approach", text=arch, page=1), _sec("Datasets", text=data, page=2)]
    paper = assign_facets(_paper(secs, [arch, data]).model_copy(update={"model": "DeepFM"}))
    architecture = [s.text for s in paper.facets["architecture"].sentences]
    assert len(architecture) == 5
    assert not any("PNN [22]" in t for t in architecture)  # a remark on cited work ranks last
    assert not any(t.endswith("datasets: 1.") for t in [s.text for s in paper.facets["data"].sentences])


def test_literal_prefilters_never_rule_out_a_match() -> None:
    # The scorer skips a case-insensitive search when ASCII text lacks every literal the pattern needs.
    from paperstudy.parsing import facets

    cases = [
        (facets._SIZE_WORDS, facets._SIZE_NEEDS, "million billion thousand users items records days samples"),
        (facets._SIZE_WORDS, facets._SIZE_NEEDS, "examples queries nodes"),
        (facets._REFERENCE, facets._REFERENCE_NEEDS, "in_proceedings proceedings_of arxiv_preprint"),
        (facets._REFERENCE, facets._REFERENCE_NEEDS, "journal_of pp. vol. doi:"),
        (facets._POINTER, facets._POINTER_NEEDS, "section see following"),
        (facets._OWN_WORK, facets._OWN_NEEDS, "our_model our_method our_approach our_framework"),
        (facets._OWN_WORK, facets._OWN_NEEDS, "our_network our_architecture we_propose the_proposed"),
    ]
    for pattern, needs, words in cases:
        for word in words.split():
            for form in (word, word.upper(), word.title()):
                text = f"As noted, {form.replace('_', ' ')} here."
                assert pattern.search(text), text
                assert facets._may_match(text.lower(), needs), text
    assert not facets._may_match("we train a model.", facets._POINTER_NEEDS)
    assert facets._may_match(None, facets._POINTER_NEEDS)  # non-ASCII text is always searched


def test_cited_work_is_still_found_behind_its_literal_test() -> None:
    from paperstudy.parsing import facets

    cited = ["As in [12], we", "See [3, 4] and", "Smith et al. show", "proposed by Rendle", "introduced in"]
    for text in cited:
        assert facets._OTHERS_WORK.search(text) and facets._cites_others(text), text
    assert not facets._cites_others("We propose a model, introduced here.")


def test_the_architecture_summary_opens_with_the_section_presenting_the_own_model() -> None:
    """A remark on another model and a hyper-parameter study's sentences on layers are not what a reader
    asks for as the paper's architecture: the section named after the own model is."""
    own = (
        "To this end, we propose a factorization-machine based neural network called DeepFM. "
        "DeepFM consists of two components, an FM component and a deep component, that share the same input. "
        "The deep component is a feed-forward neural network with three hidden layers of ReLU units."
    )
    other = (
        "Although the inner product is more reliable, it suffers from high complexity because the output of "
        "the product layer is connected to all neurons of the first hidden layer of the network. "
        "The outer product layer is connected to every hidden unit and every neuron in the first layer."
    )
    study = (
        "The order is: activation functions, dropout rate, neurons per layer, hidden layers, network shape. "
        "Increasing the number of hidden layers and neurons per layer with relu activation and dropout "
        "of the network improves the model at first. Deeper networks with more neurons and layers overfit."
    )
    secs = [
        _sec("Introduction", text="We study click prediction. " * 3),
        _sec("Our Approach"),
        _sec("DeepFM", level=2, text=own),
        _sec("Relationship with the Other Neural Networks", level=2, text=other),
        _sec("Experiments"),
        _sec("Hyper-Parameter Study", level=2, text=study),
    ]
    paper = _paper(secs).model_copy(update={"title": "DeepFM: A Test", "model": "DeepFM"})
    summary = assign_facets(paper).facets["architecture"].sentences
    assert summary[0].section.endswith("DeepFM") and "DeepFM" in summary[0].text
    assert all("The order is" not in s.text for s in summary[:2])


def _architecture_summary(heading: str, text: str) -> list[str]:
    """The architecture summary of a one-section paper."""
    paper = assign_facets(_paper([_sec(heading, text=text)], [text]))
    return [s.text for s in paper.facets["architecture"].sentences]


def test_a_sentence_whose_subject_is_a_pronoun_ranks_below_one_that_names_its_subject() -> None:
    """A summary shows its sentences one by one: "It mainly consists of two sub-networks" says of what?"""
    arch = (
        "We propose the entire space multi-task model for conversion rate prediction. "
        "It mainly consists of two sub-networks that share the embedding of the sparse input features. "
        "The two towers of the model predict the click rate and the conversion rate of each impression. "
        "The embedding dictionary of the model is shared between the click and the conversion towers. "
        "The product of the two predicted rates is trained on every impression of the whole space. "
        "They are trained jointly with a sum of the two losses over all impressions in the logs.\n"
    )
    architecture = _architecture_summary("The Proposed Model", arch)
    assert len(architecture) >= 3
    assert not any(t.startswith(("It ", "They ")) for t in architecture)


def test_a_research_question_is_no_summary_sentence() -> None:
    arch = (
        "How do the attention network and the pairwise interaction layer of our model change its accuracy? "
        "Our model feeds the pairwise interaction layer into an attention network over the embeddings. "
        "The attention network of our model is a multi-layer perceptron with one hidden layer. "
        "The pooling layer of our model sums the weighted interactions of the embedding vectors.\n"
    )
    architecture = _architecture_summary("Our Model", arch)
    assert architecture and not any(t.endswith("?") for t in architecture)
