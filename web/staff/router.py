"""The staff pages on one router: each part (sign-in, account, queue and tickets, reports) is built
by its own module from the same `StaffSite`, `StaffGate` and `Pages`, and included here."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from urllib.parse import quote

from fastapi import APIRouter, FastAPI
from fastapi.staticfiles import StaticFiles
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response

from web.staff.deps import FormRefused, SignInRequired, StaffGate
from web.staff.pages import Pages
from web.staff.site import StaffSite

STATIC = Path(__file__).parent.parent / "static"
SIGN_IN_PATH = "/staff/masuk"


def build_staff_router(site: StaffSite) -> APIRouter:
    gate = StaffGate(site)
    pages = pages_of(site)
    router = APIRouter(include_in_schema=False)
    for part in _parts():
        router.include_router(part(site, gate, pages))
    return router


def pages_of(site: StaffSite) -> Pages:
    return Pages(agency_name=site.agency_name, timezone=site.timezone, categories=site.categories)


PagePart = Callable[[StaffSite, StaffGate, Pages], APIRouter]


def _parts() -> list[PagePart]:
    from web.staff import (
        account_routes,
        audit_routes,
        desk_routes,
        handover_routes,
        photo_routes,
        queue_routes,
        report_downloads,
        report_routes,
        signin_routes,
        user_routes,
    )

    return [
        signin_routes.build_signin_routes,
        account_routes.build_account_routes,
        queue_routes.build_queue_routes,
        desk_routes.build_desk_routes,
        handover_routes.build_handover_routes,
        photo_routes.build_photo_routes,
        report_routes.build_report_routes,
        report_downloads.build_download_routes,
        user_routes.build_user_routes,
        audit_routes.build_audit_routes,
    ]


def install_staff_pages(app: FastAPI, site: StaffSite) -> None:
    """The router and the stylesheet (mounted when the runtime is up)."""
    app.state.staff_pages = pages_of(site)
    app.mount("/static/staff", StaticFiles(directory=STATIC), name="staff-static")
    app.include_router(build_staff_router(site))


def install_staff_answers(app: FastAPI) -> None:
    """The answers to a missing sign-in and a refused form. Installed when the app is built: Starlette
    fixes its exception handlers at the first event (the lifespan), before the routes are mounted."""

    @app.exception_handler(SignInRequired)
    async def sign_in_first(_: Request, error: SignInRequired) -> Response:
        return RedirectResponse(f"{SIGN_IN_PATH}?lanjut={quote(error.next_path)}", status_code=303)

    @app.exception_handler(FormRefused)
    async def form_refused(request: Request, _: FormRefused) -> Response:
        pages: Pages = request.app.state.staff_pages
        return pages.render(
            request,
            "message.html",
            staff=None,
            status_code=403,
            title="error.form_refused.title",
            body="error.form_refused.body",
        )
