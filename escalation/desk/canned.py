"""A canned response filled in for one ticket: the citizen's name (unless the ticket is anonymous), its
code, its unit and its resolution deadline in the agency's time. The officer reads and edits the text
before `desk.reply` sends it."""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncSession

from core.errors import PermissionDeniedError
from escalation.canned import CannedResponse, Filling, fill
from escalation.context import EscalationContext
from escalation.desk.access import TicketRef, find_ticket
from escalation.desk.officer import unit_name
from sla import service as sla
from tickets import Citizen


async def fill_canned(
    session: AsyncSession, *, ticket: TicketRef, response: CannedResponse, context: EscalationContext
) -> str:
    found = await find_ticket(session, ticket)
    if not response.usable_by(found.unit_id):
        raise PermissionDeniedError(f"response {response.id!r} is not for unit {found.unit_id!r}")
    citizen = await session.get(Citizen, found.citizen_id)
    due = [
        clock.due_at
        for clock in await sla.clocks_of(session, ticket=found)
        if str(clock.kind) == "resolution" and str(clock.status) in ("running", "paused")
    ]
    filling = Filling(
        code=found.code,
        unit=await unit_name(session, found, context),
        deadline=context.moment(min(due)) if due else "",
        name=None if found.anonymous or citizen is None else _addressed(citizen.display_name),
    )
    return fill(response, filling)


def _addressed(name: str | None) -> str | None:
    """ "Budi" -> "Bapak/Ibu Budi": the reply never guesses whether the citizen is Bapak or Ibu."""
    return f"Bapak/Ibu {name.split()[0]}" if name and name.split() else None
