"""The sweep fires each warning and each breach exactly once: on time, across restarts, two sweepers,
a crash between the claim and the commit, and a clock that jumps. Monday 23 November 2026, 09:00 WIB;
a direct message's first response is due Thursday 10:30, with warnings Wednesday 12:00 and Thursday
08:06."""

from __future__ import annotations

import asyncio
from datetime import timedelta

import pytest

from core.clock import FrozenClock
from core.db import Database
from sla import SlaConfig, Sweeper
from sla import repository as sla_repository
from sla import service as sla
from tests.sla.conftest import (
    CollectingListener,
    CrashingListener,
    alert_events,
    clock_of,
    load_ticket,
    open_ticket,
    wib,
)

WARNING_75 = wib(25, 12)
WARNING_90 = wib(26, 8, 6)
FIRST_DUE = wib(26, 10, 30)


def first_response_alerts(events: list[tuple[int, str, str, float | None]]) -> list[tuple[str, float | None]]:
    return [(kind, point) for _, kind, clock, point in events if clock == "first_response"]


class TestWarningsAndBreach:
    async def test_nothing_fires_before_the_first_warning_point(
        self, db: Database, config: SlaConfig, clock: FrozenClock
    ) -> None:
        await open_ticket(db, config)
        clock.set(WARNING_75 - timedelta(microseconds=1))
        report = await Sweeper(db).sweep()
        assert (report.claimed, report.warnings, report.breaches) == (0, 0, 0)
        assert await alert_events(db) == []

    async def test_75_and_90_percent_warnings_then_the_breach_each_fire_once(
        self, db: Database, config: SlaConfig, clock: FrozenClock
    ) -> None:
        ticket_id = await open_ticket(db, config)
        listener = CollectingListener()
        sweeper = Sweeper(db, listener=listener)
        for moment in (WARNING_75, WARNING_75, WARNING_90, WARNING_90, FIRST_DUE, FIRST_DUE, wib(27, 9)):
            clock.set(moment)
            await sweeper.sweep()
        assert first_response_alerts(await alert_events(db)) == [
            ("sla_warning", 0.75),
            ("sla_warning", 0.9),
            ("sla_breached", None),
        ]
        told = [(a.kind, a.point, a.fired_at) for a in listener.told if a.clock == "first_response"]
        assert told == [
            ("warning", 0.75, WARNING_75),
            ("warning", 0.9, WARNING_90),
            ("breach", None, FIRST_DUE),
        ]
        first = await clock_of(db, ticket_id, "first_response")
        assert (first.breached_at, first.warnings_fired, first.next_check_at) == (FIRST_DUE, 2, None)
        assert first.status == "running"  # still owed: breached is not answered

    async def test_a_late_sweep_fires_the_breach_alone_and_names_the_warnings_it_skipped(
        self, db: Database, config: SlaConfig, clock: FrozenClock
    ) -> None:
        await open_ticket(db, config)
        clock.set(FIRST_DUE + timedelta(hours=1))
        listener = CollectingListener()
        await Sweeper(db, listener=listener).sweep()
        assert first_response_alerts(await alert_events(db)) == [("sla_breached", None)]
        assert listener.told[0].skipped == (0.75, 0.9)

    async def test_a_paused_clock_never_fires(
        self, db: Database, config: SlaConfig, clock: FrozenClock
    ) -> None:
        ticket_id = await open_ticket(db, config)
        async with db.session() as session:
            await sla.wait_for_citizen(
                session, ticket=await load_ticket(session, ticket_id), actor="officer:1"
            )
        clock.set(wib(7, 9, month=12))
        assert (await Sweeper(db).sweep()).claimed == 0

    async def test_the_work_is_what_is_due_not_every_open_ticket(
        self, db: Database, config: SlaConfig, clock: FrozenClock
    ) -> None:
        for _ in range(5):
            await open_ticket(db, config)
        clock.set(wib(24, 9))
        for _ in range(3):
            await open_ticket(db, config)
        clock.set(WARNING_75)  # only the five opened on Monday have reached 75%
        report = await Sweeper(db, batch_size=2).sweep()
        assert (report.claimed, report.warnings, report.batches) == (5, 5, 3)


