"""Managing staff accounts: create, set a password, disable, enable, list, and one account for each
person of `escalation.yaml`. Each takes `by`, the principal doing it (only admins manage users), or
None for the server's operator at the command line; each is audited."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy.ext.asyncio import AsyncSession

from core import clock
from escalation import repository as directory
from escalation.models import MemberRole
from escalation.staff import repository, sessions
from escalation.staff.audit import AuditAction, audit
from escalation.staff.auth import StaffAuth
from escalation.staff.errors import (
    AccountExistsError,
    InvalidInputError,
    NotAllowedError,
    UnknownAccountError,
    UnknownPersonError,
)
from escalation.staff.models import StaffAccount, StaffRole
from escalation.staff.principal import OPERATOR, Actor, Principal
from escalation.staff.signin import normal_username

USERNAME = re.compile(r"^[a-z0-9][a-z0-9._-]{1,63}$")
CLI = "cli"


@dataclass(frozen=True)
class AccountInfo:
    username: str
    role: StaffRole
    person_id: str | None
    disabled: bool
    has_password: bool
    two_factor: bool
    locked_until: datetime | None


def parse_role(value: str) -> StaffRole:
    try:
        return StaffRole(value.strip().lower())
    except ValueError:
        known = ", ".join(role.value for role in StaffRole)
        raise InvalidInputError(f"unknown role {value!r} (known: {known})", reason="role") from None


async def create_account(
    session: AsyncSession,
    auth: StaffAuth,
    *,
    by: Principal | None,
    username: str,
    role: StaffRole,
    password: str | None,
    person_id: str | None = None,
    ip: str | None = None,
) -> AccountInfo:
    """A new account; without a password it is disabled until one is set (`set_password`)."""
    _require_admin(by)
    name = valid_username(username)
    if await repository.account_by_username(session, name) is not None:
        raise AccountExistsError(f"an account named {name!r} already exists")
    if person_id is not None and await directory.get_person(session, person_id) is None:
        raise UnknownPersonError(
            f"no person {person_id!r} in the directory (the people of escalation.yaml, copied at the "
            "service's start and by `tanggap user sync-people`)"
        )
    if password is not None:
        auth.passwords.check_strength(password, username=name)
    now = clock.now()
    account = StaffAccount(
        username=name,
        person_id=person_id,
        role=role,
        password_hash=await auth.passwords.hash(password) if password is not None else None,
        disabled=password is None,
        created_at=now,
        updated_at=now,
    )
    session.add(account)
    await session.flush()
    detail = {"username": name, "role": str(role), "person": person_id}
    await audit(session, _who(by), AuditAction.ACCOUNT_CREATED, detail=detail, ip=ip, channel=_channel(by))
    return info(account)


async def set_password(
    session: AsyncSession,
    auth: StaffAuth,
    *,
    by: Principal | None,
    username: str,
    password: str,
    ip: str | None = None,
) -> AccountInfo:
    """A new password (the account's sessions end, a lock is lifted). An account that never had a
    password is enabled by its first; one disabled by an admin stays disabled."""
    _require_admin(by)
    account = await _account(session, username)
    auth.passwords.check_strength(password, username=account.username)
    first = account.password_hash is None
    account.password_hash = await auth.passwords.hash(password)
    account.failed_count, account.locked_until, account.updated_at = 0, None, clock.now()
    if first:
        account.disabled = False
    await sessions.revoke_all(session, account.id or 0)
    detail = {"username": account.username, "enabled": first}
    await audit(session, _who(by), AuditAction.PASSWORD_SET, detail=detail, ip=ip, channel=_channel(by))
    return info(account)


async def set_disabled(
    session: AsyncSession, *, by: Principal | None, username: str, disabled: bool, ip: str | None = None
) -> AccountInfo:
    """Disable (its sessions end at once) or enable an account."""
    _require_admin(by)
    account = await _account(session, username)
    if disabled and by is not None and by.account_id == account.id:
        raise InvalidInputError("an admin cannot disable their own account", reason="self_disable")
    if not disabled and account.password_hash is None:
        raise InvalidInputError(
            f"{account.username!r} has no password yet: set one to enable it", reason="no_password"
        )
    account.disabled, account.updated_at = disabled, clock.now()
    if disabled:
        await sessions.revoke_all(session, account.id or 0)
    action = AuditAction.ACCOUNT_DISABLED if disabled else AuditAction.ACCOUNT_ENABLED
    await audit(session, _who(by), action, detail={"username": account.username}, ip=ip, channel=_channel(by))
    return info(account)


async def reset_two_factor(
    session: AsyncSession, *, by: Principal | None, username: str, ip: str | None = None
) -> AccountInfo:
    """Turn two-factor off (a lost phone and lost recovery codes): the secret and the recovery codes
    are dropped and the sessions end; a supervisor or admin must enrol again at the next sign-in."""
    _require_admin(by)
    account = await _account(session, username)
    now = clock.now()
    account.totp_secret, account.totp_enabled_at, account.totp_last_step = None, None, None
    account.updated_at = now
    await repository.spend_recovery_codes(session, account.id or 0, now=now)
    await sessions.revoke_all(session, account.id or 0)
    detail = {"username": account.username}
    await audit(session, _who(by), AuditAction.TWO_FACTOR_RESET, detail=detail, ip=ip, channel=_channel(by))
    return info(account)


async def list_accounts(session: AsyncSession, *, by: Principal | None) -> list[AccountInfo]:
    _require_admin(by)
    return [info(account) for account in await repository.all_accounts(session)]


async def sync_people_accounts(
    session: AsyncSession, *, by: Principal | None = None, ip: str | None = None
) -> list[AccountInfo]:
    """An account (username = the person's id, disabled until a password is set) for each active
    person of the directory who has none; the role follows the directory (the supervisor, a unit's
    head, else officer). Accounts of people no longer active are disabled. Returns what changed."""
    _require_admin(by)
    people = await directory.all_people(session)
    heads = {m.person_id for m in await directory.memberships(session) if m.role == MemberRole.HEAD}
    changed: list[AccountInfo] = []
    for person in sorted(people.values(), key=lambda p: p.id):
        account = await repository.account_by_person(session, person.id)
        if account is None and person.active:
            role = _role_of(person.is_supervisor, person.id in heads)
            account = await _account_for_person(session, person.id, role)
            if account is not None:
                changed.append(info(account))
                detail = {"username": account.username, "person": person.id, "role": str(role)}
                await audit(
                    session, _who(by), AuditAction.ACCOUNT_CREATED, detail=detail, ip=ip, channel=_channel(by)
                )
        elif account is not None and not person.active and not account.disabled:
            account.disabled, account.updated_at = True, clock.now()
            await sessions.revoke_all(session, account.id or 0)
            changed.append(info(account))
            detail = {"username": account.username, "person": person.id, "reason": "person_inactive"}
            await audit(
                session, _who(by), AuditAction.ACCOUNT_DISABLED, detail=detail, ip=ip, channel=_channel(by)
            )
    return changed


async def _account_for_person(session: AsyncSession, person_id: str, role: StaffRole) -> StaffAccount | None:
    name = normal_username(person_id)
    if not USERNAME.match(name) or await repository.account_by_username(session, name) is not None:
        return None
    now = clock.now()
    account = StaffAccount(
        username=name, person_id=person_id, role=role, disabled=True, created_at=now, updated_at=now
    )
    session.add(account)
    await session.flush()
    return account


def _role_of(supervisor: bool, head: bool) -> StaffRole:
    if supervisor:
        return StaffRole.SUPERVISOR
    return StaffRole.UNIT_HEAD if head else StaffRole.OFFICER


def info(account: StaffAccount) -> AccountInfo:
    return AccountInfo(
        username=account.username,
        role=StaffRole(account.role),
        person_id=account.person_id,
        disabled=account.disabled,
        has_password=account.password_hash is not None,
        two_factor=account.totp_enabled_at is not None,
        locked_until=account.locked_until,
    )


async def _account(session: AsyncSession, username: str) -> StaffAccount:
    account = await repository.account_by_username(session, normal_username(username), for_update=True)
    if account is None:
        raise UnknownAccountError(f"no account named {username.strip()!r}")
    return account


def valid_username(username: str) -> str:
    name = normal_username(username)
    if not USERNAME.match(name):
        raise InvalidInputError(
            f"{username!r} cannot be a username: 2-64 characters, letters, digits, '.', '_' or '-', "
            "starting with a letter or digit",
            reason="username",
        )
    return name


def _require_admin(by: Principal | None) -> None:
    if by is not None and not by.manages_users:
        raise NotAllowedError("only admins manage staff accounts")


def _who(by: Principal | None) -> Actor:
    return OPERATOR if by is None else by


def _channel(by: Actor | None) -> str:
    return CLI if by is None else "web"
