"""Sign-in throttling: repeated failures lock the account for a while (even the right password is
refused meanwhile), and one address or one username can only try so often per window."""

from __future__ import annotations

from datetime import timedelta

from core.clock import FrozenClock
from core.db import Database
from escalation.staff import repository
from escalation.staff.auth import StaffAuth
from escalation.staff.signin import Outcome
from tests.escalation.staff.conftest import account, add_account, cheap_settings, log_in, signed_in


async def test_five_failures_lock_the_account_for_fifteen_minutes(
    db: Database, auth: StaffAuth, clock: FrozenClock
) -> None:
    await add_account(db, auth, "rina")
    for _ in range(5):
        assert (await log_in(db, auth, "rina", "salah-salah-salah")).outcome == Outcome.REFUSED
    locked = await log_in(db, auth, "rina")
    assert locked.outcome == Outcome.THROTTLED
    assert locked.token is None
    assert locked.retry_after is not None
    assert 14 * 60 < locked.retry_after <= 15 * 60 + 1
    clock.advance(minutes=14)
    assert (await log_in(db, auth, "rina")).outcome == Outcome.THROTTLED
    clock.advance(minutes=1, seconds=1)
    signed_in(await log_in(db, auth, "rina"))
    assert (await account(db, "rina")).failed_count == 0
    async with db.session() as session:
        actions = [entry.action for entry in await repository.audit_entries(session)]
    assert actions.count("login_failed") == 7  # five wrong passwords, two attempts while locked
    assert "locked" in actions


async def test_a_success_resets_the_count_of_failures(
    db: Database, auth: StaffAuth, clock: FrozenClock
) -> None:
    await add_account(db, auth, "rina")
    for _ in range(4):
        await log_in(db, auth, "rina", "salah-salah-salah")
    signed_in(await log_in(db, auth, "rina"))
    for _ in range(4):
        await log_in(db, auth, "rina", "salah-salah-salah")
    signed_in(await log_in(db, auth, "rina"))


async def test_one_address_trying_many_usernames_is_throttled(db: Database, clock: FrozenClock) -> None:
    auth = StaffAuth(settings=cheap_settings(attempts_per_address=3))
    await add_account(db, auth, "rina")
    for name in ("andi", "budi", "citra"):
        assert (await log_in(db, auth, name, "tebakan-tebakan", ip="203.0.113.7")).outcome == Outcome.REFUSED
    refused = await log_in(db, auth, "rina", ip="203.0.113.7")
    assert refused.outcome == Outcome.THROTTLED
    assert refused.retry_after is not None
    assert refused.retry_after <= 15 * 60 + 1
    signed_in(await log_in(db, auth, "rina", ip="198.51.100.2"))  # another address is not held up
    clock.advance(timedelta(minutes=15))
    signed_in(await log_in(db, auth, "rina", ip="203.0.113.7"))


async def test_a_username_tried_from_many_addresses_is_throttled(db: Database, clock: FrozenClock) -> None:
    auth = StaffAuth(settings=cheap_settings(attempts_per_username=3, lockout_failures=100))
    await add_account(db, auth, "rina")
    for number in range(3):
        await log_in(db, auth, "rina", "salah-salah-salah", ip=f"203.0.113.{number}")
    assert (await log_in(db, auth, "rina", ip="198.51.100.2")).outcome == Outcome.THROTTLED
