"""A ticket's page as an officer reads it: the story in order, masked until revealed, clocks, routing,
photos and the citizen's other tickets; another unit's ticket does not exist for them."""

from __future__ import annotations

import pytest

from core.clock import FrozenClock
from core.db import Database
from core.errors import NotFoundError
from escalation import EscalationListener, desk
from escalation.desk.ticket_page import ticket_page
from tests.escalation.conftest import load, open_ticket
from tickets import Citizen, Ticket

STORY = "NIK saya 3174012345678901, HP 0812-3456-7890. Jalan di depan rumah berlubang besar."


async def test_the_story_in_order_masked_until_revealed(db: Database, listener: EscalationListener) -> None:
    ticket_id = await open_ticket(db, listener, description=STORY)
    code = (await load(db, ticket_id)).code
    async with db.session() as session:
        await desk.ask_citizen(
            session,
            ticket=code,
            person_id="petugas-pupr",
            question="Mohon kirim foto lubangnya.",
            context=listener.context,
        )
    async with db.session() as session:
        ticket = await session.get(Ticket, ticket_id)
        assert ticket is not None
        citizen = await session.get(Citizen, ticket.citizen_id)
        assert citizen is not None
        await desk.citizen_answered(
            session,
            citizen=citizen,
            text="Sudah saya kirim, hubungi 0813-1111-2222 ya",
            context=listener.context,
        )
    async with db.session() as session:
        await desk.reply(
            session,
            ticket=code,
            person_id="petugas-pupr",
            text="Terima kasih, petugas akan datang besok.",
            context=listener.context,
        )
    async with db.session() as session:
        page = await ticket_page(session, ticket=code, units={"pupr"})
        revealed = await ticket_page(session, ticket=ticket_id, units={"pupr"}, reveal=True)
    assert [entry.kind for entry in page.transcript] == [
        "opened",
        "asked_citizen",
        "citizen_message",
        "replied",
    ]
    assert "3174012345678901" not in str(page)
    assert "0813-1111-2222" not in str(page)
    assert "Jalan di depan rumah berlubang besar." in page.description
    assert revealed.description == STORY
    assert "0813-1111-2222" in str(revealed.transcript[2].text)
    assert not page.revealed
    assert revealed.revealed
    assert page.routing is not None
    assert page.routing["unit"] == "pupr"
    assert {clock.kind for clock in page.clocks} >= {"first_response", "resolution"}
    assert [entry.at for entry in page.timeline] == sorted(entry.at for entry in page.timeline)


async def test_another_units_ticket_is_not_found_like_one_that_does_not_exist(
    db: Database, listener: EscalationListener
) -> None:
    ticket_id = await open_ticket(db, listener, unit_id="pdam", description="Air tidak mengalir.")
    async with db.session() as session:
        with pytest.raises(NotFoundError):
            await ticket_page(session, ticket=ticket_id, units={"pupr"})
        with pytest.raises(NotFoundError):
            await ticket_page(session, ticket="ADU-2026-999999", units={"pupr"})
        assert (await ticket_page(session, ticket=ticket_id, units=None)).unit_id == "pdam"


async def test_late_clocks_and_the_citizens_other_tickets(
    db: Database, listener: EscalationListener, clock: FrozenClock
) -> None:
    first = await open_ticket(db, listener)
    second = await open_ticket(db, listener, description="Lampu jalan mati.")
    async with db.session() as session:
        one, two = await session.get(Ticket, first), await session.get(Ticket, second)
        assert one is not None
        assert two is not None
        two.citizen_id = one.citizen_id
        citizen = await session.get(Citizen, one.citizen_id)
        assert citizen is not None
        citizen.display_name = "Budi Santoso"
    clock.advance(days=30)
    async with db.session() as session:
        page = await ticket_page(session, ticket=first, units={"pupr"})
        named = await ticket_page(session, ticket=first, units={"pupr"}, reveal=True)
    assert any(clock.late for clock in page.clocks)
    assert [other.code for other in page.other_tickets] == [(await load(db, second)).code]
    assert (page.citizen_name, named.citizen_name) == ("B. S.", "Budi Santoso")
