"""pywa handlers: messages, reply buttons, list rows and delivery statuses.

The webhook stores a message, then lets pywa dispatch it; the stored row travels to the handler in a
context variable, so the handler only turns the pywa update into an `Incoming` and calls `handle`.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from contextvars import ContextVar
from dataclasses import dataclass, field
from typing import Any, cast

import structlog
from pywa.handlers import (
    CallbackButtonHandler,
    CallbackSelectionHandler,
    MessageHandler,
    MessageStatusHandler,
)
from pywa_async.client import WhatsApp
from pywa_async.types.callback import CallbackButton, CallbackSelection
from pywa_async.types.message import Message
from pywa_async.types.message_status import MessageStatus

from bot.attachments import AttachmentStore
from bot.engine import ConversationEngine
from bot.handling import handle_queued, ignore
from bot.incoming import Incoming
from bot.whatsapp.parsing import CHANNEL, incoming_from_choice, incoming_from_message
from core.db import Database
from escalation import desk
from messaging import reports

log = structlog.get_logger(__name__)
IGNORED_TYPES = ("reaction", "unsupported", "system", "order", "unknown")


@dataclass
class Pending:
    """The stored message pywa is dispatching."""

    db: Database
    engine: ConversationEngine
    inbound_id: int
    wake: Callable[[], None]
    in_order: bool = True
    done: bool = False
    error: Exception | None = None
    earlier: list[int] = field(default_factory=list)
    """Set when the sender's earlier messages still wait: the channel handles them, then this one."""

    async def handle(self, incoming: Incoming) -> None:
        await handle_queued(
            self.db,
            self.engine,
            incoming,
            inbound_id=self.inbound_id,
            in_order=self.in_order,
            earlier=self.earlier,
            wake=self.wake,
        )
        self.done = True

    async def ignore(self, reason: str) -> None:
        log.info("whatsapp_update_ignored", inbound_id=self.inbound_id, reason=reason)
        await ignore(self.db, inbound_id=self.inbound_id, reason=reason)
        self.done = True


current: ContextVar[Pending] = ContextVar("whatsapp_pending")


def register(client: WhatsApp) -> None:
    handlers: list[Any] = [
        MessageHandler(cast(Any, _on_message)),
        CallbackButtonHandler(cast(Any, _on_button)),
        CallbackSelectionHandler(cast(Any, _on_selection)),
        MessageStatusHandler(cast(Any, _on_status)),
    ]
    client.add_handlers(*handlers)


async def _guarded(pending: Pending, work: Awaitable[None]) -> None:
    """pywa logs and swallows handler errors; keep the error so the webhook can record the failure."""
    try:
        await work
    except Exception as error:
        pending.error = error
        raise


async def _on_message(client: WhatsApp, msg: Message) -> None:
    pending = current.get()
    if str(msg.type) in IGNORED_TYPES:
        await _guarded(pending, pending.ignore(f"message type not served: {msg.type}"))
        return
    store = pending.engine.deps.attachments
    await _guarded(pending, _handle_message(pending, client, msg, store))


async def _handle_message(pending: Pending, client: WhatsApp, msg: Message, store: AttachmentStore) -> None:
    await pending.handle(await incoming_from_message(msg, client=client, store=store))


async def _on_button(client: WhatsApp, button: CallbackButton[Any]) -> None:
    pending = current.get()
    await _guarded(pending, pending.handle(incoming_from_choice(button)))


async def _on_selection(client: WhatsApp, selection: CallbackSelection[Any]) -> None:
    pending = current.get()
    incoming = incoming_from_choice(selection, described_as=selection.description)
    await _guarded(pending, pending.handle(incoming))


async def _on_status(client: WhatsApp, status: MessageStatus[Any]) -> None:
    pending = current.get()
    await _guarded(pending, _record_status(pending, status))


async def _record_status(pending: Pending, status: MessageStatus[Any]) -> None:
    """A report on a message we sent. `sent`, `delivered`, `read`: it went out, which settles a reply
    whose sending was never recorded (`messaging.outbox_doubt`: found by the reference it was sent
    with). `failed` (e.g. 131047 outside the window): a message accepted earlier failed after all."""
    reference = status.tracker if isinstance(status.tracker, str) else None
    if str(status.status) != "failed":
        async with pending.db.session() as session:
            settled = await reports.delivery_reported(session, reference=reference, external_id=status.id)
        if settled:
            log.info("whatsapp_delivery_settled", external_id=status.id, status=str(status.status))
        await pending.ignore(f"delivery status {status.status}")
        return
    error = f"{type(status.error).__name__}: {status.error}" if status.error else "failed"
    async with pending.db.session() as session:
        row = await reports.delivery_failed(
            session, channel=CHANNEL, external_id=status.id, error=error, reference=reference
        )
        if row is not None:
            await desk.delivery_failed(session, row)
    log.warning("whatsapp_delivery_failed", external_id=status.id, error=error)
    await pending.ignore(f"delivery status failed: {error}")
