"""The JSON API for integrations under /api/v1 (docs/api.md), in the OpenAPI schema, unlike the staff
pages; every answer `Cache-Control: no-store`. Built by the entry module from the same `StaffSite` as
the staff pages: the database, the trusted proxies, the SLA configuration and the runtime's escalation
context."""

from __future__ import annotations

from fastapi import APIRouter, Depends, FastAPI, Response

from web.api.gate import ApiGate
from web.api.metrics_routes import build_metrics_routes
from web.api.ticket_routes import build_ticket_routes
from web.staff.site import StaffSite

API_PREFIX = "/api/v1"


def no_store(response: Response) -> None:
    """Tickets and figures are not for caches between the integration and us."""
    response.headers["Cache-Control"] = "no-store"


def build_api_router(site: StaffSite) -> APIRouter:
    gate = ApiGate(site)
    router = APIRouter(prefix=API_PREFIX, dependencies=[Depends(no_store)])
    router.include_router(build_ticket_routes(site, gate))
    router.include_router(build_metrics_routes(site, gate))
    return router


def install_api(app: FastAPI, site: StaffSite) -> None:
    app.include_router(build_api_router(site))
