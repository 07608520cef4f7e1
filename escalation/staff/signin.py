"""Signing in: password, then (when the account has it) the second factor, each answered with plain
data a web router turns into a page. Services flush, never commit: a refusal is returned, not raised,
so the failed-attempt count it wrote is committed by the caller.

Throttling: every attempt counts against the address and the username (`StaffSettings`, windowed
counters of `messaging.limits`); `lockout_failures` consecutive failures of an account, password or
second factor, lock it for `lockout_minutes`. Every outcome is in the audit log."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from sqlalchemy.ext.asyncio import AsyncSession

from core import clock
from escalation.staff import repository, sessions
from escalation.staff.audit import AuditAction, audit
from escalation.staff.auth import StaffAuth
from escalation.staff.models import SessionStage, StaffAccount, StaffRole
from escalation.staff.principal import Actor, Principal, principal_of
from escalation.staff.twofactor import check_second_factor

SECOND_FACTOR_REQUIRED = frozenset({StaffRole.SUPERVISOR, StaffRole.ADMIN})


class Outcome(StrEnum):
    SIGNED_IN = "signed_in"
    SECOND_FACTOR = "second_factor"
    """The password was right: ask for the TOTP (or a recovery code) with the pending token."""
    ENROL = "enrol"
    """The password was right, the role requires two-factor: enrol with the pending token."""
    REFUSED = "refused"
    """Wrong username, password or code; or an account that cannot sign in. The same for all."""
    THROTTLED = "throttled"
    """Too many attempts: try again after `retry_after` seconds."""
    EXPIRED = "expired"
    """The pending sign-in is gone (too old, or ended): start again."""


@dataclass(frozen=True)
class SignInResult:
    outcome: Outcome
    token: str | None = None
    """The new session's token for the cookie (a pending one for SECOND_FACTOR and ENROL)."""
    expires_at: datetime | None = None
    retry_after: int | None = None


@dataclass(frozen=True)
class Authenticated:
    principal: Principal
    session_id: int
    csrf_token: str


def actor_of(account: StaffAccount) -> Actor:
    return Actor(account.id, account.username, account.person_id)


def normal_username(username: str) -> str:
    return username.strip().casefold()


async def sign_in(
    session: AsyncSession,
    auth: StaffAuth,
    *,
    username: str,
    password: str,
    ip: str | None,
    user_agent: str | None,
) -> SignInResult:
    name = normal_username(username)[:64]
    throttled = await _throttled(auth, name, ip)
    account = await repository.account_by_username(session, name, for_update=True) if name else None
    if throttled is not None or (account is not None and _locked(account)):
        await auth.passwords.verify(None, password)  # a refusal takes as long as any other
        who = actor_of(account) if account else None
        await audit(session, who, AuditAction.LOGIN_FAILED, detail={"reason": "throttled"}, ip=ip)
        return SignInResult(Outcome.THROTTLED, retry_after=throttled or _lock_left(account))
    stored = account.password_hash if account is not None else None
    if not await auth.passwords.verify(stored, password) or account is None or account.disabled:
        if account is None:
            await audit(session, None, AuditAction.LOGIN_FAILED, detail={"reason": "unknown"}, ip=ip)
        else:
            await record_failure(session, auth, account, reason="password", ip=ip)
        return SignInResult(Outcome.REFUSED)
    assert stored is not None
    if auth.passwords.needs_rehash(stored):
        account.password_hash = await auth.passwords.hash(password)
    _succeeded(account)
    stage = _stage_after_password(account)
    issued = await sessions.issue(
        session, account, stage=stage, settings=auth.settings, ip=ip, user_agent=user_agent
    )
    await audit(session, actor_of(account), AuditAction.LOGIN, detail={"stage": str(stage)}, ip=ip)
    return SignInResult(_OUTCOMES[stage], issued.token, issued.expires_at)


