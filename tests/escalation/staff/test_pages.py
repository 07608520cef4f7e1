"""What a signed-in officer reads: the queue of their units only, a ticket's page masked, revealed
only to someone who may act on the ticket, and every reveal audited."""

from __future__ import annotations

import pytest

from core.db import Database
from core.errors import NotFoundError, PermissionDeniedError
from escalation import EscalationListener
from escalation.staff import repository
from escalation.staff.auth import StaffAuth
from escalation.staff.models import StaffRole
from escalation.staff.pages import queue_for, ticket_page_for
from escalation.staff.principal import Principal, principal_of
from tests.escalation.conftest import open_ticket
from tests.escalation.staff.conftest import account, add_account

STORY = "NIK saya 3174012345678901. Jalan di depan rumah berlubang besar."


async def _principal(db: Database, username: str) -> Principal:
    found = await account(db, username)
    async with db.session() as session:
        return await principal_of(session, found)


async def test_the_queue_holds_only_the_officers_units_tickets(
    db: Database, listener: EscalationListener, auth: StaffAuth
) -> None:
    roads = await open_ticket(db, listener, unit_id="pupr")
    await open_ticket(db, listener, unit_id="disdukcapil", description="KTP-el saya belum jadi.")
    await add_account(db, auth, "andi", person_id="petugas-pupr")
    await add_account(db, auth, "hendra", role=StaffRole.SUPERVISOR, person_id="asisten-pemerintahan")
    andi, hendra = await _principal(db, "andi"), await _principal(db, "hendra")
    async with db.session() as session:
        mine = await queue_for(session, andi)
        everything = await queue_for(session, hendra)
    assert [item.ticket_id for item in mine.items] == [roads]
    assert len(everything.items) == 2


async def test_personal_data_is_revealed_to_the_units_officer_and_audited(
    db: Database, listener: EscalationListener, auth: StaffAuth
) -> None:
    ticket_id = await open_ticket(db, listener, unit_id="pupr", description=STORY)
    await add_account(db, auth, "andi", person_id="petugas-pupr")
    await add_account(db, auth, "admin", role=StaffRole.ADMIN)
    andi = await _principal(db, "andi")
    async with db.session() as session:
        masked = await ticket_page_for(session, andi, ticket=ticket_id)
        assert "3174012345678901" not in (masked.transcript[0].text or "")
        shown = await ticket_page_for(session, andi, ticket=ticket_id, reveal=True, ip="10.0.0.5")
        assert shown.revealed
        assert "3174012345678901" in (shown.transcript[0].text or "")
    async with db.session() as session:
        [entry] = await repository.audit_entries(session, ticket_id=ticket_id)
    assert (entry.action, entry.actor, entry.ip) == ("view_personal_data", "account:andi", "10.0.0.5")


async def test_no_reveal_for_someone_who_may_not_act_and_no_page_of_another_unit(
    db: Database, listener: EscalationListener, auth: StaffAuth
) -> None:
    roads = await open_ticket(db, listener, unit_id="pupr", description=STORY)
    await add_account(db, auth, "hendra", role=StaffRole.SUPERVISOR)  # no person: sees, cannot act
    await add_account(db, auth, "maya", person_id="petugas-dukcapil")
    hendra, maya = await _principal(db, "hendra"), await _principal(db, "maya")
    async with db.session() as session:
        with pytest.raises(PermissionDeniedError):
            await ticket_page_for(session, hendra, ticket=roads, reveal=True)
        with pytest.raises(NotFoundError):
            await ticket_page_for(session, maya, ticket=roads)
    async with db.session() as session:
        assert await repository.audit_entries(session, ticket_id=roads) == []
