"""After an officer resolves a ticket, the citizen rates or reopens it; web chat collects staff messages."""

from __future__ import annotations

from datetime import timedelta

import httpx
import pytest
from sqlalchemy import select

from core.clock import FrozenClock
from core.db import Database
from escalation import desk, load_escalation_config, sync_directory
from escalation.models import TicketRating
from tests.bot.conftest import Citizen
from tests.bot.test_conversation import file_complaint
from tests.bot.test_webchat import say
from tickets import Ticket, TicketStatus


@pytest.fixture(autouse=True)
async def officers(db: Database, citizen: Citizen) -> None:
    """The sample agency's people, whom the officers' actions here are taken as."""
    kb = citizen.engine.deps.kb
    async with db.session() as session:
        await sync_directory(session, kb.units, load_escalation_config(kb))


async def resolve_only_ticket(citizen: Citizen) -> str:
    deps = citizen.engine.deps
    async with citizen.db.session() as session:
        ticket = (await session.execute(select(Ticket))).scalar_one()
        await desk.resolve(
            session,
            ticket=ticket.code,
            person_id="asisten-pemerintahan",
            context=deps.escalation_context(),
        )
        return ticket.code


class TestRating:
    async def test_the_citizen_rates_a_resolved_ticket(self, citizen: Citizen, db: Database) -> None:
        await file_complaint(citizen)
        code = await resolve_only_ticket(citizen)
        reply = await citizen.says(choice=f"rate:{code}:5")
        assert "5 dari 5" in reply
        async with db.session() as session:
            rating = (await session.execute(select(TicketRating))).scalar_one()
        assert rating.score == 5

    async def test_an_open_ticket_cannot_be_rated_yet(self, citizen: Citizen, db: Database) -> None:
        await file_complaint(citizen)
        reply = await citizen.says(choice="rate:ADU-2026-000001:1")
        assert "masih ditangani" in reply
        async with db.session() as session:
            assert (await session.execute(select(TicketRating))).first() is None

    async def test_nobody_rates_another_citizens_ticket(
        self, citizen: Citizen, another_citizen: Citizen
    ) -> None:
        await file_complaint(citizen)
        code = await resolve_only_ticket(citizen)
        reply = await another_citizen.says(choice=f"rate:{code}:1")
        assert "tidak ada dalam daftar aduan Bapak/Ibu" in reply


class TestReopen:
    async def test_reopening_within_seven_days_sends_it_back_to_the_unit(
        self, citizen: Citizen, db: Database, clock: FrozenClock
    ) -> None:
        await file_complaint(citizen)
        code = await resolve_only_ticket(citizen)
        clock.advance(days=3)
        await citizen.send(choice=f"reopen:{code}")
        async with db.session() as session:
            ticket = (await session.execute(select(Ticket))).scalar_one()
        assert ticket.status == TicketStatus.OPEN
        assert ticket.unit_id == "pupr"

    async def test_after_seven_days_the_citizen_is_told_to_file_a_new_complaint(
        self, citizen: Citizen, db: Database, clock: FrozenClock
    ) -> None:
        await file_complaint(citizen)
        code = await resolve_only_ticket(citizen)
        clock.advance(timedelta(days=8))
        reply = await citizen.says(choice=f"reopen:{code}")
        assert "tidak dapat dibuka kembali" in reply
        async with db.session() as session:
            assert (await session.execute(select(Ticket))).scalar_one().status == TicketStatus.RESOLVED


class TestWebChatCollectsStaffMessages:
    async def test_an_officers_reply_reaches_the_web_chat_once(
        self, browser: httpx.AsyncClient, db: Database, citizen: Citizen
    ) -> None:
        await say(browser, "m0000001", choice="menu:complaint")
        await say(browser, "m0000002", choice="cat:air-minum")
        await say(browser, "m0000003", text="Air PDAM di Jalan Kenanga tidak mengalir sejak dua hari lalu.")
        await say(browser, "m0000004", choice="skip")
        await say(browser, "m0000005", choice="confirm:yes")
        deps = citizen.engine.deps
        async with db.session() as session:
            ticket = (await session.execute(select(Ticket))).scalar_one()
            await desk.reply(
                session,
                ticket=ticket.code,
                person_id="petugas-pdam",
                text="Petugas kami akan memeriksa jaringan pipa di Jalan Kenanga hari ini.",
                context=deps.escalation_context(),
            )
        first = (await browser.get("/api/chat/updates")).json()["replies"]
        again = (await browser.get("/api/chat/updates")).json()["replies"]
        assert len(first) == 1
        assert "memeriksa jaringan pipa di Jalan Kenanga" in first[0]["text"]
        assert first[0]["text"].startswith("Yth. Bapak/Ibu")
        assert again == []

    async def test_an_officers_reply_shown_by_a_reload_is_not_shown_again(
        self, browser: httpx.AsyncClient, db: Database, citizen: Citizen
    ) -> None:
        await say(browser, "m0000001", choice="menu:complaint")
        await say(browser, "m0000002", choice="cat:air-minum")
        await say(browser, "m0000003", text="Air PDAM di Jalan Kenanga tidak mengalir sejak dua hari lalu.")
        await say(browser, "m0000004", choice="skip")
        await say(browser, "m0000005", choice="confirm:yes")
        async with db.session() as session:
            ticket = (await session.execute(select(Ticket))).scalar_one()
            await desk.reply(
                session,
                ticket=ticket.code,
                person_id="petugas-pdam",
                text="Petugas kami akan memeriksa jaringan pipa di Jalan Kenanga hari ini.",
                context=citizen.engine.deps.escalation_context(),
            )
        shown = (await browser.get("/api/chat/history")).json()
        assert sum("jaringan pipa" in line["text"] for line in shown) == 1
        later = (await browser.get("/api/chat/updates")).json()["replies"]
        thanks = await say(browser, "m0000006", text="terima kasih pak")
        assert not [reply for reply in [*later, *thanks] if "jaringan pipa" in reply["text"]]
