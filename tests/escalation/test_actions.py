"""What officers do ("bukan wewenang", replying, resolving) and what citizens do (rating, reopening),
and what each side is told."""

from __future__ import annotations

from datetime import timedelta

import pytest

from core.clock import FrozenClock
from core.db import Database
from core.errors import ConflictError
from escalation import EscalationListener, OutsideAgency, desk
from escalation.repository import ratings_of
from tests.escalation.conftest import (
    PUPR_GROUP,
    TRIAGE_GROUP,
    events,
    level_of,
    notifications,
    open_ticket,
    outbox,
)
from tests.sla.conftest import clock_of, wib
from tickets import Ticket


class TestNotOurAuthority:
    async def test_rerouting_to_another_unit_restarts_its_chain_and_tells_the_citizen(
        self, db: Database, listener: EscalationListener
    ) -> None:
        ticket_id = await open_ticket(
            db, listener, unit_id="dishub", description="Pipa bocor di jalan Melati."
        )
        async with db.session() as session:
            ticket = await session.get(Ticket, ticket_id)
            assert ticket is not None
            await desk.forward_to_unit(
                session,
                ticket=ticket.code,
                person_id="petugas-dishub",
                to_unit="pdam",
                note="urusan PDAM",
                context=listener.context,
            )
        assert await level_of(db, ticket_id) == ("pdam", 0)
        assert (await events(db, ticket_id, "rerouted"))[0] == {
            "from": "dishub",
            "to": "pdam",
            "note": "urusan PDAM",
        }
        told = (await notifications(db, ticket_id))[-1]
        assert (told.reason, told.target) == ("rerouted", "-1001000000071")
        citizen_notice = (await outbox(db))[-1]
        assert (citizen_notice.channel, citizen_notice.citizen_id is not None) == ("telegram", True)
        assert "kami teruskan kepada Perumda Air Minum Tirta Contoh" in citizen_notice.text

    async def test_sending_back_to_triage(self, db: Database, listener: EscalationListener) -> None:
        ticket_id = await open_ticket(db, listener)
        async with db.session() as session:
            ticket = await session.get(Ticket, ticket_id)
            assert ticket is not None
            await desk.forward_to_unit(
                session, ticket=ticket.code, person_id="petugas-pupr", context=listener.context
            )
            assert ticket.unit_id == "layanan-pengaduan"
        assert await level_of(db, ticket_id) == ("layanan-pengaduan", 0)
        assert (await notifications(db, ticket_id))[-1].target == TRIAGE_GROUP

    async def test_rerouting_to_the_same_unit_is_refused(
        self, db: Database, listener: EscalationListener
    ) -> None:
        ticket_id = await open_ticket(db, listener)
        async with db.session() as session:
            ticket = await session.get(Ticket, ticket_id)
            assert ticket is not None
            with pytest.raises(ConflictError):
                await desk.forward_to_unit(
                    session,
                    ticket=ticket.code,
                    person_id="petugas-pupr",
                    to_unit="pupr",
                    context=listener.context,
                )

    async def test_forwarding_outside_closes_the_ticket_and_tells_the_citizen_where_to_go(
        self, db: Database, listener: EscalationListener
    ) -> None:
        ticket_id = await open_ticket(
            db, listener, unit_id="layanan-pengaduan", description="Listrik padam tiap malam."
        )
        pln = listener.context.config.outside_bodies["pln"]
        async with db.session() as session:
            ticket = await session.get(Ticket, ticket_id)
            assert ticket is not None
            await desk.forward_outside(
                session,
                ticket=ticket.code,
                person_id="admin-pengaduan-1",
                agency=OutsideAgency(pln.name, pln.contact),
                context=listener.context,
            )
            assert ticket.status == "closed"
        notice = (await outbox(db))[-1]
        assert "melainkan kewenangan PT PLN (Persero)" in notice.text
        assert "aplikasi PLN Mobile atau telepon 123" in notice.text
        assert (await clock_of(db, ticket_id, "resolution", active=False)).status == "stopped"


