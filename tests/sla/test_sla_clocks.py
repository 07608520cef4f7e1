"""Per-ticket clocks: started on open, met by an officer's response, paused while waiting for the
citizen, resolved and reopened; every change is a ticket event. Monday 23 November 2026, 09:00 WIB."""

from __future__ import annotations

from datetime import timedelta

import pytest

from core.clock import FrozenClock
from core.db import Database
from core.errors import ConflictError
from sla import ClockStatus, SlaConfig, default_calendar, parse_sla_config
from sla import service as sla
from tests.sla.conftest import clock_of, clocks, iso, load_ticket, open_ticket, sla_events, wib
from tickets import TicketKind, TicketStatus


class TestClocksStartWhenATicketOpens:
    async def test_a_direct_message_gets_a_first_response_and_a_resolution_clock(
        self, db: Database, config: SlaConfig, clock: FrozenClock
    ) -> None:
        ticket_id = await open_ticket(db, config)
        first, resolution = await clocks(db, ticket_id)
        assert (first.kind, first.status, first.due_at) == ("first_response", "running", wib(26, 10, 30))
        assert (resolution.kind, resolution.due_at) == ("resolution", wib(30, 9))
        assert first.policy == {
            "name": "dm",
            "first_response": "24 working_hours",
            "next_response": "24 working_hours",
            "resolution": "5 working_days",
            "warnings": [0.75, 0.9],
        }

    async def test_warnings_come_at_75_and_90_percent_of_the_working_time(
        self, db: Database, config: SlaConfig, clock: FrozenClock
    ) -> None:
        first = await clock_of(db, await open_ticket(db, config), "first_response")
        # 18 working hours: Monday 6, Tuesday 7.5, Wednesday until 12:00; 21.6 hours: Thursday 08:06.
        assert first.warning_times == [iso(wib(25, 12)), iso(wib(26, 8, 6))]
        assert first.next_check_at == wib(25, 12)

    async def test_a_comment_counts_calendar_hours(
        self, db: Database, config: SlaConfig, clock: FrozenClock
    ) -> None:
        first = await clock_of(db, await open_ticket(db, config, TicketKind.COMMENT), "first_response")
        assert first.due_at == wib(25, 9)
        assert first.warning_times == [iso(wib(24, 21)), iso(wib(25, 4, 12))]

    async def test_each_start_is_a_ticket_event_that_explains_the_deadline(
        self, db: Database, config: SlaConfig, clock: FrozenClock
    ) -> None:
        ticket_id = await open_ticket(db, config)
        events = await sla_events(db, ticket_id)
        assert [kind for kind, _ in events] == ["sla_clock_started", "sla_clock_started"]
        data = events[0][1]
        assert data["clock"] == "first_response"
        assert data["target"] == "24 working_hours"
        assert data["due_at"] == iso(wib(26, 10, 30))
        assert data["warnings"] == {"0.75": iso(wib(25, 12)), "0.9": iso(wib(26, 8, 6))}

    async def test_later_policy_edits_do_not_change_a_running_clock(
        self, db: Database, config: SlaConfig, clock: FrozenClock
    ) -> None:
        ticket_id = await open_ticket(db, config)
        async with db.session() as session:
            ticket = await load_ticket(session, ticket_id)
            await sla.record_response(session, ticket=ticket, actor="officer:1")
        clock.advance(hours=1)
        async with db.session() as session:
            ticket = await load_ticket(session, ticket_id)
            tighter = parse_sla_config(
                {"policies": {"dm": {"next_response": "1 working_hours"}}}, "Asia/Jakarta"
            )
            started = await sla.citizen_wrote(session, ticket=ticket, config=tighter)
        assert [c.kind for c in started] == ["next_response"]
        assert started[0].due_at == wib(26, 11, 30)  # 24 working hours from Monday 10:00, not 1


