"""HTTP settings of the service (env prefix TANGGAP_WEB_)."""

from __future__ import annotations

from functools import cached_property

from pydantic import field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

from core.forwarded import Network, parse_networks


class WebSettings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="TANGGAP_WEB_", env_file=".env", extra="ignore")

    max_body_bytes: int = 64 * 1024
    """Request bodies on every route without a limit of its own (the web chat's messages among them)."""
    upload_overhead_bytes: int = 128 * 1024
    """Added to the photo limit for the photo upload: the form's other fields and boundaries."""
    api_docs: bool = False
    """Serve /docs, /redoc and /openapi.json (a development aid; off in production)."""
    trusted_proxies: str = ""
    """The reverse proxies whose `X-Forwarded-*` headers are believed (the same setting as the web
    chat's: comma-separated addresses or networks)."""

    @field_validator("trusted_proxies")
    @classmethod
    def _networks_parse(cls, value: str) -> str:
        parse_networks(value)
        return value

    @cached_property
    def proxies(self) -> tuple[Network, ...]:
        return parse_networks(self.trusted_proxies)
