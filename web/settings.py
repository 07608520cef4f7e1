"""HTTP settings of the service (env prefix TANGGAP_WEB_)."""

from __future__ import annotations

from pydantic_settings import BaseSettings, SettingsConfigDict


class WebSettings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="TANGGAP_WEB_", env_file=".env", extra="ignore")

    max_body_bytes: int = 64 * 1024
    """Request bodies on every route without a limit of its own (the web chat's messages among them)."""
    upload_overhead_bytes: int = 128 * 1024
    """Added to the photo limit for the photo upload: the form's other fields and boundaries."""
    api_docs: bool = False
    """Serve /docs, /redoc and /openapi.json (a development aid; off in production)."""
