"""One settings object, read from ``PAPERSTUDY_*`` environment variables, flags and defaults."""

from __future__ import annotations

from functools import cached_property
from pathlib import Path

import platformdirs
from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict

APP_NAME = "paperstudy"
_CHECKOUT_NOTES = Path(__file__).resolve().parent.parent / "notes"


def default_notes_dir() -> Path:
    """The checkout's top-level ``notes/`` when running from one, else the user's data dir."""
    if (_CHECKOUT_NOTES / "README.md").is_file():
        return _CHECKOUT_NOTES
    return Path(platformdirs.user_data_dir(APP_NAME)) / "notes"


class Settings(BaseSettings):
    """Everything configurable. Environment: ``PAPERSTUDY_<FIELD>`` (e.g. ``PAPERSTUDY_NOTES``)."""

    model_config = SettingsConfigDict(env_prefix="PAPERSTUDY_", extra="ignore")

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

    @cached_property
    def config_dir(self) -> Path:
        return Path(platformdirs.user_config_dir(APP_NAME))


def load_settings(notes: Path | None = None) -> Settings:
    """Settings from the environment, with a ``--notes`` flag taking precedence when given."""
    settings = Settings()
    if notes is not None:
        settings = settings.model_copy(update={"notes": notes})
    return settings
