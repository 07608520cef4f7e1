"""The people of escalation.yaml get accounts: disabled until their first password, with the role
the directory gives them; a person no longer listed has their account disabled and signed out."""

from __future__ import annotations

from core.clock import FrozenClock
from core.db import Database
from escalation import EscalationListener
from escalation.models import Person
from escalation.staff.accounts import set_password, sync_people_accounts
from escalation.staff.auth import StaffAuth
from escalation.staff.models import StaffRole
from escalation.staff.signin import authenticate
from tests.escalation.staff.conftest import PASSWORD, account, log_in, signed_in


async def test_people_get_disabled_accounts_with_their_directory_role(
    db: Database, listener: EscalationListener, auth: StaffAuth, clock: FrozenClock
) -> None:
    async with db.session() as session:
        created = await sync_people_accounts(session)
    roles = {row.username: row.role for row in created}
    assert len(roles) == 18
    assert roles["asisten-pemerintahan"] == StaffRole.SUPERVISOR
    assert roles["kabag-pengaduan"] == StaffRole.UNIT_HEAD
    assert roles["admin-pengaduan-1"] == StaffRole.OFFICER
    assert all(row.disabled and not row.has_password for row in created)
    async with db.session() as session:
        assert await sync_people_accounts(session) == []  # nothing twice


async def test_a_person_no_longer_listed_is_disabled_and_signed_out(
    db: Database, listener: EscalationListener, auth: StaffAuth, clock: FrozenClock
) -> None:
    async with db.session() as session:
        await sync_people_accounts(session)
        await set_password(session, auth, by=None, username="petugas-pupr", password=PASSWORD)
    token = signed_in(await log_in(db, auth, "petugas-pupr"))
    async with db.session() as session:
        person = await session.get(Person, "petugas-pupr")
        assert person is not None
        person.active = False
    async with db.session() as session:
        [changed] = await sync_people_accounts(session)
        assert changed.username == "petugas-pupr"
        assert changed.disabled
        assert await authenticate(session, auth, token=token) is None
    assert (await account(db, "petugas-pupr")).disabled
