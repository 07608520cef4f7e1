"""Who sees which ticket: an officer or unit head only their units' tickets (and the units below
them), a supervisor every ticket; another unit's ticket is "not found", exactly like one that does
not exist; only admins manage accounts."""

from __future__ import annotations

import pytest
from sqlalchemy import select
from sqlmodel import col

from core.clock import FrozenClock
from core.db import Database
from core.errors import NotFoundError
from escalation import EscalationListener
from escalation.models import MemberRole, ServiceUnit, UnitMembership
from escalation.staff.accounts import create_account, list_accounts
from escalation.staff.auth import StaffAuth
from escalation.staff.errors import NotAllowedError
from escalation.staff.models import StaffRole
from escalation.staff.principal import Principal, principal_of
from escalation.staff.visibility import ticket_filter, visible_ticket
from tests.escalation.conftest import open_ticket
from tests.escalation.staff.conftest import account, add_account
from tickets import Ticket


async def _principal(db: Database, username: str) -> Principal:
    found = await account(db, username)
    async with db.session() as session:
        return await principal_of(session, found)


async def _visible_codes(db: Database, principal: Principal) -> set[str]:
    async with db.session() as session:
        rows = await session.execute(select(col(Ticket.code)).where(ticket_filter(principal)))
        return set(rows.scalars())


async def _codes(db: Database, *ids: int) -> list[str]:
    async with db.session() as session:
        return [(await session.get(Ticket, ticket_id)).code for ticket_id in ids]  # type: ignore[union-attr]


@pytest.fixture
async def two_tickets(db: Database, listener: EscalationListener, auth: StaffAuth) -> tuple[str, str]:
    roads = await open_ticket(db, listener, unit_id="pupr")
    papers = await open_ticket(db, listener, unit_id="disdukcapil", description="KTP-el saya belum jadi.")
    await add_account(db, auth, "andi", person_id="petugas-pupr")
    await add_account(db, auth, "slamet", role=StaffRole.UNIT_HEAD, person_id="kadis-pupr")
    await add_account(db, auth, "hendra", role=StaffRole.SUPERVISOR, person_id="asisten-pemerintahan")
    await add_account(db, auth, "admin", role=StaffRole.ADMIN)
    road_code, paper_code = await _codes(db, roads, papers)
    return road_code, paper_code


async def test_an_officer_sees_only_their_units_tickets(db: Database, two_tickets: tuple[str, str]) -> None:
    roads, papers = two_tickets
    for username in ("andi", "slamet"):
        principal = await _principal(db, username)
        assert await _visible_codes(db, principal) == {roads}
        async with db.session() as session:
            assert (await visible_ticket(session, principal, roads)).code == roads
            with pytest.raises(NotFoundError) as other_unit:
                await visible_ticket(session, principal, papers)
            with pytest.raises(NotFoundError) as missing:
                await visible_ticket(session, principal, "ADU-2026-999999")
        assert str(other_unit.value).replace(papers, "?") == str(missing.value).replace(
            "ADU-2026-999999", "?"
        )


async def test_a_supervisor_sees_every_ticket_and_an_admin_without_a_person_none(
    db: Database, two_tickets: tuple[str, str]
) -> None:
    assert await _visible_codes(db, await _principal(db, "hendra")) == set(two_tickets)
    assert await _visible_codes(db, await _principal(db, "admin")) == set()


async def test_a_unit_head_sees_the_units_below_theirs(
    db: Database, listener: EscalationListener, auth: StaffAuth, clock: FrozenClock
) -> None:
    async with db.session() as session:
        session.add(ServiceUnit(id="upt-jalan", name="UPT Pemeliharaan Jalan", parent_id="pupr"))
        session.add(ServiceUnit(id="upt-jembatan", name="UPT Jembatan", parent_id="upt-jalan"))
    road = await open_ticket(db, listener, unit_id="upt-jembatan")
    await add_account(db, auth, "slamet", role=StaffRole.UNIT_HEAD, person_id="kadis-pupr")
    assert await _visible_codes(db, await _principal(db, "slamet")) == set(await _codes(db, road))


async def test_a_directory_change_applies_at_the_next_request(
    db: Database, two_tickets: tuple[str, str]
) -> None:
    roads, papers = two_tickets
    async with db.session() as session:
        session.add(UnitMembership(unit_id="disdukcapil", person_id="petugas-pupr", role=MemberRole.OFFICER))
    assert await _visible_codes(db, await _principal(db, "andi")) == {roads, papers}


async def test_only_admins_manage_accounts(
    db: Database, auth: StaffAuth, two_tickets: tuple[str, str]
) -> None:
    supervisor = await _principal(db, "hendra")
    async with db.session() as session:
        with pytest.raises(NotAllowedError):
            await create_account(
                session, auth, by=supervisor, username="baru", role=StaffRole.ADMIN, password="x" * 20
            )
        with pytest.raises(NotAllowedError):
            await list_accounts(session, by=supervisor)
    admin = await _principal(db, "admin")
    async with db.session() as session:
        await create_account(
            session, auth, by=admin, username="dewi", role=StaffRole.OFFICER, password="kata-sandi-baru-2026"
        )
        names = [row.username for row in await list_accounts(session, by=admin)]
    assert names == ["admin", "andi", "dewi", "hendra", "slamet"]
