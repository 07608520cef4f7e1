"""Web channel for staff and operators: health checks, API error handling, and the HTTP guards every
route goes through (body limits, JSON text cleaning, security headers); the dashboard is to come."""

from web.errors import install_error_handlers
from web.guards import install_http_guards
from web.health import build_health_router
from web.limits import BodyLimits
from web.settings import WebSettings

__all__ = [
    "BodyLimits",
    "WebSettings",
    "build_health_router",
    "install_error_handlers",
    "install_http_guards",
]