class TestExactlyOnce:
    async def test_two_sweepers_at_once_fire_each_alert_once(
        self, db: Database, database_url: str, config: SlaConfig, clock: FrozenClock
    ) -> None:
        for _ in range(20):
            await open_ticket(db, config)
        other_db = Database(database_url)
        try:
            one, two = Sweeper(db, batch_size=7), Sweeper(other_db, batch_size=7)
            for moment in (WARNING_75, WARNING_90, FIRST_DUE, wib(30, 9)):
                clock.set(moment)
                await asyncio.gather(one.sweep(), two.sweep(), one.sweep(), two.sweep())
        finally:
            await other_db.dispose()
        events = await alert_events(db)
        assert len(events) == 20 * 4  # three on the first-response clock, the breach of resolution
        assert len(set(events)) == len(events)

    async def test_a_crash_between_claim_and_commit_fires_on_the_next_sweep_once(
        self, db: Database, config: SlaConfig, clock: FrozenClock
    ) -> None:
        ticket_id = await open_ticket(db, config)
        clock.set(WARNING_75)
        crashing = CrashingListener(crashes=1)
        with pytest.raises(RuntimeError, match="between the claim and the commit"):
            await Sweeper(db, listener=crashing).sweep()
        assert await alert_events(db) == []
        first = await clock_of(db, ticket_id, "first_response")
        assert (first.next_check_at, first.warnings_fired) == (WARNING_75, 0)  # the claim rolled back
        clock.advance(seconds=15)
        await Sweeper(db, listener=crashing).sweep()
        await Sweeper(db, listener=crashing).sweep()
        assert first_response_alerts(await alert_events(db)) == [("sla_warning", 0.75)]
        assert [a.point for a in crashing.told] == [0.75]

    async def test_a_claim_held_by_another_transaction_is_not_claimed_again(
        self, db: Database, database_url: str, config: SlaConfig, clock: FrozenClock
    ) -> None:
        for _ in range(3):
            await open_ticket(db, config)
        clock.set(WARNING_75)
        other_db = Database(database_url)
        try:
            async with db.new_session() as first:
                claimed = await sla_repository.claim_due(first, now=WARNING_75, limit=10, sweep_id="a")

                async def claim_elsewhere() -> int:
                    async with other_db.new_session() as second:
                        rows = await sla_repository.claim_due(second, now=WARNING_75, limit=10, sweep_id="b")
                        await second.commit()
                        return len(rows)

                elsewhere = asyncio.create_task(claim_elsewhere())
                await asyncio.sleep(0)
                await first.commit()
            assert (len(claimed), await elsewhere) == (3, 0)
        finally:
            await other_db.dispose()

    async def test_a_clock_moved_backwards_does_not_fire_again(
        self, db: Database, config: SlaConfig, clock: FrozenClock
    ) -> None:
        await open_ticket(db, config)
        sweeper = Sweeper(db)
        for moment in (
            WARNING_75,
            WARNING_75 - timedelta(hours=3),
            WARNING_75,
            WARNING_90 - timedelta(minutes=1),
        ):
            clock.set(moment)
            await sweeper.sweep()
        clock.set(WARNING_90)
        await sweeper.sweep()
        clock.set(WARNING_90 - timedelta(days=2))
        await sweeper.sweep()
        clock.set(WARNING_90)
        await sweeper.sweep()
        assert first_response_alerts(await alert_events(db)) == [("sla_warning", 0.75), ("sla_warning", 0.9)]

    async def test_a_restarted_service_fires_what_fell_due_while_it_was_down_once(
        self, db: Database, database_url: str, config: SlaConfig, clock: FrozenClock
    ) -> None:
        await open_ticket(db, config)
        before = Sweeper(db)
        clock.set(WARNING_75)
        await before.sweep()
        await before.release()  # a clean shutdown hands the lease over at once
        clock.set(WARNING_90 + timedelta(minutes=5))
        restarted_db = Database(database_url)
        try:
            await Sweeper(restarted_db).sweep()
            await Sweeper(restarted_db).sweep()
        finally:
            await restarted_db.dispose()
        assert first_response_alerts(await alert_events(db)) == [("sla_warning", 0.75), ("sla_warning", 0.9)]


class TestOneSweeperAtATime:
    async def test_on_sqlite_a_second_instance_waits_for_the_lease_to_expire(
        self, db: Database, config: SlaConfig, clock: FrozenClock
    ) -> None:
        if db.dialect != "sqlite":
            pytest.skip("the lease row is SQLite's; PostgreSQL uses an advisory lock")
        holder, other = Sweeper(db, lease_seconds=45), Sweeper(db, lease_seconds=45)
        assert not (await holder.sweep()).skipped
        clock.advance(seconds=15)
        assert not (await holder.sweep()).skipped  # renewed: the lease now runs until +60 s
        clock.advance(seconds=44)
        assert (await other.sweep()).skipped
        clock.advance(seconds=2)  # the holder stopped sweeping (crashed) more than 45 s ago
        assert not (await other.sweep()).skipped
        assert (await holder.sweep()).skipped

    async def test_on_postgresql_the_advisory_lock_turns_a_second_sweeper_away(
        self, db: Database, database_url: str, config: SlaConfig, clock: FrozenClock
    ) -> None:
        if db.dialect != "postgresql":
            pytest.skip("advisory locks are PostgreSQL's")
        async with db.new_session() as holding:
            assert await sla_repository.try_advisory_lock(holding)
            assert (await Sweeper(db).sweep()).skipped
            await holding.rollback()
        assert not (await Sweeper(db).sweep()).skipped
