"""The path every channel uses: store the message (inbox), handle it once, write the replies (outbox).

The inbound row is committed before the channel acknowledges the message, so nothing that reached
us is lost; handling claims the row, so a redelivered message is answered from the stored replies
instead of being handled twice.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import structlog

from bot.engine import ConversationEngine
from bot.incoming import Incoming
from core.db import Database
from core.messenger import OutgoingMessage
from messaging import service as messaging

log = structlog.get_logger(__name__)
MAX_ATTEMPTS = 5


@dataclass(frozen=True)
class Handled:
    replies: list[OutgoingMessage]
    citizen_id: int | None
    duplicate: bool = False
    failed: bool = False


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
    async with db.session() as session:
        stored = await messaging.store_inbound(
            session,
            channel=incoming.channel,
            dedupe_key=dedupe_key,
            sender_id=incoming.sender_id,
            payload=payload,
        )
        inbound_id = stored.message.id or 0
    return await handle_stored(db, engine, incoming, inbound_id=inbound_id, delivered=delivered)


async def handle_stored(
    db: Database, engine: ConversationEngine, incoming: Incoming, *, inbound_id: int, delivered: bool
) -> Handled:
    try:
        async with db.session() as session:
            inbound = await messaging.claim_inbound(session, inbound_id=inbound_id)
            if inbound is None:
                rows = await messaging.replies_to(session, inbound_id=inbound_id)
                return Handled([messaging.as_outgoing(row) for row in rows], citizen_id=None, duplicate=True)
            turn = await engine.handle(session, incoming)
            for reply in turn.replies:
                await messaging.queue_reply(
                    session,
                    channel=incoming.channel,
                    target=incoming.sender_id,
                    message=reply,
                    citizen_id=turn.citizen.id,
                    ticket_id=turn.ticket_id,
                    inbound_id=inbound_id,
                    delivered=delivered,
                )
            messaging.mark_processed(inbound, citizen_id=turn.citizen.id)
            return Handled(turn.replies, citizen_id=turn.citizen.id)
    except Exception as error:
        log.exception("inbound_handling_failed", inbound_id=inbound_id, channel=incoming.channel)
        await _note_failure(db, inbound_id, error)
        apology = engine.deps.catalogue().render("error_apology")
        return Handled([OutgoingMessage(text=apology)], citizen_id=None, failed=True)


async def _note_failure(db: Database, inbound_id: int, error: Exception) -> None:
    async with db.session() as session:
        await messaging.record_failure(
            session,
            inbound_id=inbound_id,
            error=f"{type(error).__name__}: {error}",
            max_attempts=MAX_ATTEMPTS,
        )