async def second_factor(
    session: AsyncSession, auth: StaffAuth, *, token: str, code: str, ip: str | None
) -> SignInResult:
    """The TOTP code (or a recovery code) of a sign-in waiting for it; the session is then rotated to
    a full one (new token)."""
    live = await sessions.find_live(session, token, settings=auth.settings)
    if live is None or live.row.stage != SessionStage.SECOND_FACTOR:
        return SignInResult(Outcome.EXPIRED)
    account = await repository.lock_account(session, live.account.id or 0)
    assert account is not None
    throttled = await _throttled(auth, account.username, ip)
    if throttled is not None or _locked(account):
        return SignInResult(Outcome.THROTTLED, retry_after=throttled or _lock_left(account))
    method = await check_second_factor(session, account, code, ip=ip)
    if method is None:
        if await record_failure(session, auth, account, reason="second_factor", ip=ip):
            await sessions.end(session, live)
        return SignInResult(Outcome.REFUSED)
    _succeeded(account)
    issued = await sessions.rotate(session, live, stage=SessionStage.FULL, settings=auth.settings)
    await audit(session, actor_of(account), AuditAction.SECOND_FACTOR, detail={"method": method}, ip=ip)
    return SignInResult(Outcome.SIGNED_IN, issued.token, issued.expires_at)


async def authenticate(session: AsyncSession, auth: StaffAuth, *, token: str | None) -> Authenticated | None:
    """The principal of a fully signed-in session (its last use moved to now), else None."""
    live = await sessions.find_live(session, token, settings=auth.settings)
    if live is None or live.row.stage != SessionStage.FULL or token is None:
        return None
    principal = await principal_of(session, live.account)
    return Authenticated(principal, live.row.id or 0, sessions.csrf_token(token))


async def sign_out(session: AsyncSession, auth: StaffAuth, *, token: str | None, ip: str | None) -> bool:
    live = await sessions.find_live(session, token, settings=auth.settings, touch=False)
    if live is None:
        return False
    await sessions.end(session, live)
    await audit(session, actor_of(live.account), AuditAction.LOGOUT, ip=ip)
    return True


async def record_failure(
    session: AsyncSession, auth: StaffAuth, account: StaffAccount, *, reason: str, ip: str | None
) -> bool:
    """Count a failed attempt; True when it locked the account (its pending sign-ins end)."""
    now = clock.now()
    account.failed_count += 1
    account.updated_at = now
    await audit(session, actor_of(account), AuditAction.LOGIN_FAILED, detail={"reason": reason}, ip=ip)
    if account.failed_count < auth.settings.lockout_failures:
        await session.flush()
        return False
    account.failed_count, account.locked_until = 0, now + auth.settings.lockout
    await audit(
        session,
        actor_of(account),
        AuditAction.LOCKED,
        detail={"until": account.locked_until.isoformat()},
        ip=ip,
    )
    return True


def _succeeded(account: StaffAccount) -> None:
    account.failed_count, account.locked_until, account.updated_at = 0, None, clock.now()


def _stage_after_password(account: StaffAccount) -> SessionStage:
    if account.totp_enabled_at is not None:
        return SessionStage.SECOND_FACTOR
    return SessionStage.ENROL if account.role in SECOND_FACTOR_REQUIRED else SessionStage.FULL


_OUTCOMES = {
    SessionStage.FULL: Outcome.SIGNED_IN,
    SessionStage.SECOND_FACTOR: Outcome.SECOND_FACTOR,
    SessionStage.ENROL: Outcome.ENROL,
}


def _locked(account: StaffAccount) -> bool:
    return account.locked_until is not None and clock.now() < account.locked_until


def _lock_left(account: StaffAccount | None) -> int:
    if account is None or account.locked_until is None:
        return 0
    return max(1, int((account.locked_until - clock.now()).total_seconds()) + 1)


async def _throttled(auth: StaffAuth, username: str, ip: str | None) -> int | None:
    """Seconds until the current window ends when this attempt is over a limit, else None."""
    limits = [(auth.settings.username_limit(), f"user:{username}")]
    if ip:
        limits.append((auth.settings.address_limit(), f"ip:{ip}"))
    refused = None
    for limit, key in limits:
        if not (await auth.limiter.hit(limit, key)).allowed:
            now = clock.now().timestamp()
            refused = max(refused or 0, int(limit.window - now % limit.window) + 1)
    return refused
