"""Reading the staff audit log (supervisors and admins): newest first, a page at a time, filtered by
action, by who did it (a username), by ticket code and by a period. An unknown username or ticket
code matches nothing (an empty page), never an error that tells which exist."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from escalation.staff import repository
from escalation.staff.errors import NotAllowedError
from escalation.staff.models import StaffRole
from escalation.staff.principal import Principal
from escalation.staff.repository import AuditFilter
from escalation.staff.signin import normal_username
from tickets.repository import find_ticket_by_code

READERS = (StaffRole.SUPERVISOR, StaffRole.ADMIN)


@dataclass(frozen=True)
class AuditSearch:
    action: str | None = None
    username: str | None = None
    ticket_code: str | None = None
    since: datetime | None = None
    until: datetime | None = None
    """Exclusive."""


@dataclass(frozen=True)
class AuditEntry:
    at: datetime
    actor: str
    action: str
    ticket_code: str | None
    detail: dict[str, Any]
    ip: str | None
    channel: str | None


@dataclass(frozen=True)
class AuditPage:
    entries: list[AuditEntry]
    total: int
    page: int
    size: int
    actions: list[str] = field(default_factory=list)
    """Every action the log holds (the filter's choices)."""

    @property
    def pages(self) -> int:
        return max(1, -(-self.total // self.size))


def may_read_audit(principal: Principal) -> bool:
    return principal.role in READERS


async def read_audit_log(
    session: AsyncSession, *, by: Principal, search: AuditSearch, page: int = 1, size: int = 50
) -> AuditPage:
    if not may_read_audit(by):
        raise NotAllowedError("only supervisors and admins read the audit log")
    actions = await repository.audit_action_names(session)
    found = await _filter_of(session, search)
    if found is None:
        return AuditPage([], 0, page, size, actions)
    total = await repository.audit_count(session, found)
    rows = await repository.audit_page(session, found, limit=size, offset=(page - 1) * size)
    entries = [
        AuditEntry(row.at, row.actor, row.action, code, dict(row.detail), row.ip, row.channel)
        for row, code in rows
    ]
    return AuditPage(entries, total, page, size, actions)


async def _filter_of(session: AsyncSession, search: AuditSearch) -> AuditFilter | None:
    """The filter of `search`; None when a username or ticket code it names does not exist."""
    account_id, person_id, ticket_id = None, None, None
    if search.username:
        account = await repository.account_by_username(session, normal_username(search.username))
        if account is None:
            return None
        account_id, person_id = account.id, account.person_id
    if search.ticket_code:
        ticket = await find_ticket_by_code(session, search.ticket_code.strip().upper())
        if ticket is None:
            return None
        ticket_id = ticket.id
    return AuditFilter(
        action=search.action or None,
        account_id=account_id,
        person_id=person_id,
        ticket_id=ticket_id,
        since=search.since,
        until=search.until,
    )