class TestOfficerReplyResolveRateReopen:
    async def test_an_officers_reply_reaches_the_citizen_wrapped_and_counts_as_the_response(
        self, db: Database, listener: EscalationListener
    ) -> None:
        ticket_id = await open_ticket(db, listener)
        async with db.session() as session:
            ticket = await session.get(Ticket, ticket_id)
            assert ticket is not None
            await desk.reply(
                session,
                ticket=ticket.code,
                person_id="petugas-pupr",
                text="Tim kami akan menambal jalan besok.",
                context=listener.context,
            )
            assert ticket.status == "in_progress"
            assert ticket.first_responded_at is not None
        reply = (await outbox(db))[-1]
        assert reply.text.startswith("Yth. Bapak/Ibu,")
        assert "Tim kami akan menambal jalan besok." in reply.text
        assert reply.text.endswith("Tim Layanan Pengaduan Pemerintah Kota Contoh")
        assert (await clock_of(db, ticket_id, "first_response", active=False)).status == "met"

    async def test_resolving_asks_for_a_rating_and_the_citizen_may_reopen_within_7_days(
        self, db: Database, listener: EscalationListener, clock: FrozenClock
    ) -> None:
        ticket_id = await open_ticket(db, listener)
        async with db.session() as session:
            ticket = await session.get(Ticket, ticket_id)
            assert ticket is not None
            await desk.resolve(
                session, ticket=ticket.code, person_id="petugas-pupr", context=listener.context
            )
        notice = (await outbox(db))[-1]
        assert "Mohon beri nilai untuk layanan kami" in notice.text
        assert "Senin, 30 November 2026" in notice.text
        values = [choice["value"] for choice in notice.payload["choices"]]
        assert values == [f"rate:ADU-2026-000001:{n}" for n in range(1, 6)] + ["reopen:ADU-2026-000001"]

        async with db.session() as session:
            ticket = await session.get(Ticket, ticket_id)
            assert ticket is not None
            await desk.rate(session, ticket=ticket, score=4, context=listener.context)
            with pytest.raises(ValueError, match="1 to 5"):
                await desk.rate(session, ticket=ticket, score=6, context=listener.context)
            assert [r.score for r in await ratings_of(session, ticket_id)] == [4]

        clock.advance(timedelta(days=2))
        async with db.session() as session:
            ticket = await session.get(Ticket, ticket_id)
            assert ticket is not None
            await desk.reopen(session, ticket=ticket, context=listener.context)
            assert (ticket.status, ticket.unit_id) == ("open", "pupr")
        assert await level_of(db, ticket_id) == ("pupr", 0)
        assert (await notifications(db, ticket_id))[-1].reason == "reopened"
        assert (await notifications(db, ticket_id))[-1].target == PUPR_GROUP
        assert "sudah kami buka kembali" in (await outbox(db))[-1].text

    async def test_reopening_after_7_days_is_refused(
        self, db: Database, listener: EscalationListener, clock: FrozenClock
    ) -> None:
        ticket_id = await open_ticket(db, listener)
        async with db.session() as session:
            ticket = await session.get(Ticket, ticket_id)
            assert ticket is not None
            await desk.resolve(
                session, ticket=ticket.code, person_id="petugas-pupr", context=listener.context
            )
        clock.set(wib(30, 9, 1))
        async with db.session() as session:
            ticket = await session.get(Ticket, ticket_id)
            assert ticket is not None
            with pytest.raises(ConflictError, match="more than 7 days"):
                await desk.reopen(session, ticket=ticket, context=listener.context)

    async def test_an_escalated_ticket_reopened_goes_back_to_level_0(
        self, db: Database, listener: EscalationListener, clock: FrozenClock
    ) -> None:
        from sla import Sweeper

        ticket_id = await open_ticket(db, listener)
        clock.set(wib(26, 10, 30))
        await Sweeper(db, listener=listener).sweep()
        assert await level_of(db, ticket_id) == ("pupr", 1)
        async with db.session() as session:
            ticket = await session.get(Ticket, ticket_id)
            assert ticket is not None
            await desk.resolve(session, ticket=ticket.code, person_id="kadis-pupr", context=listener.context)
            await desk.reopen(session, ticket=ticket, context=listener.context)
        assert await level_of(db, ticket_id) == ("pupr", 0)
