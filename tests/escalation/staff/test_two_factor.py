"""Two-factor sign-in: offered to everyone, required for supervisors and admins; a code is good for
its 30-second step and one either side, and never twice; recovery codes are shown once, stored
hashed and each usable once; the session gets a new token when the second factor is given."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from core.clock import FrozenClock
from core.db import Database
from escalation.staff.accounts import reset_two_factor
from escalation.staff.auth import StaffAuth
from escalation.staff.models import StaffRecoveryCode, StaffRole
from escalation.staff.signin import Outcome, SignInResult, authenticate, second_factor
from escalation.staff.twofactor import start_enrolment
from tests.escalation.staff.conftest import add_account, code_now, enrol, log_in, signed_in


async def _second(db: Database, auth: StaffAuth, token: str, code: str) -> SignInResult:
    async with db.session() as session:
        return await second_factor(session, auth, token=token, code=code, ip="10.0.0.5")


async def _pending(db: Database, auth: StaffAuth, username: str) -> str:
    result = await log_in(db, auth, username)
    assert result.outcome == Outcome.SECOND_FACTOR
    assert result.token is not None
    return result.token


async def _enrolled(db: Database, auth: StaffAuth, username: str = "rina") -> tuple[str, list[str]]:
    await add_account(db, auth, username)
    _, secret, codes = await enrol(db, auth, signed_in(await log_in(db, auth, username)))
    return secret, codes


async def _authenticated(db: Database, auth: StaffAuth, token: str) -> bool:
    async with db.session() as session:
        return await authenticate(session, auth, token=token) is not None


async def test_an_officer_who_enrolled_gives_a_code_and_gets_a_new_token(
    db: Database, auth: StaffAuth, clock: FrozenClock
) -> None:
    secret, _ = await _enrolled(db, auth)
    clock.advance(seconds=60)
    pending = await _pending(db, auth, "rina")
    assert not await _authenticated(db, auth, pending)  # a password alone opens nothing
    token = signed_in(await _second(db, auth, pending, code_now(secret)))
    assert token != pending
    assert await _authenticated(db, auth, token)
    assert (await _second(db, auth, pending, code_now(secret))).outcome == Outcome.EXPIRED


async def test_a_code_is_never_accepted_twice(db: Database, auth: StaffAuth, clock: FrozenClock) -> None:
    secret, _ = await _enrolled(db, auth)
    clock.advance(seconds=60)
    code = code_now(secret)
    signed_in(await _second(db, auth, await _pending(db, auth, "rina"), code))
    again = await _pending(db, auth, "rina")
    assert (await _second(db, auth, again, code)).outcome == Outcome.REFUSED
    clock.advance(seconds=30)
    signed_in(await _second(db, auth, again, code_now(secret)))


@pytest.mark.parametrize(("steps", "accepted"), [(-1, True), (1, True), (-2, False), (2, False)])
async def test_a_code_of_a_neighbouring_step_is_accepted(
    db: Database, auth: StaffAuth, clock: FrozenClock, steps: int, accepted: bool
) -> None:
    secret, _ = await _enrolled(db, auth)
    clock.advance(seconds=300)
    result = await _second(db, auth, await _pending(db, auth, "rina"), code_now(secret, offset_steps=steps))
    assert (result.outcome == Outcome.SIGNED_IN) is accepted


async def test_a_supervisor_must_enrol_before_seeing_anything(
    db: Database, auth: StaffAuth, clock: FrozenClock
) -> None:
    await add_account(db, auth, "hendra", role=StaffRole.SUPERVISOR)
    first = await log_in(db, auth, "hendra")
    assert first.outcome == Outcome.ENROL
    assert first.token is not None
    assert not await _authenticated(db, auth, first.token)
    async with db.session() as session:
        enrolment = await start_enrolment(session, auth, token=first.token)
    assert enrolment.qr_svg.startswith("data:image/svg+xml")
    assert enrolment.uri.startswith("otpauth://totp/Tanggap:hendra?secret=")
    token, _, codes = await enrol(db, auth, first.token)
    assert token != first.token
    assert await _authenticated(db, auth, token)
    assert not await _authenticated(db, auth, first.token)
    assert len(codes) == 10
    assert (await log_in(db, auth, "hendra")).outcome == Outcome.SECOND_FACTOR


async def test_a_recovery_code_works_once_and_is_stored_hashed(
    db: Database, auth: StaffAuth, clock: FrozenClock
) -> None:
    _, codes = await _enrolled(db, auth)
    assert len(set(codes)) == 10
    signed_in(await _second(db, auth, await _pending(db, auth, "rina"), codes[3].upper()))
    refused = await _second(db, auth, await _pending(db, auth, "rina"), codes[3])
    assert refused.outcome == Outcome.REFUSED
    signed_in(await _second(db, auth, await _pending(db, auth, "rina"), codes[4]))
    async with db.session() as session:
        stored = (await session.execute(select(StaffRecoveryCode))).scalars().all()
    assert len(stored) == 10
    assert not {row.code_hash for row in stored} & {code.replace("-", "") for code in codes}
    assert sum(row.used_at is not None for row in stored) == 2


async def test_wrong_codes_lock_the_account_and_end_the_sign_in(
    db: Database, auth: StaffAuth, clock: FrozenClock
) -> None:
    secret, _ = await _enrolled(db, auth)
    clock.advance(seconds=60)
    pending = await _pending(db, auth, "rina")
    for _ in range(5):
        assert (await _second(db, auth, pending, "000000")).outcome == Outcome.REFUSED
    assert (await _second(db, auth, pending, code_now(secret))).outcome == Outcome.EXPIRED
    assert (await log_in(db, auth, "rina")).outcome == Outcome.THROTTLED


async def test_an_admin_can_turn_off_the_two_factor_of_someone_who_lost_their_phone(
    db: Database, auth: StaffAuth, clock: FrozenClock
) -> None:
    _, codes = await _enrolled(db, auth)
    pending = await _pending(db, auth, "rina")
    async with db.session() as session:
        await reset_two_factor(session, by=None, username="rina")
    assert (await _second(db, auth, pending, codes[0])).outcome == Outcome.EXPIRED
    signed_in(await log_in(db, auth, "rina"))  # an officer: two-factor is offered again, not required
