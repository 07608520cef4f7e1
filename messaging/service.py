"""Inbox (exactly-once intake) and outbox (every reply we owe)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from core import clock
from core.messenger import Choice, OutgoingMessage
from messaging import repository
from messaging.models import InboundMessage, InboundStatus, OutboundMessage, OutboundStatus


@dataclass(frozen=True)
class StoredInbound:
    message: InboundMessage
    is_new: bool


async def store_inbound(
    session: AsyncSession, *, channel: str, dedupe_key: str, sender_id: str, payload: dict[str, Any]
) -> StoredInbound:
    """Persist a message before it is acknowledged. A redelivery returns the stored row with is_new=False."""
    values = {
        "channel": channel,
        "dedupe_key": dedupe_key,
        "sender_id": sender_id,
        "payload": payload,
        "status": InboundStatus.RECEIVED,
        "attempts": 0,
        "received_at": clock.now(),
    }
    inserted = await repository.insert_inbound_if_new(session, values)
    row = await repository.find_inbound(session, dedupe_key)
    if row is None:
        raise RuntimeError(f"inbound message {dedupe_key!r} vanished after insert")
    return StoredInbound(message=row, is_new=inserted)


async def claim_inbound(session: AsyncSession, *, inbound_id: int) -> InboundMessage | None:
    """Lock the row for handling; None when it was already handled (by this or another process)."""
    row = await repository.lock_inbound(session, inbound_id)
    if row is None or row.status in (InboundStatus.PROCESSED, InboundStatus.PARKED):
        return None
    row.attempts += 1
    return row


def mark_processed(inbound: InboundMessage, *, citizen_id: int | None) -> None:
    inbound.status = InboundStatus.PROCESSED
    inbound.citizen_id = citizen_id
    inbound.processed_at = clock.now()


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
    return {
        "choices": [{"value": choice.value, "label": choice.label} for choice in message.choices],
        "reply_to": message.reply_to,
    }


def as_outgoing(row: OutboundMessage) -> OutgoingMessage:
    choices = tuple(
        Choice(value=str(c["value"]), label=str(c["label"])) for c in row.payload.get("choices", [])
    )
    return OutgoingMessage(text=row.text, choices=choices, reply_to=row.payload.get("reply_to"))


async def record_failure(
    session: AsyncSession, *, inbound_id: int, error: str, max_attempts: int
) -> InboundMessage | None:
    """Note a failed attempt; after `max_attempts` the message is parked for an admin to look at."""
    row = await repository.lock_inbound(session, inbound_id)
    if row is None:
        return None
    row.attempts += 1
    row.last_error = error[:2000]
    row.status = InboundStatus.PARKED if row.attempts >= max_attempts else InboundStatus.FAILED
    return row
