"""Inbox (exactly-once intake) and outbox (every reply we owe)."""

from __future__ import annotations

import dataclasses
from collections.abc import Collection, Sequence
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from core import clock
from core.messenger import Choice, OutgoingMessage
from messaging import lease_repository, repository
from messaging.models import InboundMessage, InboundStatus, OutboundMessage, OutboundStatus
from messaging.partitions import WHOLE_INBOX, Partition, partition_key_of

DONE = (InboundStatus.PROCESSED, InboundStatus.PARKED, InboundStatus.IGNORED)


@dataclass(frozen=True)
class StoredInbound:
    """What the channel needs of a stored message to acknowledge it and hand it over."""

    id: int
    sender_id: str
    status: str
    is_new: bool

    @classmethod
    def of(cls, row: InboundMessage, *, is_new: bool) -> StoredInbound:
        return cls(id=row.id or 0, sender_id=row.sender_id, status=str(row.status), is_new=is_new)


async def store_inbound(
    session: AsyncSession, *, channel: str, dedupe_key: str, sender_id: str, payload: dict[str, Any]
) -> StoredInbound:
    """Persist a message before it is acknowledged. A redelivery returns the stored row with
    is_new=False (one INSERT ... RETURNING; a second query only for a redelivery)."""
    values = new_inbound(channel=channel, dedupe_key=dedupe_key, sender_id=sender_id, payload=payload)
    return (await store_inbound_batch(session, [values]))[0]


def new_inbound(
    *,
    channel: str,
    dedupe_key: str,
    sender_id: str,
    payload: dict[str, Any],
    holder: str | None = None,
    ignored: str | None = None,
) -> dict[str, Any]:
    """The inbox row of a message that just arrived, for `store_inbound_batch`. `holder`: the
    process that will handle it (`messaging.leases`). `ignored`: the reason it will not be handled
    (a flood), known before it is stored: it is stored ignored at once, one write instead of two."""
    row: dict[str, Any] = {
        "channel": channel,
        "dedupe_key": dedupe_key,
        "sender_id": sender_id,
        "partition_key": partition_key_of(sender_id),
        "payload": payload,
        "status": InboundStatus.RECEIVED,
        "attempts": 0,
        "received_at": clock.now(),
        "holder": holder,
        "last_error": None,
        "processed_at": None,
    }
    if ignored is not None:
        row.update(status=InboundStatus.IGNORED, last_error=ignored[:2000], processed_at=row["received_at"])
    return row


async def store_inbound_batch(session: AsyncSession, rows: Sequence[dict[str, Any]]) -> list[StoredInbound]:
    """`store_inbound` for several messages at once (`messaging.intake`): one INSERT for the new ones,
    one SELECT for those already stored; results in the order of `rows`. A key twice in `rows` is
    new for its first occurrence only."""
    new_ids = await repository.insert_inbound_rows_if_new(session, rows)
    known = {key for key in (row["dedupe_key"] for row in rows) if key not in new_ids}
    stored = {
        row.dedupe_key: StoredInbound.of(row, is_new=False)
        for row in (await repository.inbound_by_keys(session, known) if known else ())
    }
    results: list[StoredInbound] = []
    for values in rows:
        key = values["dedupe_key"]
        if key not in stored and key in new_ids:
            results.append(StoredInbound(new_ids[key], values["sender_id"], values["status"], True))
            stored[key] = dataclasses.replace(results[-1], is_new=False)
        elif key in stored:
            results.append(stored[key])
        else:
            raise RuntimeError(f"inbound message {key!r} vanished after insert")
    return results


async def park_unreadable(
    session: AsyncSession, *, channel: str, dedupe_key: str, payload: dict[str, Any], error: str
) -> StoredInbound:
    """Keep what could not even be parsed (malformed JSON, ...), parked for an admin: nothing is lost."""
    stored = await store_inbound(
        session, channel=channel, dedupe_key=dedupe_key, sender_id="", payload=payload
    )
    if stored.is_new:
        await park(session, inbound_id=stored.id, reason=error)
    return stored


async def park(session: AsyncSession, *, inbound_id: int, reason: str) -> None:
    """Retrying cannot help (the stored payload cannot be read): keep it, parked for an admin."""
    row = await repository.lock_inbound(session, inbound_id)
    if row is not None and row.status not in DONE:
        row.status = InboundStatus.PARKED
        row.last_error = reason[:2000]


