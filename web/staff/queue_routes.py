"""The officer's queue and a ticket's page in the browser: what `escalation.staff.pages` returns for
the signed-in principal (their units only; another unit's ticket is "not found"), drawn as HTML.
Personal data is masked; revealing it is a POST with the session's CSRF token, allowed only to
someone who may act on the ticket and written to the audit log.

No `from __future__ import annotations`: FastAPI reads the parameters' types at import."""

from typing import Annotated

from fastapi import APIRouter, Depends, Form, Path, Query, Request, Response

from escalation.desk.queue import QueueFilter
from escalation.staff.pages import queue_for
from tickets import OPEN_STATUSES
from web.staff.deps import Staff, StaffGate, check_csrf
from web.staff.pages import Pages
from web.staff.site import StaffSite
from web.staff.ticket_view import TicketView, names_of

QUEUE_PATH = "/staff/antrean"
TICKET_PATH = "/staff/tiket/{code}"
PAGE_SIZE = 50
CODE = Path(min_length=3, max_length=40, pattern=r"^[A-Za-z0-9-]+$")
OPEN = tuple(str(status) for status in OPEN_STATUSES)


def build_queue_routes(site: StaffSite, gate: StaffGate, pages: Pages) -> APIRouter:
    router = APIRouter()
    view = TicketView(site, pages)
    Signed = Annotated[Staff, Depends(gate.current_staff)]

    @router.get(QUEUE_PATH)
    async def queue_page(
        request: Request,
        staff: Signed,
        status: Annotated[str, Query(max_length=20)] = "",
        cari: Annotated[str, Query(max_length=100)] = "",
        milik: Annotated[str, Query(max_length=10)] = "",
        halaman: Annotated[int, Query(ge=1, le=10_000)] = 1,
    ) -> Response:
        mine = milik == "saya" and staff.principal.person_id is not None
        filters = QueueFilter(
            statuses=frozenset({status}) if status in OPEN else frozenset(OPEN),
            assignee=staff.principal.person_id if mine else None,
            unassigned=milik == "belum",
            search=cari.strip(),
            limit=PAGE_SIZE,
            offset=(halaman - 1) * PAGE_SIZE,
        )
        async with site.db.reading() as session:
            queue = await queue_for(session, staff.principal, filters=filters)
            names = await names_of(session)
        return pages.render(
            request,
            "queue.html",
            staff=staff,
            queue=queue,
            names=names,
            statuses=OPEN,
            chosen={"status": status if status in OPEN else "", "cari": cari, "milik": milik},
            page=halaman,
            has_next=halaman * PAGE_SIZE < queue.total,
        )

    @router.get(TICKET_PATH)
    async def ticket_view(request: Request, staff: Signed, code: Annotated[str, CODE]) -> Response:
        return await _ticket(request, staff, code, reveal=False)

    @router.post(TICKET_PATH + "/buka-data")
    async def ticket_revealed(
        request: Request,
        staff: Signed,
        code: Annotated[str, CODE],
        csrf: Annotated[str | None, Form(max_length=128)] = None,
    ) -> Response:
        check_csrf(staff, csrf)
        return await _ticket(request, staff, code, reveal=True)

    async def _ticket(request: Request, staff: Signed, code: str, *, reveal: bool) -> Response:
        return await view.render(
            request, staff, code, reveal=reveal, done=request.query_params.get("selesai")
        )

    return router
