from __future__ import annotations

from paperstudy.models import SearchHit
from paperstudy.sources.merge import enrich, merge, normalise_title, same_title


def hit(title: str, **kw: object) -> SearchHit:
    return SearchHit(title=title, **kw)  # type: ignore[arg-type]


def test_normalise_and_fuzzy_titles() -> None:
    assert normalise_title("xDeepFM: Combining Explicit & Implicit…") == "xdeepfm combining explicit implicit"
    assert same_title("DeepFM: A Factorization-Machine based Neural Network for CTR Prediction",
                      "DeepFM: a factorization machine based neural network for CTR prediction")  # fmt: skip
    assert same_title("Deep Interest Evolution Network for Click-Through Rate…",
                      "Deep Interest Evolution Network for Click-Through Rate Prediction")  # fmt: skip
    assert not same_title("Graph Attention Networks", "Graph Convolutional Networks")


def test_merge_by_arxiv_id_doi_and_title_keeps_the_richest() -> None:
    arxiv = [
        hit("DeepFM: A Factorization-Machine based Neural Network for CTR Prediction", arxiv_id="1703.04247",
            year=2017, pdf_url="https://arxiv.org/pdf/1703.04247v1", sources=["arxiv"], venue="arXiv cs.IR",
            authors=["Huifeng Guo", "Ruiming Tang", "Yunming Ye"]),
        hit("Wide & Deep Learning for Recommender Systems", doi="10.1145/2988450.2988454", sources=["arxiv"]),
        hit("Graph Attention Networks", arxiv_id="1710.10903", sources=["arxiv"]),
    ]  # fmt: skip
    scholar = [
        hit("DeepFM: a factorization-machine based neural network for CTR prediction", year=2017,
            citations=2500, venue="IJCAI", sources=["scholar"], authors=["H Guo", "R Tang"],
            pdf_url="https://publisher.example/deepfm.pdf"),
        hit("Wide & deep learning for recommender systems", doi="10.1145/2988450.2988454", citations=3000,
            sources=["scholar"]),
        hit("Graph attention networks", arxiv_id="1710.10903", citations=9000, sources=["scholar"]),
        hit("Something else entirely", citations=3, sources=["scholar"]),
    ]  # fmt: skip
    merged = merge([arxiv, scholar])
    assert len(merged) == 4
    deepfm = merged[0]
    assert deepfm.citations == 2500 and deepfm.pdf_url == "https://arxiv.org/pdf/1703.04247v1"
    assert deepfm.venue == "IJCAI" and deepfm.sources == ["arxiv", "scholar"]
    assert deepfm.authors == ["Huifeng Guo", "Ruiming Tang", "Yunming Ye"]
    assert merged[1].citations == 3000 and merged[2].citations == 9000


def test_different_arxiv_ids_never_merge_and_enrich_adds_nothing() -> None:
    a = hit("Attention Is All You Need", arxiv_id="1706.03762", sources=["arxiv"])
    b = hit("Attention Is All You Need", arxiv_id="2001.00001", sources=["arxiv"])
    assert len(merge([[a], [b]])) == 2
    lone = hit("Attention is all you need", citations=100000, sources=["scholar"])
    enriched = enrich([lone], [a, hit("Unrelated", arxiv_id="1111.1111")])
    assert len(enriched) == 1 and enriched[0].arxiv_id == "1706.03762" and enriched[0].citations == 100000