async def mark_ignored(session: AsyncSession, *, inbound_id: int, reason: str) -> None:
    """Nothing to do for this message (group chatter, a delivery receipt, ...); kept, with the reason."""
    row = await repository.lock_inbound(session, inbound_id)
    if row is not None and row.status in (InboundStatus.RECEIVED, InboundStatus.FAILED):
        row.status = InboundStatus.IGNORED
        row.last_error = reason[:2000]
        row.processed_at = clock.now()


@dataclass(frozen=True)
class RecoveryPage:
    due: list[InboundMessage]
    after_id: int | None
    """Where the next page starts; None when this was the last."""


async def due_for_recovery(
    session: AsyncSession,
    *,
    grace: timedelta | None,
    retry_base: timedelta,
    me: str | None = None,
    partition: Partition = WHOLE_INBOX,
    after_id: int = 0,
    limit: int = 100,
) -> RecoveryPage:
    """One page (in id order, after `after_id`) of the messages stored but never handled, or whose
    handling failed and is due again; only the senders of `partition` (`messaging.partitions`).
    Never handled: stored by a process whose lease lapsed (`messaging.leases`; `me` is this one), or
    longer than `grace` ago. `grace=None`: only the messages of dead processes.

    A failed message is retried `retry_base * (2**attempts - 1)` after it arrived: 1, 3, 7, 15, ... units.
    """
    now = clock.now()
    rows = await lease_repository.waiting_inbound(
        session,
        now=now,
        received_before=None if grace is None else now - grace,
        include_failed=grace is not None,
        me=me,
        after_id=after_id,
        limit=limit,
        partition=partition,
    )
    due = [row for row in rows if row.received_at + retry_base * (2**row.attempts - 1) <= now]
    return RecoveryPage(due, after_id=(rows[-1].id or 0) if len(rows) == limit else None)


async def inbound_by_ids(session: AsyncSession, ids: Sequence[int]) -> list[InboundMessage]:
    """The rows with these ids that exist, in id order."""
    return list(await repository.inbound_by_ids(session, ids)) if ids else []


async def unresolved_inbound(session: AsyncSession, *, limit: int = 100) -> Sequence[InboundMessage]:
    """Parked and failed messages, oldest first (`tanggap inbox failed`)."""
    statuses = (InboundStatus.PARKED, InboundStatus.FAILED)
    return await repository.inbound_with_status(session, statuses, received_before=clock.now(), limit=limit)


async def claim_inbound(session: AsyncSession, *, inbound_id: int) -> bool:
    """Lock the row for handling; False when it was already handled (by this or another process)."""
    status = await repository.lock_inbound_status(session, inbound_id)
    return status is not None and status not in DONE


@dataclass(frozen=True)
class Claim:
    claimed: bool
    earlier: tuple[int, ...] = ()
    """The sender's earlier messages still waiting to be handled: they go first (nothing is claimed)."""


async def claim_inbound_in_order(session: AsyncSession, *, inbound_id: int) -> Claim:
    """`claim_inbound` for queued channels, which keep each sender's messages in arrival order: the
    row is claimed only when none of its sender's earlier messages is still `received` (one statement;
    a second one only to name the earlier messages)."""
    locked = await repository.lock_inbound_in_order(session, inbound_id)
    if locked is None or locked.status in DONE:
        return Claim(claimed=False)
    earlier = tuple(await repository.earlier_waiting(session, inbound_id, locked)) if locked.behind else ()
    return Claim(claimed=not earlier, earlier=earlier)


async def mark_processed(session: AsyncSession, *, inbound_id: int, citizen_id: int | None) -> None:
    """The attempt is counted here, with the outcome (a failed attempt is counted by record_failure)."""
    await repository.mark_inbound_processed(session, inbound_id, citizen_id=citizen_id, now=clock.now())


