"""Queries of staff accounts, their recovery codes, sessions and audit log, and of API clients."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import func, or_, select, update
from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import col

from escalation.staff.models import ApiClient, StaffAccount, StaffAudit, StaffRecoveryCode, StaffSession


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


async def api_client_by_hash(session: AsyncSession, token_hash: str) -> ApiClient | None:
    statement = select(ApiClient).where(col(ApiClient.token_hash) == token_hash)
    return (await session.execute(statement)).scalar_one_or_none()


async def api_client_by_name(session: AsyncSession, name: str) -> ApiClient | None:
    statement = select(ApiClient).where(col(ApiClient.name) == name)
    return (await session.execute(statement)).scalar_one_or_none()


async def lock_api_client(session: AsyncSession, client_id: int) -> ApiClient | None:
    statement = select(ApiClient).where(col(ApiClient.id) == client_id).with_for_update()
    return (await session.execute(statement.execution_options(populate_existing=True))).scalar_one_or_none()


async def all_api_clients(session: AsyncSession) -> Sequence[ApiClient]:
    return (await session.execute(select(ApiClient).order_by(col(ApiClient.id)))).scalars().all()


async def touch_api_client(session: AsyncSession, client_id: int, *, now: datetime, before: datetime) -> None:
    """Record a use, unless one was recorded since `before` (one write a minute, not one a request)."""
    await session.execute(
        update(ApiClient)
        .where(
            col(ApiClient.id) == client_id,
            or_(col(ApiClient.last_used_at).is_(None), col(ApiClient.last_used_at) < before),
        )
        .values(last_used_at=now)
    )
