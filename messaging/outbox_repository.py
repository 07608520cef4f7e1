"""Queries of the outbox worker (`messaging.outbox`): claims, leases, attempts, outcomes.

A claimed row is fenced by its `attempts` count: the claim increments it, and every later write of
the claiming worker (the attempt, a lease renewal, a retry or a failure) only applies while the row
is still `sending` with that count, so a worker whose lease lapsed and was taken over writes
nothing. Recording `sent` is the exception: a platform's acceptance is a fact, whoever holds the row.
"""

from __future__ import annotations

import functools
from collections.abc import Sequence
from datetime import datetime
from typing import Any, NamedTuple

from sqlalchemy import and_, bindparam, case, exists, func, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from core.sql import table_of
from messaging.models import InboundMessage, OutboundMessage, OutboundStatus

UNSENT = (OutboundStatus.PENDING, OutboundStatus.SENDING)


class Lease(NamedTuple):
    """A row this worker claimed, as the claim left it."""

    row_id: int
    attempts: int


def _unsent_before(row: Any) -> Any:
    """No earlier message to the same chat is still waiting: the condition that keeps per-chat order."""
    earlier = table_of(OutboundMessage).alias("earlier")
    return ~exists().where(
        earlier.c.channel == row.channel,
        earlier.c.target == row.target,
        earlier.c.status.in_(UNSENT),
        earlier.c.id < row.id,
    )


async def claim_due(
    session: AsyncSession,
    *,
    channels: Sequence[str],
    now: datetime,
    lease_until: datetime,
    settle_until: datetime,
    limit: int,
) -> list[OutboundMessage]:
    """Take for sending the first unsent message of each chat whose turn has come (pending, or a
    lapsed lease). The conditions are checked again by the UPDATE itself, so two workers racing for
    the same rows get each row once, and never a chat's second message before its first is done.

    A lapsed lease over a send already attempted (`attempted_at` set: its process died, or lost the
    database, between asking the platform and recording the answer) is not claimed but made
    `pending` until `settle_until`, attempts unchanged: it comes back `pending`, in doubt, and is
    decided when it is due again (`messaging.outbox_doubt`). The same one statement does both and
    returns the rows whole (two statements per claim)."""
    heads, claim = _claim_statements()
    due = {"channels": list(channels), "now": now}
    candidates = list((await session.execute(heads, {**due, "limit": limit})).scalars().all())
    if not candidates:
        return []
    values = {**due, "candidates": candidates, "lease_until": lease_until, "settle_until": settle_until}
    claimed = list((await session.execute(claim, values)).scalars().all())
    return sorted(claimed, key=lambda row: row.id or 0)


@functools.cache
def _claim_statements() -> tuple[Any, Any]:
    """Built once (the per-chat condition is a correlated subquery: costly to build every time)."""
    table = table_of(OutboundMessage)
    due = (
        table.c.channel.in_(bindparam("channels", expanding=True)),
        table.c.status.in_(UNSENT),
        table.c.next_attempt_at <= bindparam("now"),
        _unsent_before(table.c),
    )
    heads = (
        select(table.c.id).where(*due).order_by(table.c.next_attempt_at, table.c.id).limit(bindparam("limit"))
    )
    when = table.c.next_attempt_at.type
    lapsed_attempt = and_(table.c.status == OutboundStatus.SENDING.value, table.c.attempted_at.is_not(None))
    claim = (
        update(OutboundMessage)
        .where(table.c.id.in_(bindparam("candidates", expanding=True)), *due)
        .values(
            status=case((lapsed_attempt, OutboundStatus.PENDING.value), else_=OutboundStatus.SENDING.value),
            attempts=case((lapsed_attempt, table.c.attempts), else_=table.c.attempts + 1),
            next_attempt_at=case(
                (lapsed_attempt, bindparam("settle_until", type_=when)),
                else_=bindparam("lease_until", type_=when),
            ),
        )
        .returning(OutboundMessage)
        .execution_options(synchronize_session=False, populate_existing=True)
    )
    return heads, claim


