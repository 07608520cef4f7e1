"""The audit entry of a desk use case done by a member of staff, whatever the channel: the signed-in
account from the dashboard (`Origin.actor`), or the person acting from a Telegram group (with the
account linked to that person, if any). Imports nothing of the desk (the desk imports this)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from core.errors import PermissionDeniedError
from escalation.staff import repository
from escalation.staff.audit import AuditAction, Origin, audit
from escalation.staff.principal import Actor
from tickets import Ticket


def check_origin(origin: Origin | None, person_id: str) -> None:
    """A signed-in actor acts on the desk as their own person only."""
    if origin is not None and origin.actor is not None and origin.actor.person_id != person_id:
        raise PermissionDeniedError(f"{origin.actor.actor} may not act as {person_id!r}")


async def record_desk_action(
    session: AsyncSession,
    origin: Origin | None,
    action: AuditAction,
    *,
    person_id: str,
    ticket: Ticket,
    detail: Mapping[str, Any] | None = None,
) -> None:
    check_origin(origin, person_id)
    actor = origin.actor if origin is not None and origin.actor is not None else None
    if actor is None:
        account = await repository.account_by_person(session, person_id)
        actor = Actor(account_id=account.id if account else None, person_id=person_id)
    await audit(
        session,
        actor,
        action,
        ticket=ticket,
        detail=detail,
        ip=origin.ip if origin else None,
        channel=origin.channel if origin else None,
    )
