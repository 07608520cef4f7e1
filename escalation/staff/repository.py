"""Queries of staff accounts, their recovery codes, sessions and audit log."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import and_, func, or_, select, update
from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import col

from escalation.staff.models import SessionStage, StaffAccount, StaffAudit, StaffRecoveryCode, StaffSession
from tickets.models import Ticket


async def account_by_username(
    session: AsyncSession, username: str, *, for_update: bool = False
) -> StaffAccount | None:
    """Usernames are stored lower-case (`accounts.normal_username`)."""
    statement = select(StaffAccount).where(col(StaffAccount.username) == username)
    if for_update:
        statement = statement.with_for_update()
    return (await session.execute(statement)).scalar_one_or_none()


async def lock_account(session: AsyncSession, account_id: int) -> StaffAccount | None:
    """The account, its row locked until the transaction ends (failed-attempt counts are exact)."""
    statement = select(StaffAccount).where(col(StaffAccount.id) == account_id).with_for_update()
    return (await session.execute(statement.execution_options(populate_existing=True))).scalar_one_or_none()


async def account_by_person(session: AsyncSession, person_id: str) -> StaffAccount | None:
    statement = select(StaffAccount).where(col(StaffAccount.person_id) == person_id)
    return (await session.execute(statement.order_by(col(StaffAccount.id)).limit(1))).scalar_one_or_none()


async def get_account(session: AsyncSession, account_id: int) -> StaffAccount | None:
    return await session.get(StaffAccount, account_id)


async def all_accounts(session: AsyncSession) -> Sequence[StaffAccount]:
    statement = select(StaffAccount).order_by(col(StaffAccount.username))
    return (await session.execute(statement)).scalars().all()


async def session_by_hash(session: AsyncSession, token_hash: str) -> StaffSession | None:
    statement = select(StaffSession).where(col(StaffSession.token_hash) == token_hash)
    return (await session.execute(statement)).scalar_one_or_none()


async def live_sessions(session: AsyncSession, account_id: int, *, now: datetime) -> Sequence[StaffSession]:
    statement = (
        select(StaffSession)
        .where(
            col(StaffSession.account_id) == account_id,
            col(StaffSession.revoked_at).is_(None),
            col(StaffSession.expires_at) > now,
        )
        .order_by(col(StaffSession.last_seen_at).desc())
    )
    return (await session.execute(statement)).scalars().all()


async def revoke_sessions(
    session: AsyncSession, account_id: int, *, now: datetime, keep: int | None = None
) -> int:
    """Revoke the account's unrevoked sessions (but `keep`); how many."""
    statement = update(StaffSession).where(
        col(StaffSession.account_id) == account_id, col(StaffSession.revoked_at).is_(None)
    )
    if keep is not None:
        statement = statement.where(col(StaffSession.id) != keep)
    result = await session.execute(statement.values(revoked_at=now))
    return int(result.rowcount or 0)  # type: ignore[attr-defined]


async def unused_recovery_code(
    session: AsyncSession, account_id: int, code_hash: str
) -> StaffRecoveryCode | None:
    statement = (
        select(StaffRecoveryCode)
        .where(
            col(StaffRecoveryCode.account_id) == account_id,
            col(StaffRecoveryCode.code_hash) == code_hash,
            col(StaffRecoveryCode.used_at).is_(None),
        )
        .with_for_update()
    )
    return (await session.execute(statement)).scalar_one_or_none()


async def unused_recovery_count(session: AsyncSession, account_id: int) -> int:
    statement = select(func.count()).where(
        col(StaffRecoveryCode.account_id) == account_id, col(StaffRecoveryCode.used_at).is_(None)
    )
    return int((await session.execute(statement)).scalar_one())


async def spend_recovery_codes(session: AsyncSession, account_id: int, *, now: datetime) -> None:
    """Mark every unused code of the account used (new codes replace them)."""
    await session.execute(
        update(StaffRecoveryCode)
        .where(col(StaffRecoveryCode.account_id) == account_id, col(StaffRecoveryCode.used_at).is_(None))
        .values(used_at=now)
    )


async def audit_entries(
    session: AsyncSession, *, ticket_id: int | None = None, account_id: int | None = None, limit: int = 100
) -> Sequence[StaffAudit]:
    statement = select(StaffAudit)
    if ticket_id is not None:
        statement = statement.where(col(StaffAudit.ticket_id) == ticket_id)
    if account_id is not None:
        statement = statement.where(col(StaffAudit.account_id) == account_id)
    statement = statement.order_by(col(StaffAudit.id).desc()).limit(limit)
    return (await session.execute(statement)).scalars().all()


@dataclass(frozen=True)
class AuditFilter:
    """Which audit entries: all of these that are set. `account_id` with `person_id`: what the account
    did, and what its person did from a chat channel (no account there)."""

    action: str | None = None
    account_id: int | None = None
    person_id: str | None = None
    ticket_id: int | None = None
    since: datetime | None = None
    until: datetime | None = None
    """Exclusive."""


def _audit_where(found: AuditFilter) -> list[Any]:
    where: list[Any] = []
    if found.action is not None:
        where.append(col(StaffAudit.action) == found.action)
    if found.account_id is not None:
        mine = col(StaffAudit.account_id) == found.account_id
        if found.person_id is not None:
            chat = and_(col(StaffAudit.account_id).is_(None), col(StaffAudit.person_id) == found.person_id)
            mine = or_(mine, chat)
        where.append(mine)
    if found.ticket_id is not None:
        where.append(col(StaffAudit.ticket_id) == found.ticket_id)
    if found.since is not None:
        where.append(col(StaffAudit.at) >= found.since)
    if found.until is not None:
        where.append(col(StaffAudit.at) < found.until)
    return where


async def audit_page(
    session: AsyncSession, found: AuditFilter, *, limit: int, offset: int
) -> Sequence[tuple[StaffAudit, str | None]]:
    """Entries newest first, each with its ticket's code (None: no ticket, or no longer there)."""
    statement = (
        select(StaffAudit, col(Ticket.code))
        .outerjoin(Ticket, col(Ticket.id) == col(StaffAudit.ticket_id))
        .where(*_audit_where(found))
        .order_by(col(StaffAudit.at).desc(), col(StaffAudit.id).desc())
        .limit(limit)
        .offset(offset)
    )
    return [(row[0], row[1]) for row in (await session.execute(statement)).all()]


async def audit_count(session: AsyncSession, found: AuditFilter) -> int:
    statement = select(func.count()).select_from(StaffAudit).where(*_audit_where(found))
    return int((await session.execute(statement)).scalar_one())


async def audit_action_names(session: AsyncSession) -> list[str]:
    """The actions the log holds (for the filter's choices)."""
    statement = select(col(StaffAudit.action)).distinct().order_by(col(StaffAudit.action))
    return [str(name) for name in (await session.execute(statement)).scalars()]


async def last_sign_ins(session: AsyncSession) -> dict[str, datetime]:
    """Each account's latest full sign-in (username -> when), for those that ever signed in."""
    latest = func.max(col(StaffSession.created_at))
    statement = (
        select(col(StaffAccount.username), latest)
        .join(StaffSession, col(StaffSession.account_id) == col(StaffAccount.id))
        .where(col(StaffSession.stage) == SessionStage.FULL)
        .group_by(col(StaffAccount.username))
    )
    return {str(name): when for name, when in (await session.execute(statement)).all()}