async def queue_reply(
    session: AsyncSession,
    *,
    channel: str,
    target: str,
    message: OutgoingMessage,
    citizen_id: int | None = None,
    ticket_id: int | None = None,
    inbound_id: int | None = None,
    delivered: bool = False,
) -> OutboundMessage:
    """Write a reply to the outbox. `delivered`: the channel shows it in the same request (web, console)."""
    now = clock.now()
    row = OutboundMessage(
        channel=channel,
        target=target,
        citizen_id=citizen_id,
        ticket_id=ticket_id,
        inbound_id=inbound_id,
        text=message.text,
        payload=outgoing_to_payload(message),
        status=OutboundStatus.SENT if delivered else OutboundStatus.PENDING,
        created_at=now,
        next_attempt_at=None if delivered else now,
        sent_at=now if delivered else None,
    )
    await repository.add_outbound(session, row)
    return row


async def queue_replies(
    session: AsyncSession,
    *,
    channel: str,
    target: str,
    messages: Sequence[OutgoingMessage],
    citizen_id: int | None = None,
    ticket_id: int | None = None,
    inbound_id: int | None = None,
    delivered: bool = False,
) -> None:
    """`queue_reply` for all the replies to one message at once (one INSERT)."""
    now = clock.now()
    rows = [
        {
            "channel": channel,
            "target": target,
            "citizen_id": citizen_id,
            "ticket_id": ticket_id,
            "inbound_id": inbound_id,
            "text": message.text,
            "payload": outgoing_to_payload(message),
            "template_name": None,
            "status": OutboundStatus.SENT if delivered else OutboundStatus.PENDING,
            "attempts": 0,
            "last_error": None,
            "external_id": None,
            "created_at": now,
            "next_attempt_at": None if delivered else now,
            "sent_at": now if delivered else None,
        }
        for message in messages
    ]
    await repository.insert_outbound_rows(session, rows)


async def replies_to(session: AsyncSession, *, inbound_id: int) -> Sequence[OutboundMessage]:
    return await repository.outbound_for_inbound(session, inbound_id)


async def transcript(
    session: AsyncSession, *, citizen_id: int, limit: int = 50
) -> list[InboundMessage | OutboundMessage]:
    """The latest messages both ways, oldest first."""
    inbound = await repository.inbound_of_citizen(session, citizen_id, limit=limit)
    outbound = await repository.outbound_of_citizen(session, citizen_id, limit=limit)
    merged: list[InboundMessage | OutboundMessage] = [*inbound, *outbound]
    merged.sort(key=lambda row: row.received_at if isinstance(row, InboundMessage) else row.created_at)
    return merged[-limit:]


def outgoing_to_payload(message: OutgoingMessage) -> dict[str, Any]:
    payload: dict[str, Any] = {
        "choices": [{"value": choice.value, "label": choice.label} for choice in message.choices],
        "reply_to": message.reply_to,
    }
    if message.topic is not None:
        payload["topic"] = message.topic
    return payload


def as_outgoing(row: OutboundMessage) -> OutgoingMessage:
    choices = tuple(
        Choice(value=str(c["value"]), label=str(c["label"])) for c in row.payload.get("choices", [])
    )
    return OutgoingMessage(text=row.text, choices=choices, reply_to=row.payload.get("reply_to"))


async def record_failure(
    session: AsyncSession, *, inbound_id: int, error: str, max_attempts: int
) -> InboundMessage | None:
    """Note a failed attempt; after `max_attempts` the message is parked for an admin to look at.

    A row another handler finished meanwhile (its attempt committed after this one rolled back) is
    left as it is: marking it failed would have the recovery pass handle it a second time."""
    row = await repository.lock_inbound(session, inbound_id)
    if row is None or row.status in DONE:
        return None
    row.attempts += 1
    row.last_error = error[:2000]
    row.status = InboundStatus.PARKED if row.attempts >= max_attempts else InboundStatus.FAILED
    return row


async def undelivered(session: AsyncSession, *, limit: int = 100) -> Sequence[OutboundMessage]:
    """Replies that could not be delivered (`tanggap outbox failed`), newest first."""
    return await repository.outbound_with_status(session, OutboundStatus.FAILED, limit=limit)


async def failed_targets(session: AsyncSession, *, outbound_ids: Collection[int]) -> set[str]:
    """Where those of `outbound_ids` the outbox gave up on were going."""
    return await repository.failed_targets(session, outbound_ids)


async def ticket_of_sent(session: AsyncSession, *, channel: str, target: str, external_id: str) -> int | None:
    """The ticket a message we sent (`external_id` in chat `target`) was about."""
    return await repository.ticket_of_sent(session, channel=channel, target=target, external_id=external_id)
