"""Receiving WhatsApp webhooks: signature first, every message stored, then pywa dispatches.

A body whose X-Hub-Signature-256 does not match the app secret is refused (401/403) and nothing is
stored. Each message is stored as `wa:{message id}` before the 200; a body that is not JSON is kept
parked. The flood limits (`bot.flood`) are checked before the store: a message over them is stored
already `ignored` in that one write and never handed over. Then each message is handed to the
channel's workers (`handoff`, a queue per sender), which dispatch it through pywa's own update
handling (`webhook_update_handler`, which awaits the handlers), so the handlers receive pywa's types
while the webhook has already answered.
"""

from __future__ import annotations

import json
import secrets
from collections.abc import Awaitable, Callable
from typing import Any

import structlog
from pywa_async.client import WhatsApp

from bot.engine import ConversationEngine
from bot.flood import FloodGuard, admit, write_notice
from bot.handling import (
    hand_back,
    hand_over,
    ignore,
    note_failure,
    park,
    park_unreadable,
    still_waiting,
    store,
)
from bot.whatsapp.handlers import Pending, current, register
from bot.whatsapp.parsing import CHANNEL, has_message, sender_of, split_body, text_of
from bot.whatsapp.settings import WhatsAppSettings
from bot.whatsapp.shapes import is_message_or_status, phone_number_id, readable
from core.db import Database
from messaging import InboundMessage
from messaging.handoff import Handoff
from messaging.service import DONE, StoredInbound

log = structlog.get_logger(__name__)


def same_secret(given: str, expected: str) -> bool:
    """Constant-time comparison of any text (`secrets.compare_digest` refuses non-ASCII str)."""
    return secrets.compare_digest(given.encode(), expected.encode())


