"""The ticket desk without any channel: asking the citizen pauses the clocks until they answer,
assigning to a colleague, the confidential/anonymous flags, and a delivery the outbox gave up on."""

from __future__ import annotations

import pytest

from core import clock
from core.clock import FrozenClock
from core.db import Database
from core.errors import ConflictError, NotFoundError
from escalation import EscalationListener, desk
from escalation.models import StaffNotification
from messaging.models import OutboundMessage, OutboundStatus
from tests.escalation.conftest import events, notifications, open_ticket, outbox
from tests.sla.conftest import clock_of
from tickets import Citizen, Ticket


async def test_asking_the_citizen_pauses_the_clocks_until_they_answer(
    db: Database, listener: EscalationListener
) -> None:
    ticket_id = await open_ticket(db, listener)
    async with db.session() as session:
        ticket = await session.get(Ticket, ticket_id)
        assert ticket is not None
        await desk.ask_citizen(
            session,
            ticket=ticket.code,
            person_id="petugas-pupr",
            question="Mohon kirimkan nama jalan yang tepat.",
            context=listener.context,
        )
        assert ticket.status == "waiting_citizen"
    question = (await outbox(db))[-1]
    assert question.text.startswith("Yth. Bapak/Ibu,")
    assert "Mohon kirimkan nama jalan yang tepat." in question.text
    assert (await clock_of(db, ticket_id, "resolution")).status == "paused"
    assert (await clock_of(db, ticket_id, "first_response", active=False)).status == "met"

    async with db.session() as session:
        ticket = await session.get(Ticket, ticket_id)
        assert ticket is not None
        citizen = await session.get(Citizen, ticket.citizen_id)
        assert citizen is not None
        answered = await desk.citizen_answered(
            session, citizen=citizen, text="Jalan Melati nomor 5.", context=listener.context
        )
        assert answered is not None
        assert answered.id == ticket_id
        assert ticket.status == "in_progress"
        again = await desk.citizen_answered(session, citizen=citizen, text="Halo", context=listener.context)
        assert again is None
    assert (await clock_of(db, ticket_id, "resolution")).status == "running"
    assert (await clock_of(db, ticket_id, "next_response")).status == "running"
    assert (await events(db, ticket_id, "citizen_message"))[-1] == {"text": "Jalan Melati nomor 5."}


async def test_assigning_to_a_colleague_records_who_gave_it(
    db: Database, listener: EscalationListener
) -> None:
    ticket_id = await open_ticket(db, listener)
    async with db.session() as session:
        ticket = await session.get(Ticket, ticket_id)
        assert ticket is not None
        with pytest.raises(NotFoundError):
            await desk.assign(
                session,
                ticket=ticket.code,
                person_id="kadis-pupr",
                assignee_id="tidak-ada",
                context=listener.context,
            )
        await desk.assign(
            session,
            ticket=ticket.code,
            person_id="kadis-pupr",
            assignee_id="petugas-pupr",
            context=listener.context,
        )
        assert ticket.status == "in_progress"
    assigned = (await events(db, ticket_id, "assigned"))[-1]
    assert (assigned["person"], assigned["by"]) == ("petugas-pupr", "officer:kadis-pupr")


async def test_flags_change_once_and_a_closed_ticket_cannot_be_asked(
    db: Database, listener: EscalationListener
) -> None:
    ticket_id = await open_ticket(db, listener)
    async with db.session() as session:
        ticket = await session.get(Ticket, ticket_id)
        assert ticket is not None
        assert await desk.mark_flags(session, ticket=ticket.code, person_id="petugas-pupr", confidential=True)
        assert not await desk.mark_flags(
            session, ticket=ticket.code, person_id="petugas-pupr", confidential=True
        )
        assert (ticket.confidential, ticket.anonymous) == (True, False)
        await desk.resolve(session, ticket=ticket.code, person_id="petugas-pupr", context=listener.context)
        with pytest.raises(ConflictError):
            await desk.ask_citizen(
                session,
                ticket=ticket.code,
                person_id="petugas-pupr",
                question="Apa?",
                context=listener.context,
            )
    assert await events(db, ticket_id, "flags_changed") == [{"confidential": True}]


