"""The path every channel uses: store the message (inbox), handle it once, write the replies (outbox).

The inbound row is committed before the channel acknowledges the message, so nothing that reached
us is lost; handling claims the row, so a redelivered message is answered from the stored replies
instead of being handled twice. Queued channels (Telegram, WhatsApp) acknowledge right after the
commit and `hand_over` the row to their in-process workers (`messaging.handoff`). Messages whose
handling never finished (the workers were full, a process died, handling failed) are picked up again
by `recover`, and parked after `MAX_ATTEMPTS`.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import timedelta
from typing import Any, Protocol

import structlog

from bot.comments import handle_comment
from bot.engine import ConversationEngine
from bot.incoming import Incoming
from core.db import Database
from core.messenger import OutgoingMessage
from messaging import InboundMessage
from messaging import service as messaging
from messaging.handoff import Handoff, Work
from messaging.intake import inbox_writer
from messaging.partitions import WHOLE_INBOX, Partition
from messaging.service import DONE, StoredInbound
from messaging.writer import writer_turn
from tickets import TicketKind

log = structlog.get_logger(__name__)
MAX_ATTEMPTS = 5
DEFERRED_LOG_EVERY = 100
"""Under a burst every store is deferred: one log line when the backlog starts, then one per 100."""


class Intake(Protocol):
    """A queued channel as the recovery pass sees it: its workers, and how to hand a row back."""

    handoff: Handoff

    async def replay(self, row: InboundMessage) -> None: ...


@dataclass(frozen=True)
class Handled:
    replies: list[OutgoingMessage]
    citizen_id: int | None
    duplicate: bool = False
    failed: bool = False
    earlier: tuple[int, ...] = ()
    """In order (queued channels): not handled, because these earlier messages of the sender wait."""

    @property
    def claimed(self) -> bool:
        """This handling took the message (it may have failed): what only one handling may do, such
        as answering a Telegram button press, is done now."""
        return not self.duplicate and not self.earlier


async def receive(
    db: Database,
    engine: ConversationEngine,
    incoming: Incoming,
    *,
    dedupe_key: str,
    payload: dict[str, Any],
    delivered: bool,
) -> Handled:
    """Store then handle. `delivered`: the channel shows the replies itself (web chat, console)."""
    stored = await store(
        db, channel=incoming.channel, dedupe_key=dedupe_key, sender_id=incoming.sender_id, payload=payload
    )
    return await handle_stored(db, engine, incoming, inbound_id=stored.id, delivered=delivered)


async def store(
    db: Database,
    *,
    channel: str,
    dedupe_key: str,
    sender_id: str,
    payload: dict[str, Any],
    holder: str | None = None,
    ignored: str | None = None,
) -> StoredInbound:
    """Commit the raw message; only then may the channel be told it arrived (webhook 200). Stores
    arriving together share a transaction (`messaging.intake`). `holder`: this process's handling
    lease, when it will handle the message (`messaging.leases`); `ignored`: why it will not be
    handled, when that is known before it is stored (the web chat's flood check)."""
    return await inbox_writer(db).store(
        channel=channel,
        dedupe_key=dedupe_key,
        sender_id=sender_id[:128],
        payload=payload,
        holder=holder,
        ignored=ignored,
    )


async def handle_queued(
    db: Database,
    engine: ConversationEngine,
    incoming: Incoming,
    *,
    inbound_id: int,
    in_order: bool,
    earlier: list[int],
    wake: Callable[[], None],
) -> Handled:
    """`handle_stored` for a queued channel's handler: the sender's earlier messages that still wait
    are added to `earlier` (the channel handles them, then this one); otherwise the outbox is woken
    for the replies."""
    handled = await handle_stored(
        db, engine, incoming, inbound_id=inbound_id, delivered=False, in_order=in_order
    )
    earlier.extend(handled.earlier)
    if not handled.earlier:
        wake()
    return handled


async def handle_stored(
    db: Database,
    engine: ConversationEngine,
    incoming: Incoming,
    *,
    inbound_id: int,
    delivered: bool,
    in_order: bool = False,
) -> Handled:
    """Claim, handle, queue the replies, mark processed: one transaction. `in_order` (queued channels):
    when earlier messages of the same sender are still waiting, nothing happens and `earlier` names
    them, for the channel to handle them first."""
    try:
        async with writer_turn(db, store=False), db.session() as session:
            if in_order:
                claim = await messaging.claim_inbound_in_order(session, inbound_id=inbound_id)
                if claim.earlier:
                    return Handled([], citizen_id=None, earlier=claim.earlier)
                if not claim.claimed:
                    return Handled([], citizen_id=None, duplicate=True)
            elif not await messaging.claim_inbound(session, inbound_id=inbound_id):
                rows = await messaging.replies_to(session, inbound_id=inbound_id)
                return Handled([messaging.as_outgoing(row) for row in rows], citizen_id=None, duplicate=True)
            if incoming.kind is TicketKind.COMMENT:
                turn = await handle_comment(session, engine.deps, incoming)
            else:
                turn = await engine.handle(session, incoming)
            await messaging.queue_replies(
                session,
                channel=incoming.channel,
                target=incoming.reply_target,
                messages=turn.replies,
                citizen_id=turn.citizen.id,
                ticket_id=turn.ticket_id,
                inbound_id=inbound_id,
                delivered=delivered,
            )
            await messaging.mark_processed(session, inbound_id=inbound_id, citizen_id=turn.citizen.id)
            return Handled(turn.replies, citizen_id=turn.citizen.id)
    except Exception as error:
        log.exception("inbound_handling_failed", inbound_id=inbound_id, channel=incoming.channel)
        apology = OutgoingMessage(
            text=engine.deps.catalogue().render("error_apology_resend" if delivered else "error_apology"),
            reply_to=incoming.reply_to,
        )
        await note_failure(db, inbound_id, error, apology=None if delivered else (incoming, apology))
        return Handled([apology], citizen_id=None, failed=True)


async def note_failure(
    db: Database,
    inbound_id: int,
    error: Exception,
    *,
    apology: tuple[Incoming, OutgoingMessage] | None = None,
) -> None:
    """Count the failed attempt (parked after MAX_ATTEMPTS). A citizen waiting on a queued channel gets
    one apology, on the first failure only: retries must not flood them."""
    async with db.session() as session:
        row = await messaging.record_failure(
            session,
            inbound_id=inbound_id,
            error=f"{type(error).__name__}: {error}",
            max_attempts=MAX_ATTEMPTS,
        )
        if apology is not None and row is not None and row.attempts == 1:
            incoming, message = apology
            await messaging.queue_reply(
                session,
                channel=incoming.channel,
                target=incoming.reply_target,
                message=message,
                inbound_id=inbound_id,
            )


async def answer_directly(
    db: Database, *, inbound_id: int, channel: str, target: str, message: OutgoingMessage
) -> None:
    """Answer a stored message without the conversation engine (an edited message: only a note)."""
    async with db.session() as session:
        if not await messaging.claim_inbound(session, inbound_id=inbound_id):
            return
        await messaging.queue_reply(
            session, channel=channel, target=target, message=message, inbound_id=inbound_id
        )
        await messaging.mark_processed(session, inbound_id=inbound_id, citizen_id=None)


async def ignore(db: Database, *, inbound_id: int, reason: str) -> None:
    async with db.session() as session:
        await messaging.mark_ignored(session, inbound_id=inbound_id, reason=reason)


async def park(db: Database, *, inbound_id: int, reason: str) -> None:
    async with db.session() as session:
        await messaging.park(session, inbound_id=inbound_id, reason=reason)


async def park_unreadable(db: Database, *, channel: str, body: bytes, error: str) -> None:
    """Keep a body that is not even a message (malformed JSON, too large), parked: nothing is lost."""
    digest = hashlib.sha256(body).hexdigest()[:40]
    payload = {"raw": body[:65_536].decode("utf-8", "replace"), "size": len(body)}
    log.warning("inbound_unreadable", channel=channel, error=error, size=len(body))
    async with db.session() as session:
        await messaging.park_unreadable(
            session,
            channel=channel,
            dedupe_key=f"{channel}:unreadable:{digest}",
            payload=payload,
            error=error,
        )


def guarded(db: Database, inbound_id: int, work: Work) -> Work:
    """Handling that cannot fail silently: an error its own code did not record counts as an attempt."""

    async def run() -> None:
        try:
            await work()
        except Exception as error:
            log.exception("inbound_handling_failed", inbound_id=inbound_id)
            await note_failure(db, inbound_id, error)

    return run


async def hand_over(db: Database, handoff: Handoff, *, key: str, inbound_id: int, work: Work) -> None:
    """After the commit, to the workers without waiting (refused: the row stays `received` for the
    recovery pass); with no workers running (a tool), handled here before the channel answers;
    with handling in worker processes, left in the inbox for them."""
    if handoff.elsewhere:
        return
    job = guarded(db, inbound_id, work)
    if not handoff.running:
        await job()
    elif not handoff.offer(key, inbound_id, job) and handoff.backlog % DEFERRED_LOG_EVERY == 1:
        log.info("inbound_deferred", handoff=handoff.name, inbound_id=inbound_id, backlog=handoff.backlog)


async def hand_back(db: Database, handoff: Handoff, *, key: str, inbound_id: int, work: Work) -> None:
    """The recovery pass: to the workers (waiting for room), or handled here when none run."""
    job = guarded(db, inbound_id, work)
    if not await handoff.put(key, inbound_id, job):
        await job()


async def recover(
    db: Database,
    intakes: Mapping[str, Intake],
    *,
    grace: timedelta | None = timedelta(seconds=30),
    retry_base: timedelta = timedelta(minutes=1),
    scan: bool = True,
    partition: Partition = WHOLE_INBOX,
    me: str | None = None,
    page: int = 100,
) -> int:
    """Hand back to its channel what was stored but not handled; returns how many rows were. First
    what this process's workers refused, then, with `scan`, page after page until none is left, the
    `received` rows of a dead process (its handling lease lapsed; `me` is this process's) or older
    than `grace`, and `failed` rows due again, of the senders in `partition`, skipping rows the
    workers hold. `grace=None`: only the rows of dead processes. Claiming makes it safe next to live
    traffic and other processes. Web chat and console are left to their client."""
    replayed = 0
    for intake in intakes.values():
        replayed += await _hand_back_refused(db, intake)
    after_id: int | None = 0 if scan else None
    while after_id is not None:
        async with db.session() as session:
            found = await messaging.due_for_recovery(
                session,
                grace=grace,
                retry_base=retry_base,
                me=me,
                partition=partition,
                after_id=after_id,
                limit=page,
            )
        for row in found.due:
            replayed += await _replay(intakes, row, quiet=grace == timedelta(0))
        after_id = found.after_id
    return replayed


async def _replay(intakes: Mapping[str, Intake], row: InboundMessage, *, quiet: bool) -> int:
    target = intakes.get(row.channel)
    if target is None or target.handoff.holds(row.id or 0):
        return 0
    if not quiet or row.attempts:  # a worker process taking a fresh row (no grace) is not news
        log.info("inbound_recovering", inbound_id=row.id, channel=row.channel, attempts=row.attempts)
    await target.replay(row)
    return 1


async def still_waiting(db: Database, ids: Sequence[int], *, before: int) -> list[InboundMessage]:
    """Earlier messages a handling in order found waiting, oldest first, unless handled meanwhile."""
    log.info("inbound_catching_up", inbound_id=before, earlier=list(ids))
    async with db.session() as session:
        rows = await messaging.inbound_by_ids(session, ids)
    return [row for row in rows if row.status not in DONE]


async def _hand_back_refused(db: Database, intake: Intake) -> int:
    ids = intake.handoff.refused()
    if not ids:
        return 0
    async with db.session() as session:
        rows = {row.id: row for row in await messaging.inbound_by_ids(session, ids)}
    replayed = 0
    for inbound_id in ids:
        row = rows.get(inbound_id)
        if row is None or row.status in DONE:
            intake.handoff.forget(inbound_id)
            continue
        await intake.replay(row)
        replayed += 1
    return replayed
