"""Web chat settings (env prefix TANGGAP_WEB_, shared with `web.WebSettings`)."""

from __future__ import annotations

import ipaddress
from functools import cached_property

from pydantic import field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

Network = ipaddress.IPv4Network | ipaddress.IPv6Network


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
        _parse_networks(value)
        return value

    @cached_property
    def proxies(self) -> tuple[Network, ...]:
        return _parse_networks(self.trusted_proxies)


def _parse_networks(value: str) -> tuple[Network, ...]:
    try:
        return tuple(
            ipaddress.ip_network(part.strip(), strict=False) for part in value.split(",") if part.strip()
        )
    except ValueError as error:
        raise ValueError(f"TANGGAP_WEB_TRUSTED_PROXIES: {error}") from None
