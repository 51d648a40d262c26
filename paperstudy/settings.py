"""One settings object, read from ``PAPERSTUDY_*`` environment variables, flags and defaults.

A plain pydantic model that reads its own environment variables: pydantic-settings did the same for these
few scalar fields but cost about 0.3 s of every command's start-up (``paperstudy find`` from the shell).
"""

from __future__ import annotations

import os
from functools import cached_property
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from paperstudy.errors import ConfigError

APP_NAME = "paperstudy"
ENV_PREFIX = "PAPERSTUDY_"
_CHECKOUT_NOTES = Path(__file__).resolve().parent.parent / "notes"


def default_notes_dir() -> Path:
    """The checkout's top-level ``notes/`` when running from one, else the user's data dir."""
    if (_CHECKOUT_NOTES / "README.md").is_file():
        return _CHECKOUT_NOTES
    import platformdirs  # only outside a checkout: every command's start-up reads the settings

    return Path(platformdirs.user_data_dir(APP_NAME)) / "notes"


class Settings(BaseModel):
    """Everything configurable. Environment: ``PAPERSTUDY_<FIELD>`` in any case (e.g. ``PAPERSTUDY_NOTES``);
    values given to the constructor win over the environment."""

    model_config = ConfigDict(extra="ignore")

    notes: Path = Field(default_factory=default_notes_dir)
    """The notes vault: Markdown notes plus ``.paperstudy/`` (library.db, pdfs, cache)."""
    parse_timeout: float = Field(default=120.0, gt=0)
    """Seconds one PDF may take to parse before it is cut off."""
    max_pdf_mb: float = Field(default=200.0, gt=0)
    workers: int | None = Field(default=None, ge=1)
    """PDFs parsed at once by ``ingest`` (each in its own process); unset: one per core."""
    embedding_model: str | None = None
    """``static`` (the default when unset: the bundled static model), ``minilm`` (all-MiniLM-L6-v2 through
    sentence-transformers), ``hash``, or a sentence-transformers model path or name. Unset, a library whose
    vectors were made by another known model keeps being searched and extended with that model."""
    arxiv_url: str = "https://export.arxiv.org/api/query"
    scholar_url: str = "https://scholar.google.com"
    scholar_proxy: str | None = None
    scraperapi_key: str | None = None
    http_timeout: float = Field(default=20.0, gt=0)
    cache_days: float = Field(default=7.0, ge=0)

    def __init__(self, **values: Any) -> None:
        super().__init__(**{**environment_values(), **values})

    @cached_property
    def config_dir(self) -> Path:
        import platformdirs  # start-up time (default_notes_dir)

        return Path(platformdirs.user_config_dir(APP_NAME))


def environment_values() -> dict[str, str]:
    """The ``PAPERSTUDY_<FIELD>`` variables of the fields ``Settings`` has (others are left alone)."""
    out: dict[str, str] = {}
    for key, value in os.environ.items():
        if key.upper().startswith(ENV_PREFIX):
            name = key[len(ENV_PREFIX) :].lower()
            if name in Settings.model_fields:
                out[name] = value
    return out


def load_settings(notes: Path | None = None) -> Settings:
    """Settings from the environment, with a ``--notes`` flag taking precedence when given; a bad value is
    a ``ConfigError`` naming the variable."""
    try:
        settings = Settings()
    except ValidationError as error:
        problems = "; ".join(
            f"{ENV_PREFIX}{'.'.join(str(p) for p in e['loc']).upper()}={e.get('input')!r}: {e['msg']}"
            for e in error.errors()
        )
        raise ConfigError(f"invalid setting in the environment: {problems}") from None
    if notes is not None:
        settings = settings.model_copy(update={"notes": notes})
    return settings
