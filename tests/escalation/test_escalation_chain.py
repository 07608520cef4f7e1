"""A warning tells the unit, a breach climbs to the head and then to the supervisor: driven by the real
SLA sweeper on a frozen clock. Monday 23 November 2026, 09:00 WIB; a DM's first response is due Thursday
26 November 10:30 (warnings Wednesday 12:00 and Thursday 08:06), its resolution Monday 30 November 09:00."""

from __future__ import annotations

from datetime import timedelta

from core.clock import FrozenClock
from core.db import Database
from escalation import EmailMessenger, EscalationListener
from messaging.outbox import OutboxWorker
from sla import Sweeper
from tests.escalation.conftest import (
    PUPR_GROUP,
    SUPERVISOR_CHAT,
    Mailbox,
    events,
    level_of,
    notifications,
    open_ticket,
    outbox,
)
from tests.sla.conftest import wib


class TestWarningsAndBreaches:
    async def test_a_new_ticket_is_announced_in_the_units_group(
        self, db: Database, listener: EscalationListener
    ) -> None:
        ticket_id = await open_ticket(db, listener)
        [told] = await notifications(db, ticket_id)
        assert (told.channel, told.target, told.reason, told.status) == (
            "telegram",
            PUPR_GROUP,
            "new_ticket",
            "queued",
        )
        assert "Tiket baru ADU-2026-000001 untuk Dinas Pekerjaan Umum dan Penataan Ruang" in told.text
        assert "Kamis, 26 November 2026 pukul 10.30 WIB" in told.text
        assert [row.target for row in await outbox(db)] == [PUPR_GROUP]
        assert await level_of(db, ticket_id) == ("pupr", 0)

    async def test_a_warning_tells_the_current_level(
        self, db: Database, listener: EscalationListener, clock: FrozenClock
    ) -> None:
        ticket_id = await open_ticket(db, listener)
        clock.set(wib(25, 12))
        report = await Sweeper(db, listener=listener).sweep()
        assert report.warnings == 1
        warning = (await notifications(db, ticket_id))[-1]
        assert (warning.reason, warning.target, warning.level) == ("sla_warning", PUPR_GROUP, 0)
        assert "telah menggunakan 75% waktu tanggapan pertama" in warning.text
        assert await level_of(db, ticket_id) == ("pupr", 0)
        assert await events(db, ticket_id, "escalated") == []

    async def test_breaches_climb_to_the_head_then_the_supervisor_with_mail(
        self, db: Database, listener: EscalationListener, clock: FrozenClock, smtp: tuple[Mailbox, int]
    ) -> None:
        ticket_id = await open_ticket(db, listener)
        sweeper = Sweeper(db, listener=listener)
        clock.set(wib(26, 10, 30))  # first response due: level 1, the head
        await sweeper.sweep()
        assert await level_of(db, ticket_id) == ("pupr", 1)
        [first] = await events(db, ticket_id, "escalated")
        assert (first["from_level"], first["to_level"], first["clock"]) == (0, 1, "first_response")
        assert first["people"] == ["kadis-pupr"]
        breach = [n for n in await notifications(db, ticket_id) if n.reason == "sla_breach"]
        assert {(n.channel, n.target) for n in breach} == {
            ("telegram", PUPR_GROUP),  # the head has no Telegram id: told in the unit's group
            ("email", "kadis.pupr@kotacontoh.go.id"),
        }
        assert (
            "dieskalasi kepada Ir. Slamet Riyadi, kepala Dinas Pekerjaan Umum dan Penataan Ruang"
            in breach[0].text
        )

        clock.set(wib(30, 9))  # resolution due: level 2, the agency's supervisor
        await sweeper.sweep()
        assert await level_of(db, ticket_id) == ("pupr", 2)
        second = (await events(db, ticket_id, "escalated"))[-1]
        assert (second["from_level"], second["to_level"], second["clock"]) == (1, 2, "resolution")
        top = [n for n in await notifications(db, ticket_id) if n.reason == "sla_breach"][2:]
        assert {(n.channel, n.target) for n in top} == {
            ("telegram", SUPERVISOR_CHAT),
            ("email", "asisten1@kotacontoh.go.id"),
        }

        worker = OutboxWorker(db, {"email": EmailMessenger(listener.context.settings)})
        assert await worker.run_once() == 2
        mailbox, _ = smtp
        assert sorted(m["To"] for m in mailbox.messages) == [
            "asisten1@kotacontoh.go.id",
            "kadis.pupr@kotacontoh.go.id",
        ]
        mail = next(m for m in mailbox.messages if m["To"] == "asisten1@kotacontoh.go.id")
        assert mail["Subject"] == "[Pemerintah Kota Contoh] Tenggat terlewati: tiket ADU-2026-000001"
        body = mail.get_payload(decode=True)
        assert isinstance(body, bytes)
        assert "dieskalasi kepada Drs. Hendra Wijaya, M.Si., pengawas" in body.decode()

    async def test_a_ticket_at_the_top_stays_there_and_the_top_is_told_again(
        self, db: Database, listener: EscalationListener, clock: FrozenClock
    ) -> None:
        ticket_id = await open_ticket(db, listener, unit_id="dlh")
        sweeper = Sweeper(db, listener=listener)
        for moment in (wib(26, 10, 30), wib(30, 9)):
            clock.set(moment)
            await sweeper.sweep()
        assert await level_of(db, ticket_id) == ("dlh", 2)
        clock.set(wib(30, 9) + timedelta(days=1))
        assert (await sweeper.sweep()).breaches == 0  # every clock has breached once: nothing more fires
        assert len(await events(db, ticket_id, "escalated")) == 2

    async def test_the_pdam_chain_reaches_the_outside_supervisory_board(
        self, db: Database, listener: EscalationListener, clock: FrozenClock
    ) -> None:
        from escalation.directory import recipients

        async with db.session() as session:
            told = await recipients(session, unit_id="pdam", level=3, texts=listener.context.texts)
        assert (told.kind, told.top, told.emails) == ("outside", True, ("dewas@tirtacontoh.co.id",))
        assert told.label == "Dewan Pengawas Perumda Air Minum Tirta Contoh"
