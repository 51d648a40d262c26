from __future__ import annotations

from pathlib import Path

import pytest

from paperstudy.domains import builtin_domains, domain_search, get_domain, load_domains
from paperstudy.errors import ConfigError, NotFoundError
from paperstudy.sources.arxiv_source import build_query

REQUIRED = {
    "recommender-systems", "ctr-prediction", "search-ranking", "fraud-detection", "anomaly-detection",
    "nlp", "computer-vision", "time-series-forecasting", "graph-neural-networks",
}  # fmt: skip


def test_builtin_catalog_is_complete() -> None:
    catalog = builtin_domains()
    assert set(catalog) >= REQUIRED
    for domain in catalog.values():
        assert domain.title and domain.description and domain.arxiv_query and domain.categories
        assert len(domain.questions) >= 3


def test_domain_becomes_an_arxiv_search() -> None:
    search = domain_search(get_domain("ctr-prediction"), max_results=30, since=2016)
    query = build_query(search)
    assert "cat:cs.IR" in query and 'abs:"click-through rate"' in query and "submittedDate:[2016" in query
    assert search.max_results == 30 and "click-through" in search.plain_query


def test_user_domains_add_and_override(tmp_path: Path) -> None:
    (tmp_path / "domains.toml").write_text(
        '[two-tower]\ntitle = "Two-tower retrieval"\ndescription = "Dual encoders."\n'
        'arxiv_query = \'abs:"two-tower"\'\ncategories = ["cs.IR"]\n\n'
        '[nlp]\ntitle = "My NLP"\ndescription = "d"\narxiv_query = "abs:bert"\n',
        encoding="utf-8",
    )
    catalog = load_domains(tmp_path)
    assert catalog["two-tower"].categories == ["cs.IR"]
    assert catalog["nlp"].title == "My NLP" and "graph-neural-networks" in catalog


def test_bad_user_file_and_unknown_domain_are_clear(tmp_path: Path) -> None:
    (tmp_path / "domains.toml").write_text("[x]\ntitle = 1\n", encoding="utf-8")
    with pytest.raises(ConfigError, match=r"domains.toml: domain \[x\] is invalid"):
        load_domains(tmp_path)
    (tmp_path / "domains.toml").write_text("[x\n", encoding="utf-8")
    with pytest.raises(ConfigError, match="cannot read your domains"):
        load_domains(tmp_path)
    with pytest.raises(NotFoundError, match="unknown domain 'nope'; known domains: anomaly-detection"):
        get_domain("nope")
