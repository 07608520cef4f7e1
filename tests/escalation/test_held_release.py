"""A notification held over quiet hours is re-checked when its time comes: if the ticket was resolved or
closed, moved to another unit, or the clock its warning is about was met or paused meanwhile, it is
dropped with its reason (on the row and in the ticket's history) instead of being sent.

A comment opened on Thursday 26 November 2026 at 09:00 WIB has 48 calendar hours to its first response:
the 75% warning fires on Friday 27 November at 21:00, at night, and is held until Monday 07:30.
"""

from __future__ import annotations

from core.clock import FrozenClock
from core.db import Database
from escalation import EscalationListener, OutsideAgency, desk, release_held_notifications
from escalation.models import StaffNotification
from sla import Sweeper
from sla import service as sla
from tests.escalation.conftest import events, notifications, open_ticket, outbox
from tests.sla.conftest import wib
from tickets import Ticket, TicketKind

DISHUB_GROUP = "-1001000000061"


async def held_warning(db: Database, listener: EscalationListener, clock: FrozenClock) -> int:
    """A comment whose 75% first-response warning is held since Friday 21:00; now is Friday 22:00."""
    clock.set(wib(26, 9))
    ticket_id = await open_ticket(db, listener, kind=TicketKind.COMMENT)
    clock.set(wib(27, 21))
    assert (await Sweeper(db, listener=listener).sweep()).warnings == 1
    assert (await warning_of(db, ticket_id)).status == "held"
    clock.set(wib(27, 22))
    return ticket_id


async def warning_of(db: Database, ticket_id: int) -> StaffNotification:
    [warning] = [row for row in await notifications(db, ticket_id) if row.reason == "sla_warning"]
    return warning


async def release_on_monday_morning(db: Database, clock: FrozenClock) -> int:
    clock.set(wib(30, 7, 30))
    return await release_held_notifications(db)


class TestHeldNotificationsAreRecheckedAtRelease:
    async def test_a_warning_for_a_ticket_resolved_on_sunday_is_not_sent_on_monday(
        self, db: Database, listener: EscalationListener, clock: FrozenClock
    ) -> None:
        ticket_id = await held_warning(db, listener, clock)
        clock.set(wib(29, 10))  # Sunday
        async with db.session() as session:
            ticket = await session.get(Ticket, ticket_id)
            assert ticket is not None
            await desk.resolve(
                session, ticket=ticket.code, person_id="petugas-pupr", context=listener.context
            )
        queued = len(await outbox(db))

        assert await release_on_monday_morning(db, clock) == 0
        warning = await warning_of(db, ticket_id)
        assert (warning.status, warning.dropped_reason, warning.outbound_id) == (
            "dropped",
            "ticket_resolved",
            None,
        )
        assert warning.released_at == wib(30, 7, 30)
        assert len(await outbox(db)) == queued, "nothing reached the unit's group"
        assert await events(db, ticket_id, "notification_dropped") == [
            {
                "notice": "sla_warning",
                "level": 0,
                "reason": "ticket_resolved",
                "notifications": [warning.id],
                "held_since": "2026-11-27T14:00:00+00:00",  # Friday 21:00 WIB
            }
        ]
        assert await release_held_notifications(db) == 0, "decided once"

    async def test_a_warning_whose_response_was_given_at_night_is_dropped(
        self, db: Database, listener: EscalationListener, clock: FrozenClock
    ) -> None:
        ticket_id = await held_warning(db, listener, clock)
        async with db.session() as session:
            ticket = await session.get(Ticket, ticket_id)
            assert ticket is not None
            await desk.reply(
                session,
                ticket=ticket.code,
                person_id="petugas-pupr",
                text="Terima kasih, laporan sedang kami periksa.",
                context=listener.context,
            )
        assert await release_on_monday_morning(db, clock) == 0
        assert (await warning_of(db, ticket_id)).dropped_reason == "clock_met"

    async def test_a_warning_whose_clock_is_paused_is_dropped(
        self, db: Database, listener: EscalationListener, clock: FrozenClock
    ) -> None:
        ticket_id = await held_warning(db, listener, clock)
        async with db.session() as session:
            ticket = await session.get(Ticket, ticket_id)
            assert ticket is not None
            await sla.wait_for_citizen(session, ticket=ticket, actor="officer:petugas-pupr")
        assert await release_on_monday_morning(db, clock) == 0
        assert (await warning_of(db, ticket_id)).dropped_reason == "clock_paused"

    async def test_a_ticket_moved_to_another_unit_drops_the_old_units_warning_not_the_new_units_notice(
        self, db: Database, listener: EscalationListener, clock: FrozenClock
    ) -> None:
        ticket_id = await held_warning(db, listener, clock)
        async with db.session() as session:
            ticket = await session.get(Ticket, ticket_id)
            assert ticket is not None
            await desk.forward_to_unit(
                session,
                ticket=ticket.code,
                person_id="petugas-pupr",
                to_unit="dishub",
                context=listener.context,
            )
        assert await release_on_monday_morning(db, clock) == 1
        assert (await warning_of(db, ticket_id)).dropped_reason == "ticket_moved_to_another_unit"
        rerouted = (await notifications(db, ticket_id))[-1]
        assert (rerouted.reason, rerouted.target, rerouted.status) == ("rerouted", DISHUB_GROUP, "queued")
        assert (await outbox(db))[-1].target == DISHUB_GROUP

    async def test_mail_to_an_outside_body_about_a_closed_ticket_still_goes(
        self, db: Database, listener: EscalationListener, clock: FrozenClock
    ) -> None:
        ticket_id = await held_warning(db, listener, clock)
        async with db.session() as session:
            ticket = await session.get(Ticket, ticket_id)
            assert ticket is not None
            pln = OutsideAgency("PT PLN (Persero)", "telepon 123", email="pengaduan@pln.co.id")
            await desk.forward_outside(
                session, ticket=ticket.code, person_id="petugas-pupr", agency=pln, context=listener.context
            )
        assert await release_on_monday_morning(db, clock) == 1
        assert (await warning_of(db, ticket_id)).dropped_reason == "ticket_closed"
        forwarded = (await notifications(db, ticket_id))[-1]
        assert (forwarded.reason, forwarded.target, forwarded.status) == (
            "forwarded_outside",
            "pengaduan@pln.co.id",
            "queued",
        )
