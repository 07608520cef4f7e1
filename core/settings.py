"""Core settings: where data lives and which database to use (env prefix TANGGAP_)."""

from __future__ import annotations

from pathlib import Path

from pydantic_settings import BaseSettings, SettingsConfigDict


class CoreSettings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="TANGGAP_", env_file=".env", extra="ignore")

    data_dir: Path = Path("data")
    database_url: str | None = None
    log_level: str = "INFO"
    log_json: bool = False

    def resolved_database_url(self) -> str:
        """The configured URL, or an SQLite file under the data directory."""
        if self.database_url:
            return normalise_database_url(self.database_url)
        return f"sqlite+aiosqlite:///{(self.data_dir / 'tanggap.db').resolve()}"


def normalise_database_url(url: str) -> str:
    """Accept the plain URLs admins know and pick the async driver for them."""
    replacements = {
        "postgres://": "postgresql+asyncpg://",
        "postgresql://": "postgresql+asyncpg://",
        "sqlite:///": "sqlite+aiosqlite:///",
    }
    for plain, asynchronous in replacements.items():
        if url.startswith(plain):
            return asynchronous + url[len(plain) :]
    return url
