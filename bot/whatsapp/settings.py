"""WhatsApp settings (env prefix TANGGAP_WHATSAPP_)."""

from __future__ import annotations

from pydantic import Field, SecretStr
from pydantic_settings import BaseSettings, SettingsConfigDict


class WhatsAppSettings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="TANGGAP_WHATSAPP_", env_file=".env", extra="ignore")

    phone_id: str | None = Field(default=None, description="the Phone Number ID messages are sent from")
    token: SecretStr | None = Field(default=None, description="a system user's permanent access token")
    verify_token: SecretStr | None = Field(default=None, description="any string; Meta echoes it once")
    app_secret: SecretStr | None = Field(default=None, description="signs every webhook body")
    webhook_path: str = "/whatsapp/webhook"
    template_name: str | None = Field(
        default=None,
        description="approved template (one body parameter) for messages outside the 24-hour window",
    )
    template_language: str = "id"
    window_hours: float = 24.0
    messages_per_second: float = 80.0
    chat_interval_seconds: float = 1.0
    max_update_bytes: int = 3_000_000
    """A webhook body larger than this is refused (413) while it streams in, before it is read."""

    @property
    def enabled(self) -> bool:
        return all((self.phone_id, self.token, self.verify_token, self.app_secret)) and bool(
            self.app_secret and self.app_secret.get_secret_value()
        )
