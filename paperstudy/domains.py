"""The study-domain catalog: built-in domains (bundled TOML) plus the user's own from their config dir.

A domain turns into a search (its arXiv query and categories) and carries typical interview questions;
the app's domain browser shows this catalog.
"""

from __future__ import annotations

import tomllib
from importlib import resources
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from paperstudy.errors import ConfigError, NotFoundError
from paperstudy.models import Domain
from paperstudy.sources.base import Search, SortBy

USER_FILE = "domains.toml"


def builtin_domains() -> dict[str, Domain]:
    text = resources.files("paperstudy").joinpath("data", "domains.toml").read_text(encoding="utf-8")
    return _parse(tomllib.loads(text), "the built-in domain catalog")


def user_domains(config_dir: Path) -> dict[str, Domain]:
    path = config_dir / USER_FILE
    if not path.is_file():
        return {}
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as error:
        raise ConfigError(f"{path}: cannot read your domains ({error})") from error
    return _parse(data, str(path))


def load_domains(config_dir: Path | None = None) -> dict[str, Domain]:
    """Built-in domains, with the user's file (when given and present) adding or replacing entries."""
    catalog = builtin_domains()
    if config_dir is not None:
        catalog.update(user_domains(config_dir))
    return catalog


def get_domain(domain_id: str, config_dir: Path | None = None) -> Domain:
    catalog = load_domains(config_dir)
    try:
        return catalog[domain_id]
    except KeyError:
        known = ", ".join(sorted(catalog))
        raise NotFoundError(f"unknown domain {domain_id!r}; known domains: {known}") from None


def domain_search(
    domain: Domain,
    *,
    max_results: int = 20,
    since: int | None = None,
    until: int | None = None,
    sort_by: SortBy = "relevance",
) -> Search:
    """The search a domain stands for: its arXiv query within its categories."""
    return Search(
        query=domain.arxiv_query,
        categories=tuple(domain.categories),
        since=since,
        until=until,
        max_results=max_results,
        sort_by=sort_by,
        scholar_query=domain.scholar_query or domain.title,
    )


def _parse(data: dict[str, Any], where: str) -> dict[str, Domain]:
    catalog: dict[str, Domain] = {}
    for domain_id, fields in data.items():
        if not isinstance(fields, dict):
            raise ConfigError(f"{where}: [{domain_id}] must be a table of fields")
        try:
            catalog[domain_id] = Domain(**{**fields, "id": domain_id})
        except ValidationError as error:
            problems = "; ".join(
                f"{'.'.join(str(p) for p in e['loc']) or domain_id}: {e['msg']}" for e in error.errors()
            )
            raise ConfigError(f"{where}: domain [{domain_id}] is invalid ({problems})") from None
    return catalog
