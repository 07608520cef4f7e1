"""What every desk form on a ticket's page does around its use case: act as the signed-in account's
person (an account without one, an admin, cannot act), only on a ticket the account sees (another
unit's is "not found", like an unknown code), in one transaction, with the account and its address as
the origin of the audit entry; then back to the ticket's page (303) with a notice, or the page that
says why nothing changed (404, 403, 409 for a resolved or closed ticket)."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Annotated

from fastapi import Form
from sqlalchemy.ext.asyncio import AsyncSession
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response

from core.errors import ConflictError, NotFoundError, PermissionDeniedError
from escalation import EscalationContext
from escalation.staff.audit import Origin
from escalation.staff.visibility import visible_ticket
from web.staff.deps import Staff
from web.staff.site import StaffSite
from web.staff.ticket_view import TicketView

Csrf = Annotated[str | None, Form(max_length=128)]
Note = Annotated[str, Form(max_length=1000)]
Choice = Annotated[str, Form(max_length=64)]

Session = AsyncSession
Context = EscalationContext
DeskCall = Callable[[Session, str, Context, Origin], Awaitable[object]]
"""A use case bound to its form: (session, the person acting, the context, the origin)."""
REFUSALS: dict[type[Exception], tuple[str, int]] = {
    NotFoundError: ("not_found", 404),
    PermissionDeniedError: ("forbidden", 403),
    ConflictError: ("closed", 409),
}


class DeskActing:
    def __init__(self, site: StaffSite, view: TicketView) -> None:
        self.site = site
        self.view = view

    async def act(self, request: Request, staff: Staff, code: str, action: str, call: DeskCall) -> Response:
        person_id, context = staff.principal.person_id, self.site.escalation
        if person_id is None or context is None:
            return self.view.message(request, staff, "forbidden", 403)
        origin = Origin(actor=staff.principal, ip=staff.client.address or None, channel="web")
        try:
            async with self.site.db.session() as session:
                await visible_ticket(session, staff.principal, code)
                await call(session, person_id, context, origin)
        except (NotFoundError, PermissionDeniedError, ConflictError) as error:
            key, status_code = REFUSALS[type(error)]
            return self.view.message(request, staff, key, status_code)
        return RedirectResponse(f"/staff/tiket/{code.upper()}?selesai={action}", status_code=303)