class TestResponses:
    async def test_an_officer_reply_meets_the_first_response_clock(
        self, db: Database, config: SlaConfig, clock: FrozenClock
    ) -> None:
        ticket_id = await open_ticket(db, config)
        clock.advance(hours=2)
        async with db.session() as session:
            ticket = await load_ticket(session, ticket_id)
            met = await sla.record_response(session, ticket=ticket, actor="officer:7")
            assert ticket.first_responded_at == wib(23, 11)
        assert [c.kind for c in met] == ["first_response"]
        first = await clock_of(db, ticket_id, "first_response", active=False)
        assert (first.status, first.met_at, first.next_check_at) == ("met", wib(23, 11), None)
        assert (await clock_of(db, ticket_id, "resolution")).status == "running"
        assert (await sla_events(db, ticket_id))[-1] == (
            "sla_clock_met",
            {
                "clock": "first_response",
                "clock_id": first.id,
                "reason": "response",
                "due_at": iso(wib(26, 10, 30)),
                "late": False,
            },
        )

    async def test_the_bots_acknowledgement_is_never_a_response(
        self, db: Database, config: SlaConfig, clock: FrozenClock
    ) -> None:
        ticket_id = await open_ticket(db, config)
        async with db.session() as session:
            ticket = await load_ticket(session, ticket_id)
            with pytest.raises(ValueError, match="never count as a response"):
                await sla.record_response(session, ticket=ticket, actor="bot")
        assert (await clock_of(db, ticket_id, "first_response")).status == "running"

    async def test_the_citizen_writing_after_a_response_starts_a_next_response_clock_once(
        self, db: Database, config: SlaConfig, clock: FrozenClock
    ) -> None:
        ticket_id = await open_ticket(db, config)
        async with db.session() as session:
            await sla.record_response(
                session, ticket=await load_ticket(session, ticket_id), actor="officer:7"
            )
        clock.set(wib(25, 10))
        for _ in range(2):
            async with db.session() as session:
                await sla.citizen_wrote(session, ticket=await load_ticket(session, ticket_id), config=config)
        following = [c for c in await clocks(db, ticket_id) if c.kind == "next_response"]
        assert [(c.status, c.due_at) for c in following] == [("running", wib(30, 11, 30))]
        async with db.session() as session:
            await sla.record_response(
                session, ticket=await load_ticket(session, ticket_id), actor="officer:7"
            )
        assert (await clock_of(db, ticket_id, "next_response", active=False)).status == "met"

    async def test_before_any_response_the_citizen_writing_starts_nothing(
        self, db: Database, config: SlaConfig, clock: FrozenClock
    ) -> None:
        ticket_id = await open_ticket(db, config)
        async with db.session() as session:
            ticket = await load_ticket(session, ticket_id)
            assert await sla.citizen_wrote(session, ticket=ticket, config=config) == []


