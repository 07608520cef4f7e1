"""Outside working time only breaches at the top of the chain go at once; the rest wait for 07:30 of the
next working day. A comment's clocks count calendar hours (48 h): opened Monday 09:00, its 75% warning
falls on Tuesday 21:00, at night."""

from __future__ import annotations

from core.clock import FrozenClock
from core.db import Database
from escalation import EscalationListener, release_held_notifications
from escalation.directory import Recipients
from escalation.notify import Notice, notify
from sla import Sweeper
from tests.escalation.conftest import PUPR_GROUP, notifications, open_ticket, outbox
from tests.sla.conftest import wib
from tickets import TicketKind


class TestQuietHours:
    async def test_a_warning_at_night_is_held_until_0730_the_next_working_day(
        self, db: Database, listener: EscalationListener, clock: FrozenClock
    ) -> None:
        ticket_id = await open_ticket(db, listener, kind=TicketKind.COMMENT)
        sent_before = len(await outbox(db))
        clock.set(wib(24, 21))
        assert (await Sweeper(db, listener=listener).sweep()).warnings == 1
        warning = (await notifications(db, ticket_id))[-1]
        assert (warning.reason, warning.status, warning.not_before) == ("sla_warning", "held", wib(25, 7, 30))
        assert len(await outbox(db)) == sent_before

        clock.set(wib(25, 7, 29))
        assert await release_held_notifications(db) == 0
        clock.set(wib(25, 7, 30))
        assert await release_held_notifications(db) == 1
        assert await release_held_notifications(db) == 0  # released once
        released = (await notifications(db, ticket_id))[-1]
        assert (released.status, released.released_at) == ("queued", wib(25, 7, 30))
        last = (await outbox(db))[-1]
        assert (last.id, last.channel, last.target, last.status) == (
            released.outbound_id,
            "telegram",
            PUPR_GROUP,
            "pending",
        )

    async def test_friday_evening_waits_for_monday_morning(
        self, db: Database, listener: EscalationListener, clock: FrozenClock
    ) -> None:
        clock.set(wib(27, 19))
        held = await notify_group(db, listener, urgent=False)
        assert (held.status, held.not_before) == ("held", wib(30, 7, 30))

    async def test_a_breach_at_the_top_of_the_chain_goes_at_once_even_at_night(
        self, db: Database, listener: EscalationListener, clock: FrozenClock
    ) -> None:
        clock.set(wib(28, 2))  # Saturday, 02:00
        urgent = await notify_group(db, listener, urgent=True)
        assert (urgent.status, urgent.not_before, urgent.outbound_id is not None) == (
            "queued",
            wib(28, 2),
            True,
        )

    async def test_during_working_hours_nothing_is_held(
        self, db: Database, listener: EscalationListener, clock: FrozenClock
    ) -> None:
        assert (await notify_group(db, listener, urgent=False)).status == "queued"


async def notify_group(db: Database, listener: EscalationListener, *, urgent: bool):  # type: ignore[no-untyped-def]
    async with db.session() as session:
        [row] = await notify(
            session,
            recipients=Recipients(0, urgent, "officers", "petugas", (PUPR_GROUP,)),
            notice=Notice(reason="sla_breach", text="Uji"),
            ticket_id=None,
            unit_id="pupr",
            calendar=listener.context.sla.calendar,
            urgent=urgent,
        )
        return row
