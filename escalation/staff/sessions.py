"""Staff sessions: a random token in the browser's cookie, only its SHA-256 stored. A session ends
after `session_idle_minutes` without use or `session_absolute_hours` after sign-in, whichever comes
first, when revoked (sign-out, from the list of sessions, a password reset, a disabled account), or
when its account is disabled. A new token is issued at sign-in and again when the second factor is
given (`rotate`), so a token seen before sign-in is worth nothing after it. Times: `core.clock`."""

from __future__ import annotations

import hashlib
import hmac
import secrets
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy.ext.asyncio import AsyncSession

from core import clock
from escalation.staff import repository
from escalation.staff.models import SessionStage, StaffAccount, StaffSession
from escalation.staff.settings import StaffSettings

USER_AGENT_LENGTH = 512
ADDRESS_LENGTH = 64


@dataclass(frozen=True)
class Issued:
    """A new session: `token` goes into the cookie (and nowhere else)."""

    token: str
    session_id: int
    stage: SessionStage
    expires_at: datetime


@dataclass(frozen=True)
class Live:
    """A session that is still valid, and its account."""

    row: StaffSession
    account: StaffAccount


@dataclass(frozen=True)
class SessionInfo:
    """One of an account's sessions, as the list of sessions shows it."""

    id: int
    created_at: datetime
    last_seen_at: datetime
    expires_at: datetime
    ip: str | None
    user_agent: str | None
    current: bool


def digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def csrf_token(token: str) -> str:
    """The CSRF token of the session `token` (for every form): derived, so nothing more is stored,
    and unguessable without the cookie, which scripts of other sites never read."""
    return hmac.new(token.encode(), b"tanggap-staff-csrf", hashlib.sha256).hexdigest()


def csrf_valid(token: str, submitted: str | None) -> bool:
    return submitted is not None and hmac.compare_digest(csrf_token(token), submitted)


async def issue(
    session: AsyncSession,
    account: StaffAccount,
    *,
    stage: SessionStage,
    settings: StaffSettings,
    ip: str | None,
    user_agent: str | None,
) -> Issued:
    if account.id is None:
        raise ValueError("account has not been flushed")
    now = clock.now()
    token = secrets.token_urlsafe(32)
    lifetime = settings.absolute if stage == SessionStage.FULL else settings.pending
    row = StaffSession(
        token_hash=digest(token),
        account_id=account.id,
        stage=stage,
        created_at=now,
        last_seen_at=now,
        expires_at=now + lifetime,
        ip=(ip or None) and ip[:ADDRESS_LENGTH],
        user_agent=(user_agent or None) and user_agent[:USER_AGENT_LENGTH],
    )
    session.add(row)
    await session.flush()
    assert row.id is not None
    return Issued(token, row.id, stage, row.expires_at)


async def rotate(
    session: AsyncSession, live: Live, *, stage: SessionStage, settings: StaffSettings
) -> Issued:
    """End `live` and issue the next stage's session for the same browser (new token)."""
    live.row.revoked_at = clock.now()
    return await issue(
        session, live.account, stage=stage, settings=settings, ip=live.row.ip, user_agent=live.row.user_agent
    )


async def find_live(
    session: AsyncSession, token: str | None, *, settings: StaffSettings, touch: bool = True
) -> Live | None:
    """The valid session of `token` (any stage), its last use moved to now when `touch`; None when
    unknown, revoked, idle too long, past its absolute end, or its account disabled."""
    if not token or len(token) > 128:
        return None
    row = await repository.session_by_hash(session, digest(token))
    if row is None or row.revoked_at is not None:
        return None
    now = clock.now()
    if now >= row.expires_at or now - row.last_seen_at >= settings.idle:
        return None
    account = await repository.get_account(session, row.account_id)
    if account is None or account.disabled:
        return None
    if touch:
        row.last_seen_at = now
        await session.flush()
    return Live(row, account)


async def end(session: AsyncSession, live: Live) -> None:
    live.row.revoked_at = clock.now()
    await session.flush()


async def list_of(
    session: AsyncSession, account_id: int, *, current_id: int | None, settings: StaffSettings
) -> list[SessionInfo]:
    """The account's signed-in sessions that are still valid, most recently used first."""
    now = clock.now()
    rows = await repository.live_sessions(session, account_id, now=now)
    return [
        SessionInfo(
            id=row.id or 0,
            created_at=row.created_at,
            last_seen_at=row.last_seen_at,
            expires_at=row.expires_at,
            ip=row.ip,
            user_agent=row.user_agent,
            current=row.id == current_id,
        )
        for row in rows
        if row.stage == SessionStage.FULL and now - row.last_seen_at < settings.idle
    ]


async def revoke_all(session: AsyncSession, account_id: int, *, keep: int | None = None) -> int:
    count = await repository.revoke_sessions(session, account_id, now=clock.now(), keep=keep)
    await session.flush()
    return count
