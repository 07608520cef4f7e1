"""What a signed-in principal reads: the queue and a ticket's page, narrowed to the units they see
(`Principal.units`; another unit's ticket is "not found"). Personal data on a ticket's page is
revealed only to someone who may act on the ticket (`desk.may_act`: an officer or head of its unit or
a unit above, the supervisor), and every reveal is in the audit log."""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy.ext.asyncio import AsyncSession

from core.errors import PermissionDeniedError
from escalation import repository
from escalation.canned import canned_for
from escalation.context import EscalationContext
from escalation.desk.access import TicketRef, may_act
from escalation.desk.forwarding import forward_targets
from escalation.desk.queue import Queue, QueueFilter, officer_queue
from escalation.desk.ticket_page import TicketPage, ticket_page
from escalation.models import MemberRole
from escalation.staff.audit import AuditAction, audit
from escalation.staff.principal import Principal
from tickets import OPEN_STATUSES

OPEN = frozenset(str(status) for status in OPEN_STATUSES)


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


@dataclass(frozen=True)
class DeskChoices:
    """What the viewer may do on a ticket's page, and the choices its forms offer."""

    may_act: bool
    """They may claim, reply, ask, resolve and forward (an open ticket of a unit they act for)."""
    holds_it: bool
    """It is assigned to them already."""
    forward_targets: list[tuple[str, str]] = field(default_factory=list)
    """The units it may go to, as (id, name)."""
    colleagues: list[tuple[str, str]] = field(default_factory=list)
    """The unit's other active officers and heads it may be given to, as (id, name)."""
    outside: list[tuple[str, str]] = field(default_factory=list)
    """The bodies outside the agency it may be sent to ("bukan wewenang"), as (id, name)."""
    canned: list[tuple[str, str]] = field(default_factory=list)
    """The canned responses the ticket's unit may use, as (id, title)."""


async def desk_choices_for(
    session: AsyncSession, principal: Principal, page: TicketPage, *, context: EscalationContext | None
) -> DeskChoices:
    """None of the forms without an escalation context (a read-only site) or for someone who may not act."""
    person_id = principal.person_id
    allowed = (
        context is not None
        and page.status in OPEN
        and person_id is not None
        and await may_act(session, person_id=person_id, unit_id=page.unit_id or "") is not None
    )
    holds_it = person_id is not None and page.assignee_id == person_id
    if not allowed or context is None:
        return DeskChoices(may_act=False, holds_it=holds_it)
    return DeskChoices(
        may_act=True,
        holds_it=holds_it,
        forward_targets=await forward_targets(session, ticket=page.ticket_id),
        colleagues=await _colleagues(session, page.unit_id or "", but=person_id),
        outside=sorted(((body.id, body.name) for body in context.config.outside_bodies.values()), key=_name),
        canned=[(response.id, response.title) for response in canned_for(context.canned, page.unit_id)],
    )


async def _colleagues(session: AsyncSession, unit_id: str, *, but: str | None) -> list[tuple[str, str]]:
    found: dict[str, str] = {}
    for role in (MemberRole.OFFICER, MemberRole.HEAD):
        for person in await repository.members_of(session, unit_id, role):
            if person.active and person.id != but:
                found[person.id] = person.name
    return sorted(found.items(), key=_name)


def _name(pair: tuple[str, str]) -> str:
    return pair[1]
