"""A signed-in person's sessions: listed (where and when each signed in) and revocable one by one;
an admin may list and revoke anyone's. Another account's session is "not found" for everyone else."""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncSession

from core import clock
from core.errors import NotFoundError
from escalation.staff import repository, sessions
from escalation.staff.audit import AuditAction, audit
from escalation.staff.auth import StaffAuth
from escalation.staff.errors import NotAllowedError, UnknownAccountError
from escalation.staff.models import StaffSession
from escalation.staff.principal import Principal


async def sessions_of(
    session: AsyncSession,
    auth: StaffAuth,
    *,
    principal: Principal,
    current_session_id: int | None,
    username: str | None = None,
) -> list[sessions.SessionInfo]:
    """The principal's sessions (an admin: `username`'s), `current` marking the one asking."""
    account_id = await _account_id(session, principal, username)
    return await sessions.list_of(session, account_id, current_id=current_session_id, settings=auth.settings)


async def revoke_session(
    session: AsyncSession, *, principal: Principal, session_id: int, ip: str | None
) -> None:
    """End one session at once. `NotFoundError`: no such session of theirs (an admin: of anyone)."""
    row = await session.get(StaffSession, session_id)
    if row is None or (row.account_id != principal.account_id and not principal.manages_users):
        raise NotFoundError(f"unknown session {session_id}")
    if row.revoked_at is None:
        row.revoked_at = clock.now()
        await session.flush()
    detail = {"session": session_id, "account": row.account_id}
    await audit(session, principal, AuditAction.SESSION_REVOKED, detail=detail, ip=ip, channel="web")


async def revoke_all_sessions(
    session: AsyncSession, *, principal: Principal, username: str, keep: int | None, ip: str | None
) -> int:
    """An admin ends every session of `username` at once (a lost laptop, someone who left), but
    `keep` (the admin's own current session); how many ended. Audited with the count."""
    if not principal.manages_users:
        raise NotAllowedError("only admins end other accounts' sessions")
    account = await repository.account_by_username(session, username.strip().casefold())
    if account is None or account.id is None:
        raise UnknownAccountError(f"no account named {username.strip()!r}")
    ended = await sessions.revoke_all(session, account.id, keep=keep)
    detail = {"username": account.username, "count": ended}
    await audit(session, principal, AuditAction.SESSIONS_REVOKED, detail=detail, ip=ip, channel="web")
    return ended


async def _account_id(session: AsyncSession, principal: Principal, username: str | None) -> int:
    if username is None or not principal.manages_users:
        if principal.account_id is None:
            raise NotFoundError("no account")
        return principal.account_id
    account = await repository.account_by_username(session, username.strip().casefold())
    if account is None or account.id is None:
        raise NotFoundError(f"no account named {username!r}")
    return account.id
