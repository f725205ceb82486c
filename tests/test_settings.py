from __future__ import annotations

from pathlib import Path

import pytest

from assistant.settings import SettingsError, load_settings


def test_defaults_use_home_folder_and_offline_model(tmp_path: Path) -> None:
    settings = load_settings()
    assert settings.home == tmp_path / "home"
    assert settings.resolved_database_url == f"sqlite:///{(tmp_path / 'home' / 'tillage.sqlite3').resolve()}"
    assert settings.resolved_chroma_path == tmp_path / "home" / "chroma"
    assert settings.resolved_llm == "offline"


def test_openai_key_switches_default_model(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("OPENAI_API_KEY", "sk-test-not-real")
    settings = load_settings()
    assert settings.resolved_llm == "openai"
    assert "sk-test-not-real" not in repr(settings)


def test_postgres_url_accepted(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TILLAGE_DATABASE_URL", "postgresql://postgres@127.0.0.1:5432/test")
    assert load_settings().resolved_database_url.startswith("postgresql://")


@pytest.mark.parametrize(
    ("variable", "value"),
    [
        ("TILLAGE_DATABASE_URL", "mysql://nope"),
        ("TILLAGE_LLM", "claude"),
        ("TILLAGE_CHROMA_URL", "localhost:8000"),
        ("TILLAGE_LOG_LEVEL", "LOUD"),
        ("OPENAI_BASE_URL", "ftp://example"),
    ],
)
def test_invalid_setting_names_the_variable(monkeypatch: pytest.MonkeyPatch, variable: str, value: str) -> None:
    monkeypatch.setenv(variable, value)
    with pytest.raises(SettingsError) as info:
        load_settings()
    assert variable in str(info.value)


def test_openai_without_key_is_rejected(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TILLAGE_LLM", "openai")
    with pytest.raises(SettingsError, match="OPENAI_API_KEY"):
        load_settings()


def test_prefixed_openai_variables_are_read(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TILLAGE_OPENAI_API_KEY", "sk-other")
    monkeypatch.setenv("TILLAGE_OPENAI_BASE_URL", "http://127.0.0.1:9/v1")
    settings = load_settings()
    assert settings.openai_api_key is not None
    assert settings.openai_api_key.get_secret_value() == "sk-other"
    assert settings.openai_base_url == "http://127.0.0.1:9/v1"
