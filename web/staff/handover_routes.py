"""The desk's forms on a ticket's page that hand it on or mark it: forward it to another unit of the
agency (or back to the complaints desk), send it outside the agency ("bukan wewenang": the citizen is
told which body handles it and the ticket is closed as forwarded), give it to a colleague of the unit,
mark it confidential or anonymous. Each is a CSRF-checked POST through `DeskActing`.

No `from __future__ import annotations`: FastAPI reads the parameters' types at import."""

from typing import Annotated

from fastapi import APIRouter, Depends, Form, Request, Response
from sqlalchemy.ext.asyncio import AsyncSession

from core.errors import NotFoundError
from escalation import EscalationContext, OutsideAgency, desk
from escalation.staff.audit import Origin
from web.staff.deps import Staff, StaffGate, check_csrf
from web.staff.desk_acting import Choice, Csrf, DeskActing, Note
from web.staff.pages import Pages
from web.staff.site import StaffSite
from web.staff.ticket_view import CODE, TICKET_PATH, TicketView

Ticked = Annotated[bool, Form()]


def build_handover_routes(site: StaffSite, gate: StaffGate, pages: Pages) -> APIRouter:
    router = APIRouter()
    act = DeskActing(site, TicketView(site, pages)).act
    Signed = Annotated[Staff, Depends(gate.current_staff)]

    @router.post(TICKET_PATH + "/teruskan")
    async def forward(
        request: Request,
        staff: Signed,
        code: Annotated[str, CODE],
        unit: Choice = "",
        note: Note = "",
        csrf: Csrf = None,
    ) -> Response:
        check_csrf(staff, csrf)

        async def call(
            session: AsyncSession, person: str, context: EscalationContext, origin: Origin
        ) -> object:
            return await desk.forward_to_unit(
                session,
                ticket=code,
                person_id=person,
                context=context,
                to_unit=unit or None,
                note=note.strip() or None,
                origin=origin,
            )

        return await act(request, staff, code, "teruskan", call)

    @router.post(TICKET_PATH + "/luar")
    async def outside(
        request: Request,
        staff: Signed,
        code: Annotated[str, CODE],
        body: Choice = "",
        note: Note = "",
        csrf: Csrf = None,
    ) -> Response:
        check_csrf(staff, csrf)

        async def call(
            session: AsyncSession, person: str, context: EscalationContext, origin: Origin
        ) -> object:
            known = context.config.outside_bodies.get(body)
            if known is None:
                raise NotFoundError(f"no outside body {body!r}")
            agency = OutsideAgency(name=known.name, contact=known.contact, email=known.email)
            return await desk.forward_outside(
                session,
                ticket=code,
                person_id=person,
                agency=agency,
                context=context,
                note=note.strip() or None,
                origin=origin,
            )

        return await act(request, staff, code, "luar", call)

    @router.post(TICKET_PATH + "/serahkan")
    async def assign(
        request: Request, staff: Signed, code: Annotated[str, CODE], person: Choice = "", csrf: Csrf = None
    ) -> Response:
        check_csrf(staff, csrf)

        async def call(
            session: AsyncSession, acting: str, context: EscalationContext, origin: Origin
        ) -> object:
            return await desk.assign(
                session, ticket=code, person_id=acting, assignee_id=person, context=context, origin=origin
            )

        return await act(request, staff, code, "serahkan", call)

    @router.post(TICKET_PATH + "/tandai")
    async def flags(
        request: Request,
        staff: Signed,
        code: Annotated[str, CODE],
        confidential: Ticked = False,
        anonymous: Ticked = False,
        csrf: Csrf = None,
    ) -> Response:
        check_csrf(staff, csrf)

        async def call(
            session: AsyncSession, acting: str, context: EscalationContext, origin: Origin
        ) -> object:
            return await desk.mark_flags(
                session,
                ticket=code,
                person_id=acting,
                confidential=confidential,
                anonymous=anonymous,
                origin=origin,
            )

        return await act(request, staff, code, "tandai", call)

    return router
