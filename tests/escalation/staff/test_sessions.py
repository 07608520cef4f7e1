"""Staff sessions end after 30 minutes unused or 12 hours after sign-in, whichever comes first; they
can be listed and revoked one by one; a password reset or a disabled account ends them all; the
CSRF token of a form belongs to its session."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select
from sqlmodel import col

from core.clock import FrozenClock
from core.db import Database
from core.errors import NotFoundError
from escalation.staff import sessions
from escalation.staff.accounts import set_disabled, set_password
from escalation.staff.auth import StaffAuth
from escalation.staff.models import StaffRole, StaffSession
from escalation.staff.session_admin import revoke_session, sessions_of
from escalation.staff.signin import Authenticated, authenticate, sign_out
from tests.escalation.staff.conftest import BROWSER, add_account, enrol, log_in, signed_in


async def _auth(db: Database, auth: StaffAuth, token: str) -> Authenticated | None:
    async with db.session() as session:
        return await authenticate(session, auth, token=token)


async def test_a_session_ends_after_thirty_idle_minutes(
    db: Database, auth: StaffAuth, clock: FrozenClock
) -> None:
    await add_account(db, auth, "rina")
    token = signed_in(await log_in(db, auth, "rina"))
    clock.advance(minutes=29)
    assert await _auth(db, auth, token) is not None
    clock.advance(minutes=29)  # used 29 minutes ago: still alive
    assert await _auth(db, auth, token) is not None
    clock.advance(minutes=30)
    assert await _auth(db, auth, token) is None


async def test_a_session_ends_twelve_hours_after_sign_in_however_busy(
    db: Database, auth: StaffAuth, clock: FrozenClock
) -> None:
    await add_account(db, auth, "rina")
    token = signed_in(await log_in(db, auth, "rina"))
    for _ in range(35):
        clock.advance(minutes=20)
        assert await _auth(db, auth, token) is not None
    clock.advance(minutes=20)  # 12 hours since sign-in
    assert await _auth(db, auth, token) is None


async def test_sessions_are_listed_and_one_can_be_revoked(
    db: Database, auth: StaffAuth, clock: FrozenClock
) -> None:
    await add_account(db, auth, "rina")
    office = signed_in(await log_in(db, auth, "rina", ip="10.0.0.5"))
    clock.advance(minutes=5)
    phone = signed_in(await log_in(db, auth, "rina", ip="10.0.0.77"))
    here = await _auth(db, auth, phone)
    assert here is not None
    async with db.session() as session:
        listed = await sessions_of(
            session, auth, principal=here.principal, current_session_id=here.session_id
        )
    assert [(s.ip, s.current, s.user_agent) for s in listed] == [
        ("10.0.0.77", True, BROWSER),
        ("10.0.0.5", False, BROWSER),
    ]
    async with db.session() as session:
        await revoke_session(session, principal=here.principal, session_id=listed[1].id, ip="10.0.0.77")
    assert await _auth(db, auth, office) is None
    assert await _auth(db, auth, phone) is not None


async def test_another_accounts_session_cannot_be_revoked(
    db: Database, auth: StaffAuth, clock: FrozenClock
) -> None:
    await add_account(db, auth, "rina")
    await add_account(db, auth, "andi")
    theirs = signed_in(await log_in(db, auth, "andi"))
    mine = await _auth(db, auth, signed_in(await log_in(db, auth, "rina")))
    assert mine is not None
    async with db.session() as session:
        other = (
            await session.execute(
                select(StaffSession).where(col(StaffSession.account_id) != mine.principal.account_id)
            )
        ).scalar_one()
        with pytest.raises(NotFoundError):
            await revoke_session(session, principal=mine.principal, session_id=other.id or 0, ip=None)
    assert await _auth(db, auth, theirs) is not None


async def test_sign_out_a_new_password_or_disabling_ends_sessions(
    db: Database, auth: StaffAuth, clock: FrozenClock
) -> None:
    await add_account(db, auth, "rina")
    first = signed_in(await log_in(db, auth, "rina"))
    async with db.session() as session:
        assert await sign_out(session, auth, token=first, ip=None)
    assert await _auth(db, auth, first) is None
    second = signed_in(await log_in(db, auth, "rina"))
    async with db.session() as session:
        await set_password(session, auth, by=None, username="rina", password="kata-sandi-baru-2026")
    assert await _auth(db, auth, second) is None
    third = signed_in(await log_in(db, auth, "rina", "kata-sandi-baru-2026"))
    async with db.session() as session:
        await set_disabled(session, by=None, username="rina", disabled=True)
    assert await _auth(db, auth, third) is None
    assert (await log_in(db, auth, "rina", "kata-sandi-baru-2026")).token is None


async def test_the_csrf_token_belongs_to_its_session(
    db: Database, auth: StaffAuth, clock: FrozenClock
) -> None:
    await add_account(db, auth, "rina")
    token = signed_in(await log_in(db, auth, "rina"))
    other = signed_in(await log_in(db, auth, "rina"))
    found = await _auth(db, auth, token)
    assert found is not None
    assert sessions.csrf_valid(token, found.csrf_token)
    assert not sessions.csrf_valid(other, found.csrf_token)
    assert not sessions.csrf_valid(token, None)
    assert not sessions.csrf_valid(token, "")


async def test_only_a_digest_of_the_token_is_stored(
    db: Database, auth: StaffAuth, clock: FrozenClock
) -> None:
    await add_account(db, auth, "rina")
    token = signed_in(await log_in(db, auth, "rina"))
    async with db.session() as session:
        row = (await session.execute(select(StaffSession))).scalar_one()
    assert row.token_hash == sessions.digest(token)
    assert token not in row.token_hash
    assert row.expires_at - row.created_at == timedelta(hours=12)


async def test_an_admin_lists_and_revokes_anyones_sessions(
    db: Database, auth: StaffAuth, clock: FrozenClock
) -> None:
    await add_account(db, auth, "rina")
    await add_account(db, auth, "admin", role=StaffRole.ADMIN)
    theirs = signed_in(await log_in(db, auth, "rina"))
    pending = await log_in(db, auth, "admin")  # must enrol first: a pending sign-in
    assert pending.token is not None
    admin_token, _, _ = await enrol(db, auth, pending.token)
    admin = await _auth(db, auth, admin_token)
    assert admin is not None
    async with db.session() as session:
        [listed] = await sessions_of(
            session, auth, principal=admin.principal, current_session_id=admin.session_id, username="rina"
        )
        await revoke_session(session, principal=admin.principal, session_id=listed.id, ip="10.0.0.1")
    assert await _auth(db, auth, theirs) is None
