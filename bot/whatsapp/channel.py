"""Receiving WhatsApp webhooks: signature first, every message stored, then pywa dispatches.

A body whose X-Hub-Signature-256 does not match the app secret is refused (401/403) and nothing is
stored. Each message is stored as `wa:{message id}` before the 200; a body that is not JSON is kept
parked. Dispatch goes through pywa's own update handling, so the handlers receive pywa's types.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import structlog
from pywa_async.client import WhatsApp

from bot.engine import ConversationEngine
from bot.handling import ignore, note_failure, park_unreadable, store
from bot.whatsapp.handlers import Pending, current, register
from bot.whatsapp.parsing import CHANNEL, sender_of, split_body
from bot.whatsapp.settings import WhatsAppSettings
from core.db import Database
from messaging import InboundMessage
from messaging.service import DONE

log = structlog.get_logger(__name__)


class WhatsAppChannel:
    def __init__(
        self, *, client: WhatsApp, db: Database, engine: ConversationEngine, settings: WhatsAppSettings
    ) -> None:
        self.client = client
        self.db = db
        self.engine = engine
        self.settings = settings
        self.wake: Callable[[], None] = lambda: None
        register(client)

    async def challenge(self, verify_token: str | None, challenge: str | None) -> tuple[str, int]:
        content, status = await self.client.webhook_challenge_handler(vt=verify_token, ch=challenge)
        return content or "", status

    async def receive_body(self, body: bytes, signature: str | None) -> int:
        """The HTTP status to answer. Raises only when a message could not be stored (Meta retries)."""
        problem = await self.client.webhook_update_validator(body, signature)
        if problem is not None:
            log.warning("whatsapp_webhook_rejected", reason=problem[0], status=problem[1])
            return problem[1]
        parsed = _read(body, limit=self.settings.max_update_bytes)
        if isinstance(parsed, str):
            await park_unreadable(self.db, channel=CHANNEL, body=body, error=parsed)
            return 200
        to_handle: list[tuple[int, dict[str, Any]]] = []
        for key, single in split_body(parsed):
            stored = await store(
                self.db,
                channel=CHANNEL,
                dedupe_key=key,
                sender_id=sender_of(single),
                payload={"update": single},
            )
            if stored.message.status not in DONE:
                to_handle.append((stored.message.id or 0, single))
        for inbound_id, single in to_handle:
            await self._dispatch(single, inbound_id)
        return 200

    async def replay(self, row: InboundMessage) -> None:
        await self._dispatch(dict(row.payload.get("update") or {}), row.id or 0)

    async def _dispatch(self, single: dict[str, Any], inbound_id: int) -> None:
        pending = Pending(db=self.db, engine=self.engine, inbound_id=inbound_id, wake=self.wake)
        token = current.set(pending)
        try:
            await self.client.webhook_update_handler(json.dumps(single).encode("utf-8"))
        finally:
            current.reset(token)
        if pending.error is not None:
            await note_failure(self.db, inbound_id, pending.error)
        elif not pending.done:
            reason = "no handler took the update (another phone number, an unknown type, unreadable)"
            log.info("whatsapp_update_ignored", inbound_id=inbound_id, reason=reason)
            await ignore(self.db, inbound_id=inbound_id, reason=reason)

    async def close(self) -> None:
        session = getattr(self.client.api, "_session", None)
        if session is not None:
            await session.aclose()


def _read(body: bytes, *, limit: int) -> dict[str, Any] | str:
    if len(body) > limit:
        return f"webhook body larger than {limit} bytes"
    try:
        parsed = json.loads(body)
    except (UnicodeDecodeError, json.JSONDecodeError) as error:
        return f"malformed JSON: {error}"
    if not isinstance(parsed, dict):
        return "not a WhatsApp webhook body (not a JSON object)"
    return parsed
