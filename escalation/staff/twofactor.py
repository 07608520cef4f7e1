"""The second factor: checking a TOTP or recovery code at sign-in, enrolling an authenticator app
(offered to every account, required for supervisors and admins), and recovery codes."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy.ext.asyncio import AsyncSession

from core import clock
from core.errors import ConflictError
from escalation.staff import repository, sessions, totp
from escalation.staff.audit import AuditAction, audit
from escalation.staff.auth import StaffAuth
from escalation.staff.models import SessionStage, StaffAccount, StaffRecoveryCode
from escalation.staff.principal import Actor

ENROLLING = frozenset({SessionStage.ENROL, SessionStage.FULL})


@dataclass(frozen=True)
class Enrolled:
    """Enrolment confirmed: the rotated session's token, and the recovery codes, shown this once."""

    token: str
    recovery_codes: list[str]


async def check_second_factor(
    session: AsyncSession, account: StaffAccount, code: str, *, ip: str | None = None
) -> str | None:
    """ "totp" or "recovery" when `code` is accepted (and spent: its step, or the recovery code), else
    None. A code of a step already used is refused."""
    if account.totp_secret is None or account.totp_enabled_at is None:
        return None
    step = totp.accepted_step(account.totp_secret, code, last_step=account.totp_last_step)
    if step is not None:
        account.totp_last_step = step
        await session.flush()
        return "totp"
    if not totp.looks_like_recovery_code(code) or account.id is None:
        return None
    row = await repository.unused_recovery_code(session, account.id, totp.recovery_hash(code))
    if row is None:
        return None
    row.used_at = clock.now()
    await session.flush()
    left = await repository.unused_recovery_count(session, account.id)
    await audit(session, _actor(account), AuditAction.RECOVERY_CODE_USED, detail={"left": left}, ip=ip)
    return "recovery"


async def start_enrolment(session: AsyncSession, auth: StaffAuth, *, token: str) -> totp.Enrolment:
    """The secret for the account of `token` (a sign-in waiting for enrolment, or a signed-in session)
    to scan; it counts only once confirmed. The same on a reload of the page, another for each new
    sign-in (`totp.enrolment_secret`): a secret someone saw while signing in with the password is never
    the one a later sign-in confirms. `ConflictError` when two-factor is already on."""
    live = await _enrolling(session, auth, token)
    account = live.account
    if account.totp_enabled_at is not None:
        raise ConflictError("two-factor sign-in is already enabled for this account")
    secret = totp.enrolment_secret(live.row.token_hash)
    if account.totp_secret != secret:
        account.totp_secret, account.updated_at = secret, clock.now()
        await session.flush()
    return totp.enrolment(account.totp_secret, username=account.username, issuer=auth.settings.totp_issuer)


async def confirm_enrolment(
    session: AsyncSession, auth: StaffAuth, *, token: str, code: str, ip: str | None
) -> Enrolled | None:
    """The first code from the app turns two-factor on: new recovery codes, the session rotated to a
    full one. None: wrong code (nothing changes)."""
    live = await _enrolling(session, auth, token)
    account = live.account
    if account.totp_secret is None or account.totp_enabled_at is not None:
        raise ConflictError("no two-factor enrolment is in progress for this account")
    step = totp.accepted_step(account.totp_secret, code, last_step=None)
    if step is None:
        return None
    account.totp_enabled_at, account.totp_last_step, account.updated_at = clock.now(), step, clock.now()
    codes = await replace_recovery_codes(session, account)
    issued = await sessions.rotate(session, live, stage=SessionStage.FULL, settings=auth.settings)
    await audit(session, _actor(account), AuditAction.TOTP_ENROLLED, ip=ip)
    return Enrolled(issued.token, codes)


async def replace_recovery_codes(session: AsyncSession, account: StaffAccount) -> list[str]:
    """Ten new recovery codes (the old ones no longer work), returned in clear this once."""
    if account.id is None:
        raise ValueError("account has not been flushed")
    now = clock.now()
    await repository.spend_recovery_codes(session, account.id, now=now)
    codes = totp.new_recovery_codes()
    for code in codes:
        session.add(
            StaffRecoveryCode(account_id=account.id, code_hash=totp.recovery_hash(code), created_at=now)
        )
    await session.flush()
    return codes


async def _enrolling(session: AsyncSession, auth: StaffAuth, token: str) -> sessions.Live:
    live = await sessions.find_live(session, token, settings=auth.settings)
    if live is None or live.row.stage not in ENROLLING:
        raise ConflictError("the sign-in has expired; please sign in again")
    return live


def _actor(account: StaffAccount) -> Actor:
    return Actor(account.id, account.username, account.person_id)