async def begin_attempt(session: AsyncSession, lease: Lease, *, now: datetime) -> bool:
    """Record that the platform is about to be asked; False when the lease is no longer ours."""
    table = table_of(OutboundMessage)
    statement = (
        update(table)
        .where(*_held(table, lease.row_id, lease.attempts))
        .values(attempted_at=now)
        .execution_options(synchronize_session=False)
    )
    return bool((await session.execute(statement)).rowcount)  # type: ignore[attr-defined]


async def renew_leases(session: AsyncSession, leases: Sequence[Lease], *, until: datetime) -> None:
    """Push back the lease expiry of rows still being sent (one statement, executemany)."""
    rows = [{"lease_id": lease.row_id, "lease_attempts": lease.attempts, "until": until} for lease in leases]
    if rows:
        await session.execute(_renew_statement(), rows)


@functools.cache
def _renew_statement() -> Any:
    table = table_of(OutboundMessage)
    held = _held(table, bindparam("lease_id"), bindparam("lease_attempts"))
    return update(table).where(*held).values(next_attempt_at=bindparam("until"))


def _held(table: Any, row_id: Any, attempts: Any) -> tuple[Any, ...]:
    """Still `sending` under the claim that made `attempts` what it is: still this worker's."""
    return (
        table.c.id == row_id,
        table.c.status == OutboundStatus.SENDING.value,
        table.c.attempts == attempts,
    )


async def lock_held(session: AsyncSession, lease: Lease) -> OutboundMessage | None:
    """The row, locked, if this worker still holds it (to record a retry or a failure)."""
    held = _held(table_of(OutboundMessage), lease.row_id, lease.attempts)
    statement = select(OutboundMessage).where(*held).with_for_update()
    return (await session.execute(statement.execution_options(populate_existing=True))).scalar_one_or_none()


async def wrote_after(session: AsyncSession, *, channel: str, sender_id: str, after: datetime) -> bool:
    """Whether `sender_id` sent us anything on `channel` after `after` (any status: the
    (status, received_at) index finds it without reading the whole inbox)."""
    table = table_of(InboundMessage)
    statement = select(
        exists().where(
            table.c.status.in_(bindparam("statuses", expanding=True)),
            table.c.received_at > after,
            table.c.channel == channel,
            table.c.sender_id == sender_id,
        )
    )
    statuses = ["received", "processed", "failed", "parked", "ignored"]
    return bool((await session.execute(statement, {"statuses": statuses})).scalar())


class Sent(NamedTuple):
    """A send the platform accepted. `note`: how we know, when it is not its answer (kept in
    `last_error`, which a sent row otherwise has empty)."""

    row_id: int
    sent_at: datetime
    external_id: str | None
    template: str | None
    note: str | None = None


async def mark_sent(session: AsyncSession, sends: Sequence[Sent]) -> list[None]:
    """One UPDATE statement for all of them (executemany), no ORM round trip. Only unsent rows
    change: a status report that settled the row first keeps its word."""
    rows = [send._asdict() for send in sends]
    await session.execute(_mark_sent_statement(), rows)
    return [None] * len(rows)


@functools.cache
def _mark_sent_statement() -> Any:
    table = table_of(OutboundMessage)
    return (
        update(table)
        .where(table.c.id == bindparam("row_id"), table.c.status.in_([status.value for status in UNSENT]))
        .values(
            status=OutboundStatus.SENT,
            sent_at=bindparam("sent_at"),
            external_id=func.coalesce(
                bindparam("external_id", type_=table.c.external_id.type), table.c.external_id
            ),
            template_name=func.coalesce(
                bindparam("template", type_=table.c.template_name.type), table.c.template_name
            ),
            last_error=bindparam("note", type_=table.c.last_error.type),
            next_attempt_at=None,
            attempted_at=None,
        )
    )