class TestWaitingForTheCitizen:
    async def test_pausing_and_resuming_moves_the_deadline_by_exactly_the_paused_working_time(
        self, db: Database, config: SlaConfig, clock: FrozenClock
    ) -> None:
        ticket_id = await open_ticket(db, config)
        clock.set(wib(23, 11))
        async with db.session() as session:
            ticket = await load_ticket(session, ticket_id)
            paused = await sla.wait_for_citizen(session, ticket=ticket, actor="officer:7")
            assert ticket.status == TicketStatus.WAITING_CITIZEN
        assert {(c.kind, c.status, c.next_check_at) for c in paused} == {
            ("first_response", "paused", None),
            ("resolution", "paused", None),
        }
        clock.set(wib(25, 10))  # 14 working hours later: Mon 11-12, 13-16, Tue 7.5, Wed 07:30-10
        async with db.session() as session:
            ticket = await load_ticket(session, ticket_id)
            await sla.citizen_wrote(session, ticket=ticket, config=config)
            assert ticket.status == TicketStatus.IN_PROGRESS
        first = await clock_of(db, ticket_id, "first_response")
        resolution = await clock_of(db, ticket_id, "resolution")
        assert first.due_at == wib(30, 9, 30)  # Thursday 10:30 + 14 working hours
        assert resolution.due_at == wib(2, 8, month=12)  # Monday 09:00 + 14 working hours
        calendar = default_calendar("Asia/Jakarta")
        paused_time = calendar.working_time_between(wib(23, 11), wib(25, 10))
        assert paused_time == timedelta(hours=14)
        assert calendar.working_time_between(wib(26, 10, 30), first.due_at) == paused_time
        assert first.paused_seconds == paused_time.total_seconds()
        assert first.warning_times == [iso(wib(27, 11)), iso(wib(27, 16, 6))]
        assert (first.status, first.next_check_at) == ("running", wib(27, 11))

    async def test_the_pause_and_the_resume_are_in_the_history(
        self, db: Database, config: SlaConfig, clock: FrozenClock
    ) -> None:
        ticket_id = await open_ticket(db, config)
        async with db.session() as session:
            await sla.wait_for_citizen(
                session, ticket=await load_ticket(session, ticket_id), actor="officer:7"
            )
        clock.advance(hours=1)
        async with db.session() as session:
            await sla.citizen_wrote(session, ticket=await load_ticket(session, ticket_id), config=config)
        kinds = [kind for kind, _ in await sla_events(db, ticket_id)]
        assert kinds[2:] == ["sla_clock_paused"] * 2 + ["sla_clock_resumed"] * 2
        resumed = (await sla_events(db, ticket_id))[-1][1]
        assert resumed["paused_seconds"] == 3600
        assert resumed["due_at_before"] == iso(wib(30, 9))
        assert resumed["due_at"] == iso(wib(30, 10))


class TestResolveAndReopen:
    async def test_resolving_meets_the_resolution_clock_and_stops_the_rest(
        self, db: Database, config: SlaConfig, clock: FrozenClock
    ) -> None:
        ticket_id = await open_ticket(db, config)
        clock.advance(hours=3)
        async with db.session() as session:
            ticket = await load_ticket(session, ticket_id)
            await sla.resolve(session, ticket=ticket, actor="officer:7")
            assert (ticket.status, ticket.resolved_at) == (TicketStatus.RESOLVED, wib(23, 12))
        assert {(c.kind, c.status) for c in await clocks(db, ticket_id)} == {
            ("first_response", ClockStatus.STOPPED),
            ("resolution", ClockStatus.MET),
        }
        assert all(c.next_check_at is None for c in await clocks(db, ticket_id))

    async def test_reopening_starts_a_new_resolution_clock_under_the_same_policy(
        self, db: Database, config: SlaConfig, clock: FrozenClock
    ) -> None:
        ticket_id = await open_ticket(db, config)
        async with db.session() as session:
            await sla.resolve(session, ticket=await load_ticket(session, ticket_id), actor="officer:7")
        clock.set(wib(24, 10))
        async with db.session() as session:
            ticket = await load_ticket(session, ticket_id)
            reopened = await sla.reopen(session, ticket=ticket, config=config, actor="citizen")
            assert (ticket.status, ticket.resolved_at) == (TicketStatus.OPEN, None)
        assert reopened is not None
        assert (reopened.kind, reopened.started_at, reopened.due_at) == (
            "resolution",
            wib(24, 10),
            wib(1, 10, month=12),
        )
        kinds = [c.kind for c in await clocks(db, ticket_id)]
        assert kinds == ["first_response", "resolution", "resolution"]

    async def test_an_open_ticket_cannot_be_reopened(
        self, db: Database, config: SlaConfig, clock: FrozenClock
    ) -> None:
        ticket_id = await open_ticket(db, config)
        async with db.session() as session:
            with pytest.raises(ConflictError):
                await sla.reopen(
                    session, ticket=await load_ticket(session, ticket_id), config=config, actor="x"
                )
