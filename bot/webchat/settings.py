"""Web chat settings (env prefix TANGGAP_WEB_, shared with `web.WebSettings`)."""

from __future__ import annotations

from functools import cached_property

from pydantic import field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

from core.forwarded import Network, parse_networks


class WebChatSettings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="TANGGAP_WEB_", env_file=".env", extra="ignore")

    trusted_proxies: str = ""
    """Comma-separated addresses or networks (e.g. `127.0.0.1,10.0.0.0/8`) of the reverse proxies in
    front of the service. Only a request from one of them may say, with `X-Forwarded-Proto` and
    `X-Forwarded-For`, that the browser spoke HTTPS and from which address. Empty: nobody."""
    session_idle_days: float = 30.0
    """A web chat session ends after this long without a message or a visit (sliding lifetime)."""

    @field_validator("trusted_proxies")
    @classmethod
    def _networks_parse(cls, value: str) -> str:
        parse_networks(value)
        return value

    @cached_property
    def proxies(self) -> tuple[Network, ...]:
        return parse_networks(self.trusted_proxies)
