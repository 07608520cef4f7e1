"""The desk's forms on a ticket's page that speak to the citizen or end the work: take the ticket,
reply, ask the citizen for more information (the SLA clocks pause until they answer), resolve it.
Each is a POST with the session's CSRF token calling the ticket desk (`escalation.desk`) through
`DeskActing` (web/staff/desk_acting.py); handing a ticket on is in `handover_routes`.

A message to the citizen is checked first: empty or too long, it comes back with the reason; what the
agency's register rules flag comes back for the officer to fix or confirm; a form sent twice sends
once (its `form_key`).

No `from __future__ import annotations`: FastAPI reads the parameters' types at import."""

from typing import Annotated

from fastapi import APIRouter, Depends, Form, Request, Response
from pydantic import BaseModel, Field
from sqlalchemy.ext.asyncio import AsyncSession

from escalation import EscalationContext, desk
from escalation.desk.writing import (
    OfficerTextError,
    checked_text,
    register_findings,
    unconfirmed,
)
from escalation.staff.audit import Origin
from web.staff.deps import Staff, StaffGate, check_csrf
from web.staff.desk_acting import Csrf, DeskActing, Note
from web.staff.pages import Pages
from web.staff.site import StaffSite
from web.staff.ticket_view import CODE, TICKET_PATH, Draft, TicketView


class Letter(BaseModel):
    """A message to the citizen as the form sends it."""

    text: str = ""
    """Not limited here: the request's body limit bounds it, and a text over the desk's limit comes back
    to the officer with the reason (and their text), not as a bare 422."""
    form_key: str = Field(default="", max_length=64)
    confirm: list[str] = Field(default_factory=list, max_length=32)
    """The register rules whose findings the officer confirmed."""
    csrf: str | None = Field(default=None, max_length=128)

    @property
    def confirmed(self) -> tuple[str, ...]:
        return tuple(self.confirm)


def build_desk_routes(site: StaffSite, gate: StaffGate, pages: Pages) -> APIRouter:
    router = APIRouter()
    view = TicketView(site, pages)
    act = DeskActing(site, view).act
    Signed = Annotated[Staff, Depends(gate.current_staff)]

    @router.post(TICKET_PATH + "/ambil")
    async def claim(
        request: Request, staff: Signed, code: Annotated[str, CODE], csrf: Csrf = None
    ) -> Response:
        check_csrf(staff, csrf)

        async def call(
            session: AsyncSession, person: str, context: EscalationContext, origin: Origin
        ) -> object:
            return await desk.claim(session, ticket=code, person_id=person, context=context, origin=origin)

        return await act(request, staff, code, "ambil", call)

    async def write(request: Request, staff: Staff, code: str, action: str, form: Letter) -> Response:
        """A reply ("balas") or a question ("tanya") to the citizen."""
        check_csrf(staff, form.csrf)
        refused = _refusal(site.escalation, form, action)
        if refused is not None:
            return await view.render(request, staff, code, draft=refused, status_code=422)

        async def call(
            session: AsyncSession, person: str, context: EscalationContext, origin: Origin
        ) -> object:
            key, confirmed = form.form_key or None, form.confirmed
            if action == "balas":
                return await desk.reply(
                    session,
                    ticket=code,
                    person_id=person,
                    text=form.text,
                    context=context,
                    origin=origin,
                    form_key=key,
                    register_confirmed=confirmed,
                )
            return await desk.ask_citizen(
                session,
                ticket=code,
                person_id=person,
                question=form.text,
                context=context,
                origin=origin,
                form_key=key,
                register_confirmed=confirmed,
            )

        return await act(request, staff, code, action, call)

    @router.post(TICKET_PATH + "/balas")
    async def reply(
        request: Request, staff: Signed, code: Annotated[str, CODE], form: Annotated[Letter, Form()]
    ) -> Response:
        return await write(request, staff, code, "balas", form)

    @router.post(TICKET_PATH + "/tanya")
    async def ask(
        request: Request, staff: Signed, code: Annotated[str, CODE], form: Annotated[Letter, Form()]
    ) -> Response:
        return await write(request, staff, code, "tanya", form)

    @router.post(TICKET_PATH + "/selesai")
    async def resolve(
        request: Request, staff: Signed, code: Annotated[str, CODE], note: Note = "", csrf: Csrf = None
    ) -> Response:
        check_csrf(staff, csrf)

        async def call(
            session: AsyncSession, person: str, context: EscalationContext, origin: Origin
        ) -> object:
            return await desk.resolve(
                session,
                ticket=code,
                person_id=person,
                context=context,
                note=note.strip() or None,
                origin=origin,
            )

        return await act(request, staff, code, "selesai", call)

    return router


def _refusal(context: EscalationContext | None, form: Letter, action: str) -> Draft | None:
    """Why the message cannot go yet (empty, too long, register findings not confirmed), or None."""
    try:
        body = checked_text(form.text)
    except OfficerTextError as error:
        return Draft(form.text, action, form.form_key, error=f"desk.error.{error.reason}")
    if context is None:
        return None
    findings = unconfirmed(register_findings(body, context=context), form.confirmed)
    if findings:
        return Draft(form.text, action, form.form_key, error="desk.error.register", findings=findings)
    return None
