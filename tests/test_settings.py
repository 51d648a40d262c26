"""Settings from PAPERSTUDY_* variables: any case, constructor values win, a bad value is one clear line."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from paperstudy.cli import app
from paperstudy.errors import ConfigError
from paperstudy.settings import Settings, load_settings


def test_environment_fills_the_fields_and_constructor_values_win(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv("PAPERSTUDY_NOTES", str(tmp_path / "env-vault"))
    monkeypatch.setenv("paperstudy_http_timeout", "3")  # any case, as before
    monkeypatch.setenv("PAPERSTUDY_TEST_SOMETHING_ELSE", "ignored")
    settings = Settings(cache_days=0)
    assert (settings.notes, settings.http_timeout, settings.cache_days) == (tmp_path / "env-vault", 3.0, 0.0)
    assert Settings(notes=tmp_path / "flag").notes == tmp_path / "flag"
    assert load_settings(tmp_path / "flag").notes == tmp_path / "flag"


def test_a_bad_value_is_a_config_error_naming_the_variable(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv("PAPERSTUDY_PARSE_TIMEOUT", "soon")
    with pytest.raises(ConfigError, match=r"PAPERSTUDY_PARSE_TIMEOUT='soon'.*number"):
        load_settings()
    result = CliRunner().invoke(app, ["list", "--notes", str(tmp_path)])
    assert result.exit_code != 0
    assert "PAPERSTUDY_PARSE_TIMEOUT" in result.output and "Traceback" not in result.output
