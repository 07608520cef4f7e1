"""The JSON API for integrations (/api/v1): tickets and the report figures, behind per-client bearer
tokens (`escalation.staff.api_clients`), with the permissions of the web (docs/api.md)."""

from web.api.router import API_PREFIX, build_api_router, install_api

__all__ = ["API_PREFIX", "build_api_router", "install_api"]
