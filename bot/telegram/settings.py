"""Telegram settings (env prefix TANGGAP_TELEGRAM_)."""

from __future__ import annotations

from urllib.parse import urlsplit

from pydantic import Field, SecretStr
from pydantic_settings import BaseSettings, SettingsConfigDict

ALLOWED_UPDATES = ["message", "edited_message", "callback_query"]


class TelegramSettings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="TANGGAP_TELEGRAM_", env_file=".env", extra="ignore")

    token: SecretStr | None = None
    webhook_secret: SecretStr | None = Field(
        default=None, description="1-256 characters A-Z, a-z, 0-9, _ and -; Telegram sends it back"
    )
    webhook_url: str | None = Field(
        default=None, description="public URL of the webhook; unset: long polling (a laptop demo)"
    )
    webhook_path: str = "/telegram/webhook"
    discussion_chat_ids: list[int] = Field(
        default_factory=list, description="discussion groups whose comments are served; empty: any"
    )
    api_base: str | None = Field(default=None, description="a local Bot API server instead of Telegram's")
    max_update_bytes: int = 1_000_000
    """A webhook body larger than this is refused (413) while it streams in, before it is read."""
    polling_timeout: int = 25
    messages_per_second: float = 30.0
    chat_interval_seconds: float = 1.0
    group_interval_seconds: float = 3.0

    @property
    def enabled(self) -> bool:
        return self.token is not None and bool(self.token.get_secret_value())

    def webhook_target(self, url: str | None = None) -> str:
        """The full URL to register: a bare host gets the webhook path appended."""
        base = url or self.webhook_url or ""
        if urlsplit(base).path in ("", "/"):
            return base.rstrip("/") + self.webhook_path
        return base

    def secret(self) -> str:
        if self.webhook_secret is None or not self.webhook_secret.get_secret_value():
            raise ValueError("TANGGAP_TELEGRAM_WEBHOOK_SECRET must be set to use a webhook")
        return self.webhook_secret.get_secret_value()
