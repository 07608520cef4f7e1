"""Queries of the sla package. Only flushes; the caller's boundary commits."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import bindparam, or_, select, text, update
from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import col

from core.sql import insert_ignoring_conflict, table_of
from core.types import UTCDateTime
from sla.models import ACTIVE_STATUSES, SlaClock, SweepLease

SWEEP_LOCK_KEY = 4_242_001_604
"""The PostgreSQL advisory lock key of the SLA sweep (any constant shared by every instance)."""


async def add_clocks(session: AsyncSession, clocks: Sequence[SlaClock]) -> None:
    """Add and flush the clocks together (one INSERT where the dialect batches them)."""
    session.add_all(clocks)
    await session.flush()


async def clocks_of_ticket(
    session: AsyncSession, ticket_id: int, *, active_only: bool = False, for_update: bool = False
) -> Sequence[SlaClock]:
    """The ticket's clocks, oldest first. `for_update` locks them against a concurrent sweep
    (PostgreSQL row locks; on SQLite the transaction already holds the write lock)."""
    statement = select(SlaClock).where(col(SlaClock.ticket_id) == ticket_id).order_by(col(SlaClock.id))
    if active_only:
        statement = statement.where(col(SlaClock.status).in_([str(s) for s in ACTIVE_STATUSES]))
    if for_update:
        statement = statement.with_for_update()
    return (await session.execute(statement)).scalars().all()


@dataclass(frozen=True, slots=True)
class ClaimedClock:
    id: int
    ticket_id: int
    kind: str
    policy: dict[str, Any]
    due_at: datetime
    warning_times: list[str]
    warnings_fired: int
    breached_at: datetime | None


async def claim_due(session: AsyncSession, *, now: datetime, limit: int, sweep_id: str) -> list[ClaimedClock]:
    """Claim up to `limit` clocks whose next check is due, with one conditional UPDATE ... RETURNING.

    The claim clears `next_check_at`, so a second sweeper (or this one after a clock jump backwards)
    cannot claim the same row again; the caller sets the next check before committing. A crash before
    the commit rolls the claim back and the row stays due. PostgreSQL skips rows another transaction
    holds (SKIP LOCKED) instead of waiting for them; on SQLite the transaction holds the write lock.
    """
    table = table_of(SlaClock)
    due = select(table.c.id).where(table.c.next_check_at <= now).order_by(table.c.next_check_at).limit(limit)
    claim = update(table).values(next_check_at=None, claimed_at=now, claimed_by=sweep_id)
    if session.get_bind().dialect.name == "postgresql":
        # WITH due AS (SELECT ... FOR UPDATE SKIP LOCKED) UPDATE ... FROM due: the CTE runs once (a
        # locking CTE is never inlined) and each row is then found by primary key. FOR UPDATE re-checks
        # the condition on a row another sweep changed meanwhile.
        locked = due.with_for_update(skip_locked=True).cte("due")
        claim = claim.where(table.c.id == locked.c.id)
    else:
        claim = claim.where(table.c.id.in_(due))
    statement = claim.returning(
        table.c.id,
        table.c.ticket_id,
        table.c.kind,
        table.c.policy,
        table.c.due_at,
        table.c.warning_times,
        table.c.warnings_fired,
        table.c.breached_at,
    )
    result = await session.execute(statement)
    return [ClaimedClock(*row) for row in result.all()]


async def save_fired(session: AsyncSession, updates: Sequence[dict[str, Any]]) -> None:
    """Write what a sweep fired, one executemany UPDATE for the batch.

    Each update has b_id, b_fired (warnings handled), b_next (next check) and b_breached.
    """
    if not updates:
        return
    table = table_of(SlaClock)
    statement = (
        update(table)
        .where(table.c.id == bindparam("b_id"))
        .values(
            warnings_fired=bindparam("b_fired"),
            next_check_at=bindparam("b_next", type_=UTCDateTime()),
            breached_at=bindparam("b_breached", type_=UTCDateTime()),
        )
    )
    await session.execute(statement, list(updates))


async def try_advisory_lock(session: AsyncSession) -> bool:
    """PostgreSQL: the sweep lock for this transaction, or False at once if another sweeper holds it."""
    statement = text("SELECT pg_try_advisory_xact_lock(:key)").bindparams(key=SWEEP_LOCK_KEY)
    return bool((await session.execute(statement)).scalar_one())


async def take_lease(session: AsyncSession, *, name: str, holder: str, now: datetime, ttl: timedelta) -> bool:
    """SQLite: take or renew the named lease when it is free, expired or already `holder`'s."""
    table = table_of(SweepLease)
    values = {"name": name, "holder": holder, "expires_at": now + ttl}
    if await insert_ignoring_conflict(session, table, values, conflict_columns=["name"]):
        return True
    statement = (
        update(table)
        .where(
            table.c.name == name,
            or_(table.c.holder == holder, table.c.expires_at <= now),
        )
        .values(holder=holder, expires_at=now + ttl)
    )
    result = await session.execute(statement)
    return bool(getattr(result, "rowcount", 0))


async def release_lease(session: AsyncSession, *, name: str, holder: str, now: datetime) -> None:
    table = table_of(SweepLease)
    statement = update(table).where(table.c.name == name, table.c.holder == holder).values(expires_at=now)
    await session.execute(statement)