async def test_a_failed_delivery_is_recorded_on_the_ticket(
    db: Database, listener: EscalationListener
) -> None:
    ticket_id = await open_ticket(db, listener)
    async with db.session() as session:
        row = OutboundMessage(
            channel="telegram",
            target="123",
            text="Yth. Bapak/Ibu",
            ticket_id=ticket_id,
            status=OutboundStatus.FAILED,
            attempts=5,
            last_error="Forbidden: bot was blocked by the user",
            created_at=clock.now(),
            next_attempt_at=clock.now(),
        )
        session.add(row)
        await session.flush()
        await desk.delivery_failed(session, row, context=listener.context)
    failed = (await events(db, ticket_id, "delivery_failed"))[-1]
    assert (failed["attempts"], failed["error"]) == (5, "Forbidden: bot was blocked by the user")


async def test_a_follow_up_joins_only_the_citizens_own_open_ticket_and_reaches_the_unit(
    db: Database, listener: EscalationListener
) -> None:
    ticket_id = await open_ticket(db, listener)
    other_id = await open_ticket(db, listener)
    async with db.session() as session:
        ticket, other = await session.get(Ticket, ticket_id), await session.get(Ticket, other_id)
        assert ticket is not None
        assert other is not None
        citizen = await session.get(Citizen, ticket.citizen_id)
        assert citizen is not None
        context = listener.context
        followed = await desk.citizen_followed_up(
            session, citizen=citizen, code=ticket.code, text="Kapan diperbaiki?", context=context
        )
        assert followed is not None
        assert followed.id == ticket_id
        assert ticket.status == "open"
        foreign = await desk.citizen_followed_up(
            session, citizen=citizen, code=other.code, text="Halo", context=context
        )
        assert foreign is None
    recorded = await events(db, ticket_id, "citizen_message")
    assert recorded == [{"text": "Kapan diperbaiki?", "follow_up": True}]
    assert await events(db, other_id, "citizen_message") == []
    told = [row for row in await notifications(db, ticket_id) if row.reason == "citizen_message"]
    assert told
    assert all("“Kapan diperbaiki?”" in row.text for row in told)
    assert [row for row in await notifications(db, other_id) if row.reason == "citizen_message"] == []


async def test_an_impatient_citizen_is_one_notice_in_the_units_group_not_ten(
    db: Database, listener: EscalationListener, clock: FrozenClock
) -> None:
    """Follow-ups within the window join the history quietly; after it, the unit is told again; an
    answer to an officer's question is told at once, whatever the window."""
    ticket_id = await open_ticket(db, listener)

    async def follow_up(text: str) -> None:
        async with db.session() as session:
            ticket = await session.get(Ticket, ticket_id)
            assert ticket is not None
            citizen = await session.get(Citizen, ticket.citizen_id)
            assert citizen is not None
            await desk.citizen_followed_up(
                session, citizen=citizen, code=ticket.code, text=text, context=listener.context
            )

    def told_texts(rows: list[StaffNotification]) -> list[str]:
        return sorted({row.text for row in rows if row.reason == "citizen_message"})

    await follow_up("udah ada kabar blm?")
    for minutes, text in ((5, "halo min??"), (20, "kok blm dibenerin")):
        clock.advance(minutes=minutes)
        await follow_up(text)
    told = told_texts(list(await notifications(db, ticket_id)))
    assert len(told) == 1
    assert "“udah ada kabar blm?”" in told[0]
    assert len(await events(db, ticket_id, "citizen_message")) == 3

    clock.advance(minutes=31)
    await follow_up("tolong dong pak, udah seminggu")
    assert len(told_texts(list(await notifications(db, ticket_id)))) == 2

    async with db.session() as session:
        ticket = await session.get(Ticket, ticket_id)
        assert ticket is not None
        await desk.ask_citizen(
            session,
            ticket=ticket.code,
            person_id="petugas-pupr",
            question="Di RT berapa?",
            context=listener.context,
        )
    clock.advance(minutes=1)
    await follow_up("RT 03 pak")
    assert any("“RT 03 pak”" in text for text in told_texts(list(await notifications(db, ticket_id))))
