"""The signed-in staff's own pages: the home page (who they are, their role and units)."""

from typing import Annotated

from fastapi import APIRouter, Depends
from starlette.requests import Request
from starlette.responses import Response

from web.staff.deps import Staff, StaffGate
from web.staff.pages import Pages
from web.staff.site import StaffSite


def build_account_routes(site: StaffSite, gate: StaffGate, pages: Pages) -> APIRouter:
    router = APIRouter()
    Signed = Annotated[Staff, Depends(gate.current_staff)]

    @router.get("/staff")
    async def home(request: Request, staff: Signed) -> Response:
        return pages.render(
            request,
            "home.html",
            staff=staff,
            units=None if staff.principal.units is None else sorted(staff.principal.units),
        )

    return router
