"""The officer's queue and a ticket's page in the browser: what `escalation.staff.pages` returns for
the signed-in principal (their units only; another unit's ticket is "not found"), drawn as HTML.
Personal data is masked; revealing it is a POST with the session's CSRF token, allowed only to
someone who may act on the ticket and written to the audit log.

No `from __future__ import annotations`: FastAPI reads the parameters' types at import."""

from typing import Annotated

from fastapi import APIRouter, Depends, Form, Query, Request, Response

from escalation.staff.pages import queue_for
from web.staff.deps import Staff, StaffGate, check_csrf
from web.staff.pages import Pages
from web.staff.queue_choices import CHANNELS, KINDS, OPEN, PAGE_SIZE, QueueChoices
from web.staff.site import StaffSite
from web.staff.ticket_view import CODE, TICKET_PATH, TicketView, names_of

QUEUE_PATH = "/staff/antrean"


def build_queue_routes(site: StaffSite, gate: StaffGate, pages: Pages) -> APIRouter:
    router = APIRouter()
    view = TicketView(site, pages)
    Signed = Annotated[Staff, Depends(gate.current_staff)]

    @router.get(QUEUE_PATH)
    async def queue_page(
        request: Request,
        staff: Signed,
        status: Annotated[str, Query(max_length=20)] = "",
        kanal: Annotated[str, Query(max_length=20)] = "",
        jenis: Annotated[str, Query(max_length=20)] = "",
        kategori: Annotated[str, Query(max_length=64)] = "",
        milik: Annotated[str, Query(max_length=10)] = "",
        cari: Annotated[str, Query(max_length=100)] = "",
        halaman: Annotated[int, Query(ge=1, le=10_000)] = 1,
    ) -> Response:
        """The queue; asked by the page's own script (`X-Tanggap-Part: queue`), only its list, which
        the script puts in place every half minute so the queue stays current without a reload."""
        chosen = QueueChoices.read(
            status=status,
            kanal=kanal,
            jenis=jenis,
            kategori=kategori,
            milik=milik,
            cari=cari,
            halaman=halaman,
            categories=site.categories,
        )
        async with site.db.reading() as session:
            queue = await queue_for(session, staff.principal, filters=chosen.filter_for(staff.principal))
            names = await names_of(session)
        part = request.headers.get("x-tanggap-part") == "queue"
        return pages.render(
            request,
            "queue_list.html" if part else "queue.html",
            staff=staff,
            queue=queue,
            names=names,
            statuses=OPEN,
            channels=CHANNELS,
            kinds=KINDS,
            categories=site.categories,
            chosen=chosen,
            has_next=chosen.halaman * PAGE_SIZE < queue.total,
        )

    @router.get(TICKET_PATH)
    async def ticket_view(
        request: Request,
        staff: Signed,
        code: Annotated[str, CODE],
        selesai: Annotated[str | None, Query(max_length=20)] = None,
        templat: Annotated[str | None, Query(max_length=64)] = None,
    ) -> Response:
        """The page; `selesai`: the desk action just done (its notice); `templat`: a canned response
        to start the message from."""
        return await view.render(request, staff, code, done=selesai, canned_id=templat)

    @router.post(TICKET_PATH + "/buka-data")
    async def ticket_revealed(
        request: Request,
        staff: Signed,
        code: Annotated[str, CODE],
        csrf: Annotated[str | None, Form(max_length=128)] = None,
    ) -> Response:
        check_csrf(staff, csrf)
        return await view.render(request, staff, code, reveal=True)

    return router
