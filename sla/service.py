"""Per-ticket SLA clocks: started when a ticket opens, met by an officer's response or the resolution,
paused while the ticket waits for the citizen. Every change is a ticket event, so the history shows
how each deadline came to be.

Functions take the session first and keyword-only arguments after; they flush, never commit. Ticket
status changes that move clocks (waiting for the citizen, resolving, reopening) go through this
module, which calls `tickets.status.change_status`, so the status and the clocks never disagree.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from core import clock
from core.errors import ConflictError
from sla import repository
from sla.clocks import (
    CLOCK_KINDS,
    elapsed,
    measure_of,
    next_check,
    policy_snapshot,
    schedule,
    shifted,
    snapshot_target,
    snapshot_warnings,
)
from sla.models import ClockKind, ClockStatus, SlaClock, SlaEventKind
from sla.policies import SlaConfig
from sla.views import LiveClock, clock_view, live_clocks
from tickets import OPEN_STATUSES, Ticket, TicketStatus
from tickets import service as tickets
from tickets.status import change_status

__all__ = [
    "BOT_ACTOR",
    "LiveClock",
    "citizen_wrote",
    "clock_view",
    "live_clocks",
    "record_response",
    "reopen",
    "resolve",
    "start_clocks",
    "stop_clocks",
    "wait_for_citizen",
]

BOT_ACTOR = "bot"
RESPONSE_KINDS = (ClockKind.FIRST_RESPONSE, ClockKind.NEXT_RESPONSE)


async def start_clocks(
    session: AsyncSession, *, ticket: Ticket, config: SlaConfig, actor: str = "system"
) -> list[SlaClock]:
    """Start the first-response and resolution clocks of a ticket just opened, under its policy."""
    policy = config.policy_for(str(ticket.kind), category=ticket.category, priority=str(ticket.priority))
    snapshot = policy_snapshot(policy)
    kinds = (ClockKind.FIRST_RESPONSE, ClockKind.RESOLUTION)
    return await _start_all(session, ticket, kinds, snapshot, config, ticket.created_at, actor)


async def clocks_of(session: AsyncSession, *, ticket: Ticket) -> Sequence[SlaClock]:
    """Every clock of the ticket, oldest first, for reading (no lock)."""
    return await repository.clocks_of_ticket(session, _id(ticket))


async def record_response(session: AsyncSession, *, ticket: Ticket, actor: str) -> list[SlaClock]:
    """An officer answered the citizen: the running first- or next-response clock is met.

    The bot's automatic acknowledgement is never a response; `actor` "bot" is refused.
    """
    if actor == BOT_ACTOR:
        raise ValueError("the bot's automatic replies never count as a response")
    now = clock.now()
    tickets.mark_responded(ticket, at=now)
    clocks = await _active(session, ticket)
    met = [c for c in clocks if c.kind in RESPONSE_KINDS]
    for clock_ in met:
        await _finish(session, ticket, clock_, ClockStatus.MET, actor, now, reason="response")
    return met


async def wait_for_citizen(session: AsyncSession, *, ticket: Ticket, actor: str) -> list[SlaClock]:
    """The officer asked the citizen for more information: the ticket waits and its clocks pause."""
    _require_open(ticket)
    await change_status(session, ticket=ticket, status=TicketStatus.WAITING_CITIZEN, actor=actor)
    now = clock.now()
    paused = [c for c in await _active(session, ticket) if c.status == ClockStatus.RUNNING]
    for clock_ in paused:
        clock_.status, clock_.paused_at, clock_.next_check_at = ClockStatus.PAUSED, now, None
        await _event(session, ticket, SlaEventKind.CLOCK_PAUSED, actor, clock_, due_at=_iso(clock_.due_at))
    await session.flush()
    return paused


async def citizen_wrote(
    session: AsyncSession, *, ticket: Ticket, config: SlaConfig, actor: str = "citizen"
) -> list[SlaClock]:
    """The citizen wrote on the ticket: paused clocks resume (the ticket goes back to in progress),
    and after a response a next-response clock starts if the policy has one and none is running."""
    now = clock.now()
    if ticket.status == TicketStatus.WAITING_CITIZEN:
        await change_status(session, ticket=ticket, status=TicketStatus.IN_PROGRESS, actor=actor)
    clocks = await repository.clocks_of_ticket(session, _id(ticket), for_update=True)
    changed = []
    for clock_ in clocks:
        if clock_.status == ClockStatus.PAUSED:
            await _resume(session, ticket, clock_, config, actor, now)
            changed.append(clock_)
    responded = any(c.kind in RESPONSE_KINDS and c.status == ClockStatus.MET for c in clocks)
    responding = any(c.kind in RESPONSE_KINDS and c.active for c in clocks)
    if ticket.status in OPEN_STATUSES and responded and not responding:
        snapshot = _ticket_snapshot(clocks, ticket, config)
        started = await _start(session, ticket, ClockKind.NEXT_RESPONSE, snapshot, config, now, actor)
        changed.extend([started] if started is not None else [])
    return changed


async def resolve(session: AsyncSession, *, ticket: Ticket, actor: str) -> list[SlaClock]:
    """Resolve the ticket: the resolution clock is met, any response clock still running stops."""
    _require_open(ticket)
    await change_status(session, ticket=ticket, status=TicketStatus.RESOLVED, actor=actor)
    now = clock.now()
    clocks = await _active(session, ticket)
    for clock_ in clocks:
        status = ClockStatus.MET if clock_.kind == ClockKind.RESOLUTION else ClockStatus.STOPPED
        await _finish(session, ticket, clock_, status, actor, now, reason="resolved")
    return list(clocks)


async def reopen(session: AsyncSession, *, ticket: Ticket, config: SlaConfig, actor: str) -> SlaClock | None:
    """Reopen a resolved or closed ticket: a new resolution clock starts now, under its policy."""
    if ticket.status in OPEN_STATUSES:
        raise ConflictError(f"ticket {ticket.code} is still open")
    await change_status(session, ticket=ticket, status=TicketStatus.OPEN, actor=actor)
    clocks = await repository.clocks_of_ticket(session, _id(ticket), for_update=True)
    snapshot = _ticket_snapshot(clocks, ticket, config)
    return await _start(session, ticket, ClockKind.RESOLUTION, snapshot, config, clock.now(), actor)


async def stop_clocks(session: AsyncSession, *, ticket: Ticket, actor: str, reason: str) -> list[SlaClock]:
    """Stop every running or paused clock without meeting it (e.g. the ticket was closed as a duplicate)."""
    now = clock.now()
    clocks = await _active(session, ticket)
    for clock_ in clocks:
        await _finish(session, ticket, clock_, ClockStatus.STOPPED, actor, now, reason=reason)
    return list(clocks)


async def _start(
    session: AsyncSession,
    ticket: Ticket,
    kind: ClockKind,
    snapshot: dict[str, Any],
    config: SlaConfig,
    at: datetime,
    actor: str,
) -> SlaClock | None:
    started = await _start_all(session, ticket, (kind,), snapshot, config, at, actor)
    return started[0] if started else None


async def _start_all(
    session: AsyncSession,
    ticket: Ticket,
    kinds: Sequence[ClockKind],
    snapshot: dict[str, Any],
    config: SlaConfig,
    at: datetime,
    actor: str,
) -> list[SlaClock]:
    """Start the clocks of `kinds` the policy has, in that order: one flush writes the clocks, one more
    their `clock_started` events (which need the clocks' ids)."""
    plans = [plan for kind in kinds if (plan := _plan(kind, snapshot, config, at, ticket)) is not None]
    if not plans:
        return []
    await repository.add_clocks(session, [clock_ for clock_, _ in plans])
    for clock_, data in plans:
        payload = {"clock": str(clock_.kind), "clock_id": clock_.id, **data}
        await tickets.record_event(
            session, ticket, kind=SlaEventKind.CLOCK_STARTED, actor=actor, data=payload, flush=False
        )
    await session.flush()
    return [clock_ for clock_, _ in plans]


def _plan(
    kind: ClockKind, snapshot: dict[str, Any], config: SlaConfig, at: datetime, ticket: Ticket
) -> tuple[SlaClock, dict[str, Any]] | None:
    """A clock of `kind` starting `at` (not yet added) and its `clock_started` event's data, or None
    when the policy has no target for `kind`."""
    target = snapshot_target(snapshot, kind)
    if target is None:
        return None
    points = snapshot_warnings(snapshot)
    planned = schedule(at, target, points, config.calendar)
    clock_ = SlaClock(
        ticket_id=_id(ticket),
        kind=kind,
        policy=snapshot,
        started_at=at,
        due_at=planned.due_at,
        warning_times=[_iso(moment) for moment in planned.warning_times],
        next_check_at=next_check(planned.due_at, planned.warning_times, 0, breached=False),
    )
    data = {
        "policy": snapshot.get("name"),
        "target": str(target),
        "started_at": _iso(at),
        "due_at": _iso(planned.due_at),
        "warnings": {f"{point:g}": _iso(m) for point, m in zip(points, planned.warning_times, strict=True)},
    }
    return clock_, data


async def _resume(
    session: AsyncSession, ticket: Ticket, clock_: SlaClock, config: SlaConfig, actor: str, now: datetime
) -> None:
    paused_at = clock_.paused_at or now
    measure = measure_of(snapshot_target(clock_.policy, clock_.kind))
    calendar = config.calendar
    before = clock_.due_at
    if clock_.breached_at is None:
        times = [datetime.fromisoformat(m) for m in clock_.warning_times]
        clock_.warning_times = [_iso(shifted(m, paused_at, now, calendar, measure)) for m in times]
        clock_.due_at = shifted(clock_.due_at, paused_at, now, calendar, measure)
    pause = elapsed(paused_at, now, calendar, measure).total_seconds()
    clock_.paused_seconds += pause
    clock_.status, clock_.paused_at = ClockStatus.RUNNING, None
    times_now = tuple(datetime.fromisoformat(m) for m in clock_.warning_times)
    clock_.next_check_at = next_check(
        clock_.due_at, times_now, clock_.warnings_fired, clock_.breached_at is not None
    )
    await _event(
        session,
        ticket,
        SlaEventKind.CLOCK_RESUMED,
        actor,
        clock_,
        paused_at=_iso(paused_at),
        paused_seconds=pause,
        due_at_before=_iso(before),
        due_at=_iso(clock_.due_at),
    )


async def _finish(
    session: AsyncSession,
    ticket: Ticket,
    clock_: SlaClock,
    status: ClockStatus,
    actor: str,
    now: datetime,
    *,
    reason: str,
) -> None:
    clock_.status, clock_.next_check_at, clock_.paused_at = status, None, None
    if status == ClockStatus.MET:
        clock_.met_at = now
        kind = SlaEventKind.CLOCK_MET
    else:
        clock_.stopped_at = now
        kind = SlaEventKind.CLOCK_STOPPED
    late = clock_.breached_at is not None or now > clock_.due_at
    await _event(session, ticket, kind, actor, clock_, reason=reason, due_at=_iso(clock_.due_at), late=late)


async def _active(session: AsyncSession, ticket: Ticket) -> Sequence[SlaClock]:
    return await repository.clocks_of_ticket(session, _id(ticket), active_only=True, for_update=True)


def _ticket_snapshot(clocks: Sequence[SlaClock], ticket: Ticket, config: SlaConfig) -> dict[str, Any]:
    """The policy the ticket was opened under (its first clock's), or today's for clocks carried over
    from before clocks recorded their policy."""
    for clock_ in clocks:
        if any(clock_.policy.get(kind) for kind in CLOCK_KINDS):
            return clock_.policy
    kind = str(ticket.kind)
    return policy_snapshot(config.policy_for(kind, category=ticket.category, priority=str(ticket.priority)))


async def _event(
    session: AsyncSession,
    ticket: Ticket,
    kind: SlaEventKind,
    actor: str,
    clock_: SlaClock,
    **data: Any,
) -> None:
    await session.flush()
    payload = {"clock": str(clock_.kind), "clock_id": clock_.id, **data}
    await tickets.record_event(session, ticket, kind=kind, actor=actor, data=payload)


def _require_open(ticket: Ticket) -> None:
    if ticket.status not in OPEN_STATUSES:
        raise ConflictError(f"ticket {ticket.code} is not open")


def _iso(moment: datetime) -> str:
    return moment.isoformat()


def _id(ticket: Ticket) -> int:
    if ticket.id is None:
        raise ValueError("ticket has not been flushed")
    return ticket.id
