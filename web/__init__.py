"""Web channel for staff and operators: health checks, API error handling (dashboard to come)."""

from web.errors import install_error_handlers
from web.health import build_health_router

__all__ = ["build_health_router", "install_error_handlers"]
