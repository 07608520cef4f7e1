"""Staff accounts on the real test database: a cheap argon2 cost (the rules are the same), the sample
agency's directory (from the escalation fixtures), and helpers to create accounts and sign in."""

from __future__ import annotations

import pyotp
import pytest

from core import clock
from core.db import Database
from escalation.staff.accounts import create_account
from escalation.staff.auth import StaffAuth
from escalation.staff.models import StaffAccount, StaffRole
from escalation.staff.settings import StaffSettings
from escalation.staff.signin import Outcome, SignInResult, sign_in
from escalation.staff.twofactor import confirm_enrolment, start_enrolment

PASSWORD = "kunci-rahasia-panjang-2026"
BROWSER = "Mozilla/5.0 (X11; Linux x86_64) Firefox/140.0"


def cheap_settings(**overrides: object) -> StaffSettings:
    values: dict[str, object] = {"argon2_time_cost": 1, "argon2_memory_kib": 1024, "argon2_parallelism": 1}
    return StaffSettings(_env_file=None, **{**values, **overrides})  # type: ignore[arg-type]


@pytest.fixture
def auth() -> StaffAuth:
    return StaffAuth(settings=cheap_settings())


async def add_account(
    db: Database,
    auth: StaffAuth,
    username: str,
    *,
    role: StaffRole = StaffRole.OFFICER,
    person_id: str | None = None,
    password: str | None = PASSWORD,
) -> None:
    async with db.session() as session:
        await create_account(
            session, auth, by=None, username=username, role=role, password=password, person_id=person_id
        )


async def account(db: Database, username: str) -> StaffAccount:
    from escalation.staff import repository

    async with db.session() as session:
        found = await repository.account_by_username(session, username)
        assert found is not None
        return found


async def log_in(
    db: Database, auth: StaffAuth, username: str, password: str = PASSWORD, *, ip: str = "10.0.0.5"
) -> SignInResult:
    async with db.session() as session:
        return await sign_in(session, auth, username=username, password=password, ip=ip, user_agent=BROWSER)


def code_now(secret: str, *, offset_steps: int = 0) -> str:
    return pyotp.TOTP(secret).at(clock.now().timestamp() + 30 * offset_steps)


async def enrol(db: Database, auth: StaffAuth, token: str) -> tuple[str, str, list[str]]:
    """Enrol an authenticator from a session: (the rotated token, the secret, the recovery codes)."""
    async with db.session() as session:
        enrolment = await start_enrolment(session, auth, token=token)
    async with db.session() as session:
        done = await confirm_enrolment(
            session, auth, token=token, code=code_now(enrolment.secret), ip="10.0.0.5"
        )
    assert done is not None
    return done.token, enrolment.secret, done.recovery_codes


def signed_in(result: SignInResult) -> str:
    assert result.outcome == Outcome.SIGNED_IN, result
    assert result.token is not None
    return result.token
