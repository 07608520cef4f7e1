"""The staff audit log: every staff action, one append-only row (who, what, which ticket, when, from
which address). Everything goes through `audit`; a database trigger refuses to change or delete a row."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from core import clock
from escalation.staff.models import StaffAudit
from escalation.staff.principal import Actor
from tickets import Ticket


class AuditAction(StrEnum):
    LOGIN = "login"
    LOGIN_FAILED = "login_failed"
    LOCKED = "locked"
    SECOND_FACTOR = "second_factor"
    SECOND_FACTOR_FAILED = "second_factor_failed"
    RECOVERY_CODE_USED = "recovery_code_used"
    TOTP_ENROLLED = "totp_enrolled"
    TWO_FACTOR_RESET = "two_factor_reset"
    LOGOUT = "logout"
    SESSION_REVOKED = "session_revoked"
    SESSIONS_REVOKED = "sessions_revoked"
    """Every session of an account ended by an admin (detail: the username and how many)."""
    ACCOUNT_CREATED = "account_created"
    PASSWORD_SET = "password_set"
    ACCOUNT_DISABLED = "account_disabled"
    ACCOUNT_ENABLED = "account_enabled"
    CLAIM = "claim"
    ASSIGN = "assign"
    REPLY = "reply"
    ASK_CITIZEN = "ask_citizen"
    RESOLVE = "resolve"
    FLAGS = "flags"
    FORWARD = "forward"
    FORWARD_OUTSIDE = "forward_outside"
    VIEW_PERSONAL_DATA = "view_personal_data"
    API_CLIENT_CREATED = "api_client_created"
    API_CLIENT_REVOKED = "api_client_revoked"
    API_WRITE_REFUSED = "api_write_refused"
    REPORT_EXPORT = "report_export"
    """A report downloaded (ticket list, monthly pack): its format, period, filters and ticket count."""


@dataclass(frozen=True)
class Origin:
    """Where a desk call comes from, for its audit entry: the signed-in actor (None: the person the desk
    acts as, e.g. from a Telegram group), the client's address, the channel."""

    actor: Actor | None = None
    ip: str | None = None
    channel: str | None = None


async def audit(
    session: AsyncSession,
    principal: Actor | None,
    action: AuditAction | str,
    *,
    ticket: Ticket | int | None = None,
    detail: Mapping[str, Any] | None = None,
    ip: str | None = None,
    channel: str | None = None,
) -> StaffAudit:
    """Append one entry. `principal` None: nobody known (a sign-in with an unknown username)."""
    ticket_id = ticket.id if isinstance(ticket, Ticket) else ticket
    who = principal or Actor()
    entry = StaffAudit(
        account_id=who.account_id,
        person_id=who.person_id,
        actor=who.actor,
        action=str(action),
        ticket_id=ticket_id,
        detail=dict(detail or {}),
        ip=ip,
        channel=channel,
        at=clock.now(),
    )
    session.add(entry)
    await session.flush()
    return entry
