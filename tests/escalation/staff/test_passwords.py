"""Passwords: argon2id, checked off the event loop, the same work for an unknown username, stronger
parameters applied at the next sign-in, and weak passwords refused."""

from __future__ import annotations

import threading
from typing import Any

import pytest
from argon2 import PasswordHasher

from core.clock import FrozenClock
from core.db import Database
from escalation.staff import repository
from escalation.staff.accounts import create_account
from escalation.staff.auth import StaffAuth
from escalation.staff.errors import WeakPasswordError
from escalation.staff.models import StaffRole
from escalation.staff.signin import Outcome, authenticate
from tests.escalation.staff.conftest import PASSWORD, account, add_account, cheap_settings, log_in, signed_in


async def test_the_right_password_signs_an_officer_in(
    db: Database, auth: StaffAuth, clock: FrozenClock
) -> None:
    await add_account(db, auth, "Rina.Petugas")
    token = signed_in(await log_in(db, auth, "  rina.petugas "))
    async with db.session() as session:
        found = await authenticate(session, auth, token=token)
    assert found is not None
    assert (found.principal.username, found.principal.role) == ("rina.petugas", StaffRole.OFFICER)
    stored = (await account(db, "rina.petugas")).password_hash
    assert stored is not None
    assert stored.startswith("$argon2id$")
    assert PASSWORD not in stored


async def test_a_wrong_password_or_unknown_name_is_refused_alike(
    db: Database, auth: StaffAuth, clock: FrozenClock, monkeypatch: pytest.MonkeyPatch
) -> None:
    await add_account(db, auth, "rina")
    checks: list[int] = []
    real_verify = PasswordHasher.verify

    def counting(self: PasswordHasher, hash: Any, password: Any) -> bool:
        checks.append(threading.get_ident())
        return real_verify(self, hash, password)

    monkeypatch.setattr(PasswordHasher, "verify", counting)
    wrong = await log_in(db, auth, "rina", "bukan-kata-sandinya")
    unknown = await log_in(db, auth, "tidak-ada", "bukan-kata-sandinya")
    assert wrong.outcome == unknown.outcome == Outcome.REFUSED
    assert wrong.token is None
    assert unknown.token is None
    assert len(checks) == 2  # the unknown name was checked against a dummy hash too
    assert threading.get_ident() not in checks  # off the event loop's thread


async def test_a_hash_with_old_parameters_is_replaced_at_sign_in(db: Database, clock: FrozenClock) -> None:
    weak = StaffAuth(settings=cheap_settings(argon2_memory_kib=1024))
    await add_account(db, weak, "rina")
    before = (await account(db, "rina")).password_hash
    assert before is not None
    assert "m=1024" in before
    stronger = StaffAuth(settings=cheap_settings(argon2_memory_kib=2048))
    signed_in(await log_in(db, stronger, "rina"))
    after = (await account(db, "rina")).password_hash
    assert after is not None
    assert "m=2048" in after
    signed_in(await log_in(db, stronger, "rina"))


@pytest.mark.parametrize(
    ("password", "reason"),
    [
        ("tepat12huruf", None),
        ("sebelas-kar", "at least 12"),
        ("aaaaaaaaaaaaaaa", "different"),
        ("rina-rina-2026-x", "username"),
    ],
)
async def test_a_weak_password_is_refused(
    db: Database, auth: StaffAuth, clock: FrozenClock, password: str, reason: str | None
) -> None:
    if reason is None:  # exactly 12 characters: long enough
        await add_account(db, auth, "rina", password=password)
        return
    async with db.session() as session:
        with pytest.raises(WeakPasswordError, match=reason):
            await create_account(
                session, auth, by=None, username="rina", role=StaffRole.OFFICER, password=password
            )
    async with db.session() as session:
        assert await repository.account_by_username(session, "rina") is None


async def test_an_account_without_a_password_cannot_sign_in(
    db: Database, auth: StaffAuth, clock: FrozenClock
) -> None:
    await add_account(db, auth, "rina", password=None)
    assert (await account(db, "rina")).disabled
    assert (await log_in(db, auth, "rina", "")).outcome == Outcome.REFUSED


async def test_sign_ins_are_audited_without_the_names_typed_for_unknown_accounts(
    db: Database, auth: StaffAuth, clock: FrozenClock
) -> None:
    await add_account(db, auth, "rina")
    await log_in(db, auth, "rina", ip="10.1.1.1")
    await log_in(db, auth, "rina", "salah-salah-salah", ip="10.1.1.2")
    await log_in(db, auth, "kunci-rahasia-panjang-2026", "salah", ip="10.1.1.3")  # a password typed as name
    async with db.session() as session:
        entries = list(reversed(await repository.audit_entries(session)))[1:]  # after account_created
    assert [(e.action, e.actor, e.ip, e.detail) for e in entries] == [
        ("login", "account:rina", "10.1.1.1", {"stage": "full"}),
        ("login_failed", "account:rina", "10.1.1.2", {"reason": "password"}),
        ("login_failed", "unknown", "10.1.1.3", {"reason": "unknown"}),
    ]