class WhatsAppChannel:
    def __init__(
        self,
        *,
        client: WhatsApp,
        db: Database,
        engine: ConversationEngine,
        settings: WhatsAppSettings,
        handoff: Handoff | None = None,
    ) -> None:
        self.client = client
        self.db = db
        self.engine = engine
        self.settings = settings
        self.handoff = handoff or Handoff("whatsapp")
        self.wake: Callable[[], None] = lambda: None
        self.guard: FloodGuard | None = None
        register(client)

    async def challenge(self, verify_token: str | None, challenge: str | None) -> tuple[str, int]:
        """Meta's subscription check: the challenge echoed only for the configured verify token,
        compared in constant time (pywa's own handler compares with `==`)."""
        expected = self.settings.verify_token
        if (
            expected is None
            or verify_token is None
            or not same_secret(verify_token, expected.get_secret_value())
        ):
            log.warning("whatsapp_challenge_refused")
            return "Forbidden", 403
        return challenge or "", 200

    async def receive_body(self, body: bytes, signature: str | None) -> int:
        """The HTTP status to answer. Raises only when a message could not be stored (Meta retries)."""
        if (
            signature is not None and not signature.isascii()
        ):  # an HMAC in hex; pywa's compare_digest raises on anything else
            log.warning("whatsapp_webhook_rejected", reason="signature is not ASCII", status=403)
            return 403
        problem = await self.client.webhook_update_validator(body, signature)
        if problem is not None:
            log.warning("whatsapp_webhook_rejected", reason=problem[0], status=problem[1])
            return problem[1]
        parsed = _read(body)
        if isinstance(parsed, str):
            await park_unreadable(self.db, channel=CHANNEL, body=body, error=parsed)
            return 200
        stored_rows: list[tuple[StoredInbound, dict[str, Any]]] = []
        with self.handoff.storing():
            for key, single in split_body(parsed):
                stored = await self._store(key, single)
                if stored is not None and stored.status not in DONE:
                    stored_rows.append((stored, single))
        for row, single in stored_rows:
            await hand_over(
                self.db, self.handoff, key=row.sender_id, inbound_id=row.id, work=self._work(row.id, single)
            )
        return 200

    async def _store(self, key: str, single: dict[str, Any]) -> StoredInbound | None:
        """The flood check, then the one write: a message over the limits (`bot.flood`) is stored
        already `ignored` and never handed over (None); the first of a window queues one notice
        for the outbox. Statuses and other updates are never limited: Meta sends three for each of
        our replies, with the citizen as their contact."""
        sender = sender_of(single)
        guard = self.guard if has_message(single) else None
        check = await admit(guard, channel=CHANNEL, sender_id=sender, text=text_of(single))
        ignored = None if check.handle else check.reason
        stored = await store(
            self.db,
            channel=CHANNEL,
            dedupe_key=key,
            sender_id=sender,
            payload={"update": single},
            holder=None if ignored else self.handoff.holder,
            ignored=ignored,
        )
        if ignored is None or not stored.is_new:
            return stored
        if check.notify and stored.sender_id:
            catalogue = self.engine.deps.catalogue()
            await write_notice(
                self.db, catalogue, stored=stored, channel=CHANNEL, target=stored.sender_id, delivered=False
            )
            self.wake()
        return None

    async def replay(self, row: InboundMessage) -> None:
        """The recovery pass: the stored message, dispatched again (behind the sender's earlier ones)."""
        work = self._work(row.id or 0, dict(row.payload.get("update") or {}))
        await hand_back(self.db, self.handoff, key=row.sender_id, inbound_id=row.id or 0, work=work)

    def _work(self, inbound_id: int, single: dict[str, Any]) -> Callable[[], Awaitable[None]]:
        async def dispatch() -> None:
            await self._dispatch(single, inbound_id)

        return dispatch

    async def _dispatch(self, single: dict[str, Any], inbound_id: int, *, in_order: bool = True) -> None:
        """Through pywa's dispatch. `in_order`: if earlier messages of the sender still wait (stored by
        another process, or left by a dead one), they are handled first, then this one. A message or
        status pywa cannot read is parked, never ignored (`bot.whatsapp.shapes`)."""
        shape = readable(single)
        if shape.problem is not None:
            log.warning("whatsapp_update_parked", inbound_id=inbound_id, reason=shape.problem)
            await park(self.db, inbound_id=inbound_id, reason=shape.problem)
            return
        pending = Pending(
            db=self.db, engine=self.engine, inbound_id=inbound_id, wake=self.wake, in_order=in_order
        )
        token = current.set(pending)
        try:
            await self.client.webhook_update_handler(json.dumps(shape.single).encode("utf-8"))
        finally:
            current.reset(token)
        if pending.error is not None:
            await note_failure(self.db, inbound_id, pending.error)
        elif not pending.done:
            await self._not_taken(single, inbound_id)
        elif pending.earlier:
            for row in await still_waiting(self.db, pending.earlier, before=inbound_id):
                await self._dispatch(dict(row.payload.get("update") or {}), row.id or 0, in_order=False)
            await self._dispatch(single, inbound_id, in_order=False)

    async def _not_taken(self, single: dict[str, Any], inbound_id: int) -> None:
        """No handler ran: another phone number's or a field we do not serve is ignored; a message or
        status of ours that pywa failed to read is parked, for an officer to see."""
        if is_message_or_status(single) and phone_number_id(single) == self.settings.phone_id:
            reason = "pywa could not read this message or status (its log names the error)"
            log.warning("whatsapp_update_parked", inbound_id=inbound_id, reason=reason)
            await park(self.db, inbound_id=inbound_id, reason=reason)
            return
        reason = "no handler took the update (another phone number, a field not served)"
        log.info("whatsapp_update_ignored", inbound_id=inbound_id, reason=reason)
        await ignore(self.db, inbound_id=inbound_id, reason=reason)

    async def close(self) -> None:
        session = getattr(self.client.api, "_session", None)
        if session is not None:
            await session.aclose()


def _read(body: bytes) -> dict[str, Any] | str:
    """The body was bounded before it was read (`max_update_bytes`, enforced by `web.limits`)."""
    try:
        parsed = json.loads(body)
    except (UnicodeDecodeError, json.JSONDecodeError) as error:
        return f"malformed JSON: {error}"
    if not isinstance(parsed, dict):
        return "not a WhatsApp webhook body (not a JSON object)"
    return parsed
