"""What a signed-in principal reads: the queue and a ticket's page, narrowed to the units they see
(`Principal.units`; another unit's ticket is "not found"). Personal data on a ticket's page is
revealed only to someone who may act on the ticket (`desk.may_act`: an officer or head of its unit or
a unit above, the supervisor), and every reveal is in the audit log."""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncSession

from core.errors import PermissionDeniedError
from escalation.desk.access import TicketRef, may_act
from escalation.desk.queue import Queue, QueueFilter, officer_queue
from escalation.desk.ticket_page import TicketPage, ticket_page
from escalation.staff.audit import AuditAction, audit
from escalation.staff.principal import Principal


async def queue_for(
    session: AsyncSession, principal: Principal, *, filters: QueueFilter | None = None
) -> Queue:
    return await officer_queue(session, units=principal.units, filters=filters)


async def ticket_page_for(
    session: AsyncSession,
    principal: Principal,
    *,
    ticket: TicketRef,
    reveal: bool = False,
    ip: str | None = None,
) -> TicketPage:
    """The page, masked; with `reveal`, unmasked for someone who may act on the ticket
    (`PermissionDeniedError` for anyone else) and audited (`view_personal_data`)."""
    page = await ticket_page(session, ticket=ticket, units=principal.units)
    if not reveal:
        return page
    unit_id = page.unit_id or ""
    allowed = principal.person_id is not None and (
        await may_act(session, person_id=principal.person_id, unit_id=unit_id) is not None
    )
    if not allowed:
        raise PermissionDeniedError(f"{principal.actor} may not see the personal data of {page.code}")
    await audit(
        session, principal, AuditAction.VIEW_PERSONAL_DATA, ticket=page.ticket_id, ip=ip, channel="web"
    )
    return await ticket_page(session, ticket=page.ticket_id, units=principal.units, reveal=True)
