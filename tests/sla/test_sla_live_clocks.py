"""Live clocks where people see them: the conversation's status check and the JSON for the ticket API;
and the citizen's answer reaching the ticket that waits for it."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select

from core.clock import FrozenClock
from core.db import Database
from sla import SlaConfig
from sla import service as sla
from tests.bot.conftest import Citizen
from tests.bot.test_conversation import file_complaint
from tests.sla.conftest import clock_of, iso, load_ticket, open_ticket, sla_events, wib
from tickets import Ticket, TicketKind, TicketStatus


async def the_ticket(db: Database) -> int:
    async with db.session() as session:
        ticket = (await session.execute(select(Ticket))).scalar_one()
        assert ticket.id is not None
        return ticket.id


async def officer_asks_for_more(db: Database, ticket_id: int) -> None:
    async with db.session() as session:
        ticket = await load_ticket(session, ticket_id)
        await sla.record_response(session, ticket=ticket, actor="officer:7")
        await sla.wait_for_citizen(session, ticket=ticket, actor="officer:7")


class TestStatusCheck:
    async def test_it_shows_both_deadlines_with_the_working_time_left(self, citizen: Citizen) -> None:
        await file_complaint(citizen)
        reply = await citizen.says("ADU-2026-000001")
        # Monday 09:00: Tuesday, Wednesday, Thursday are still to come; to the next Monday, five.
        assert (
            "Kami akan menanggapi paling lambat Kamis, 26 November 2026 pukul 10.30 WIB "
            "(sekitar 3 hari kerja lagi).\n" in reply
        )
        assert (
            "Target selesai: Senin, 30 November 2026 pukul 09.00 WIB (sekitar 5 hari kerja lagi).\n" in reply
        )
        assert "berhenti" not in reply

    async def test_the_time_left_runs_with_working_hours_only(
        self, citizen: Citizen, clock: FrozenClock
    ) -> None:
        await file_complaint(citizen)
        clock.set(wib(25, 23, 20))  # Wednesday night: Thursday's working morning is all that is left
        reply = await citizen.says("ADU-2026-000001")
        assert "besok, Kamis, 26 November 2026 pukul 10.30 WIB (sekitar 1 hari kerja lagi)" in reply
        clock.set(wib(26, 8, 15))
        assert "hari ini, Kamis, 26 November 2026 pukul 10.30 WIB (sekitar 2 jam lagi)" in (
            await citizen.says("ADU-2026-000001")
        )
        clock.set(wib(26, 10, 15))
        assert "hari ini, Kamis, 26 November 2026 pukul 10.30 WIB (kurang dari 1 jam lagi)" in (
            await citizen.says("ADU-2026-000001")
        )

    async def test_an_overdue_deadline_says_so_plainly(self, citizen: Citizen, clock: FrozenClock) -> None:
        await file_complaint(citizen)
        clock.set(wib(26, 11))
        reply = await citizen.says("ADU-2026-000001")
        assert (
            "Kami akan menanggapi paling lambat Kamis, 26 November 2026 pukul 10.30 WIB (sudah lewat).\n"
            in reply
        )

    async def test_a_paused_clock_is_shown_as_paused(self, citizen: Citizen, db: Database) -> None:
        await file_complaint(citizen)
        await officer_asks_for_more(db, await the_ticket(db))
        reply = await citizen.says(choice="ticket:ADU-2026-000001")
        assert "Aduan ADU-2026-000001 menunggu keterangan tambahan dari Bapak/Ibu." in reply
        assert "Sudah kami tanggapi pada Senin, 23 November 2026 pukul 09.00 WIB." in reply
        assert "(waktu berhenti sampai Bapak/Ibu menjawab)" in reply
        assert "Batas waktu kami berhenti dulu sampai Bapak/Ibu menjawab." in reply

    async def test_a_comment_counts_calendar_time(
        self, db: Database, config: SlaConfig, clock: FrozenClock
    ) -> None:
        ticket_id = await open_ticket(db, config, TicketKind.COMMENT)
        async with db.session() as session:
            live = await sla.live_clocks(session, ticket=await load_ticket(session, ticket_id), config=config)
        assert [(c.kind, c.measure, c.left) for c in live] == [
            ("first_response", "calendar", timedelta(hours=48)),
            ("resolution", "working", timedelta(hours=37, minutes=30)),
        ]


class TestClockView:
    async def test_the_ticket_api_gets_every_clock_as_json(
        self, db: Database, config: SlaConfig, clock: FrozenClock
    ) -> None:
        ticket_id = await open_ticket(db, config)
        await officer_asks_for_more(db, ticket_id)
        clock.set(wib(25, 12))
        async with db.session() as session:
            view = await sla.clock_view(session, ticket=await load_ticket(session, ticket_id), config=config)
        assert view["status"] == "waiting_citizen"
        first, resolution = view["clocks"]
        assert (first["kind"], first["status"], first["left_seconds"]) == ("first_response", "met", None)
        assert first["met_at"] == iso(wib(23, 9))
        assert resolution == {
            "id": resolution["id"],
            "kind": "resolution",
            "status": "paused",
            "policy": "dm",
            "target": "5 working_days",
            "measure": "working",
            "started_at": iso(wib(23, 9)),
            "due_at": iso(wib(30, 9)),
            "paused": True,
            "paused_at": iso(wib(23, 9)),
            "left_seconds": 37.5 * 3600,
            "overdue": False,
            "breached_at": None,
            "met_at": None,
            "stopped_at": None,
            "warnings": [
                {"point": 0.75, "at": iso(wib(26, 15, 37) + timedelta(seconds=30)), "handled": False},
                {"point": 0.9, "at": iso(wib(27, 14, 15)), "handled": False},
            ],
        }


class TestTheCitizensAnswer:
    async def test_free_text_goes_to_the_waiting_ticket_and_its_clocks_resume(
        self, citizen: Citizen, db: Database, clock: FrozenClock
    ) -> None:
        await file_complaint(citizen)
        ticket_id = await the_ticket(db)
        await officer_asks_for_more(db, ticket_id)
        clock.advance(hours=2)
        reply = await citizen.says("Lubangnya sekitar satu meter, tepat di depan toko bangunan.")
        assert "keterangan Bapak/Ibu sudah kami catat pada aduan ADU-2026-000001" in reply
        async with db.session() as session:
            ticket = await load_ticket(session, ticket_id)
            assert ticket.status == TicketStatus.IN_PROGRESS
        resolution = await clock_of(db, ticket_id, "resolution")
        assert (resolution.status, resolution.due_at) == ("running", wib(30, 11))
        next_response = await clock_of(db, ticket_id, "next_response")
        assert next_response.started_at == wib(23, 11)
        kinds = [kind for kind, _ in await sla_events(db, ticket_id)]
        assert kinds[-2:] == ["sla_clock_resumed", "sla_clock_started"]

    async def test_a_menu_pick_is_not_taken_as_the_answer(self, citizen: Citizen, db: Database) -> None:
        await file_complaint(citizen)
        ticket_id = await the_ticket(db)
        await officer_asks_for_more(db, ticket_id)
        await citizen.send(choice="menu:status")
        await citizen.send("menu")
        assert (await clock_of(db, ticket_id, "resolution")).status == "paused"

    async def test_an_emergency_is_answered_as_one_not_taken_as_the_answer(
        self, citizen: Citizen, db: Database
    ) -> None:
        await file_complaint(citizen)
        ticket_id = await the_ticket(db)
        await officer_asks_for_more(db, ticket_id)
        reply = await citizen.says("tolong ada kebakaran di rumah sebelah sekarang!!")
        assert "112" in reply
        assert (await clock_of(db, ticket_id, "resolution")).status == "paused"
