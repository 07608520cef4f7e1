"""Who may act on a ticket, whatever channel they act from: an active person who is an officer or the
head of the ticket's unit, or of a unit above it in its chain, or the agency's supervisor, and whose
staff account (if they have one) an admin has not disabled. The desk's officer use cases call
`acting_on` first; a refusal changes nothing."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy.ext.asyncio import AsyncSession

from core.errors import NotFoundError, PermissionDeniedError
from escalation import repository
from escalation.context import state_of
from escalation.models import Person, ServiceUnit
from escalation.service import require_open
from escalation.staff import repository as staff_accounts
from tickets import Ticket
from tickets import service as tickets

TicketRef = int | str
"""A ticket by its id, or by its code (`ADU-2026-000123`)."""


@dataclass(frozen=True)
class Acting:
    """The person acting and the ticket they act on (after the action: its unit may have changed)."""

    person: Person
    ticket: Ticket

    @property
    def actor(self) -> str:
        """The actor in the ticket's history."""
        return actor_of(self.person.id)


def actor_of(person_id: str) -> str:
    return f"officer:{person_id}"


async def find_ticket(session: AsyncSession, ref: TicketRef) -> Ticket:
    """The ticket `ref` names; `NotFoundError` when there is none."""
    if isinstance(ref, int):
        ticket = await tickets.get_ticket(session, ticket_id=ref)
    else:
        ticket = await tickets.ticket_by_code(session, code=ref.strip().upper())
    if ticket is None:
        raise NotFoundError(f"unknown ticket {ref!r}")
    return ticket


async def acting_on(
    session: AsyncSession, *, person_id: str, ticket: TicketRef, must_be_open: bool = True
) -> Acting:
    """`person_id` acting on `ticket`: `NotFoundError` (no such ticket), `PermissionDeniedError` (not
    someone who may act on it), `ConflictError` (it is closed, when `must_be_open`)."""
    found = await find_ticket(session, ticket)
    state = await state_of(session, found)
    person = await may_act(session, person_id=person_id, unit_id=state.unit_id)
    if person is None:
        raise PermissionDeniedError(f"{person_id!r} may not act on ticket {found.code}")
    if must_be_open:
        require_open(found)
    return Acting(person, found)


async def may_act(session: AsyncSession, *, person_id: str, unit_id: str) -> Person | None:
    """The active person `person_id` if they may act on `unit_id`'s tickets, else None."""
    person = await repository.get_person(session, person_id)
    if person is None or not person.active or await _account_disabled(session, person_id):
        return None
    if person.is_supervisor:
        return person
    lineage = chain_of(await repository.all_units(session), unit_id)
    return person if await repository.is_member_of_any(session, person.id, lineage) else None


async def _account_disabled(session: AsyncSession, person_id: str) -> bool:
    """Their account was disabled (one that never had a password is only waiting for its first)."""
    account = await staff_accounts.account_by_person(session, person_id)
    return account is not None and account.disabled and account.password_hash is not None


def chain_of(units: dict[str, ServiceUnit], unit_id: str) -> list[str]:
    """`unit_id` and the units above it, nearest first."""
    lineage: list[str] = []
    current: str | None = unit_id
    while current is not None and current not in lineage and current in units:
        lineage.append(current)
        current = units[current].parent_id
    return lineage
