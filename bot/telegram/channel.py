"""Receiving Telegram updates: webhook bodies, long polling, and replays by the recovery pass.

Every update is committed to the inbox (`tg:{bot_id}:{update_id}`) before anything else; only then is
it handed to the channel's workers (`handoff`, a queue per sender: a citizen's updates are handled one
after the other, in arrival order), which feed it to the dispatcher while the webhook has already
answered. A body that is not an update is kept parked; an update no router serves is kept as
`ignored`; a failure is recorded and retried by `bot.handling.recover`.
"""

from __future__ import annotations

import asyncio
import json
from collections.abc import Callable
from datetime import timedelta
from typing import Any

import structlog
from aiogram import Bot, Dispatcher
from aiogram.exceptions import TelegramAPIError, TelegramRetryAfter
from aiogram.types import Update
from aiogram.types.update import UpdateTypeLookupError
from pydantic import ValidationError

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
from bot.incoming import Incoming
from bot.telegram.inbox import GROUP_TYPES, Inbox
from bot.telegram.parsing import CHANNEL
from bot.telegram.settings import ALLOWED_UPDATES, TelegramSettings
from core import clock
from core.clock import ensure_utc
from core.db import Database
from core.messenger import OutgoingMessage
from messaging import InboundMessage
from messaging.handoff import Handoff
from messaging.service import DONE

log = structlog.get_logger(__name__)
STALE_AFTER = timedelta(seconds=10)
"""Telegram stops waiting for a button press's answer (its spinner) after a few seconds."""


class TelegramChannel:
    def __init__(
        self,
        *,
        bot: Bot,
        dispatcher: Dispatcher,
        db: Database,
        engine: ConversationEngine,
        settings: TelegramSettings,
        handoff: Handoff | None = None,
    ) -> None:
        self.bot = bot
        self.dispatcher = dispatcher
        self.db = db
        self.engine = engine
        self.settings = settings
        self.handoff = handoff or Handoff("telegram")
        self.wake: Callable[[], None] = lambda: None
        self.guard: FloodGuard | None = None
        """Flood limits (`bot.flood`): a sender over them is stored, not handled."""
        self._username: str | None = None

    async def receive_body(self, body: bytes) -> None:
        """A webhook body whose secret was checked. Raises only when it could not be stored."""
        raw, problem = _read_update(body)
        if raw is None:
            await park_unreadable(self.db, channel=CHANNEL, body=body, error=problem)
            return
        await self.receive(raw)

    async def receive(self, raw: dict[str, Any]) -> None:
        """The flood check, then the store (committed when this returns), then the hand-over: handled
        by the workers, or by the recovery pass when they are full. An update over a flood limit is
        stored `ignored` in that one write and never handed over (its sender told once a window)."""
        sender, (text, notice_target) = _sender_of(raw), _flood_view(raw)
        check = await admit(self.guard, channel=CHANNEL, sender_id=sender, text=text)
        ignored = None if check.handle else check.reason
        with self.handoff.storing():
            stored = await store(
                self.db,
                channel=CHANNEL,
                dedupe_key=f"tg:{self.bot.id}:{raw['update_id']}",
                sender_id=sender,
                payload={"update": raw},
                holder=None if ignored else self.handoff.holder,
                ignored=ignored,
            )
        if ignored and stored.is_new:
            if check.notify and notice_target:
                catalogue = self.engine.deps.catalogue()
                await write_notice(
                    self.db, catalogue, stored=stored, channel=CHANNEL, target=notice_target, delivered=False
                )
                self.wake()
            return
        if stored.status in DONE:
            log.info("telegram_update_duplicate", update_id=raw["update_id"], status=stored.status)
            return

        async def feed() -> None:
            await self._feed(raw, stored.id, replay=False)

        await hand_over(self.db, self.handoff, key=stored.sender_id, inbound_id=stored.id, work=feed)

    async def replay(self, row: InboundMessage) -> None:
        """The recovery pass, or a `tanggap worker` taking what a web process stored: the stored raw
        update, fed to the handlers (through the workers, behind the sender's earlier updates).
        A replayed button press is answered only when no handling was attempted before (an attempt
        that claimed it answered it) and within `STALE_AFTER` (its spinner has stopped since)."""
        raw, inbound_id = _update_of(row), row.id or 0
        stale = _answered_or_stale(row)

        async def feed() -> None:
            await self._feed(raw, inbound_id, replay=stale)

        await hand_back(self.db, self.handoff, key=row.sender_id, inbound_id=inbound_id, work=feed)

    async def _feed(
        self, raw: dict[str, Any], inbound_id: int, *, replay: bool, in_order: bool = True
    ) -> None:
        """Through the dispatcher. `in_order`: if earlier updates of the sender still wait (stored by
        another process, or left by a dead one), they are handled first, then this one."""
        try:
            update = Update.model_validate(raw, context={"bot": self.bot})
        except ValidationError as error:
            log.warning("telegram_update_unreadable", inbound_id=inbound_id, error=str(error)[:300])
            await park(self.db, inbound_id=inbound_id, reason=f"unreadable update: {error}")
            return
        try:
            update.event_type  # noqa: B018 (raises for an update type aiogram does not know)
        except UpdateTypeLookupError:
            keys = sorted(set(raw) - {"update_id"})
            log.info(
                "telegram_update_ignored", inbound_id=inbound_id, reason="unknown update type", keys=keys
            )
            await ignore(self.db, inbound_id=inbound_id, reason=f"unknown update type: {', '.join(keys)}")
            return
        in_group = (raw.get("message") or {}).get("chat", {}).get("type") in GROUP_TYPES
        inbox = Inbox(
            db=self.db,
            engine=self.engine,
            inbound_id=inbound_id,
            replay=replay,
            wake=self.wake,
            dm_link=await self.dm_link() if in_group else None,
            in_order=in_order,
        )
        try:
            await self.dispatcher.feed_update(self.bot, update, inbox=inbox)
        except Exception as error:
            log.exception("telegram_update_failed", inbound_id=inbound_id, update_id=update.update_id)
            await note_failure(self.db, inbound_id, error, apology=self._apology(raw))
            self.wake()
            return
        if inbox.earlier:
            for row in await still_waiting(self.db, inbox.earlier, before=inbound_id):
                earlier = _update_of(row)
                await self._feed(earlier, row.id or 0, replay=_answered_or_stale(row), in_order=False)
            await self._feed(raw, inbound_id, replay=replay, in_order=False)  # answered after its claim

    def _apology(self, raw: dict[str, Any]) -> tuple[Incoming, OutgoingMessage] | None:
        """For a failure before the engine was reached (a photo that could not be fetched, ...): the
        citizen of a private chat is told once, at the first failure, that the message will be
        retried."""
        chat = _private_chat_of(raw)
        if chat is None:
            return None
        text = self.engine.deps.catalogue().render("error_apology")
        return Incoming(channel=CHANNEL, sender_id=chat), OutgoingMessage(text=text)

    async def dm_link(self) -> str | None:
        """t.me link to the bot (getMe once), offered in public replies."""
        if self._username is None:
            try:
                self._username = (await self.bot.me()).username or ""
            except TelegramAPIError as error:
                log.warning("telegram_get_me_failed", error=str(error))
                return None
        return f"https://t.me/{self._username}" if self._username else None

    async def poll(self, stop: asyncio.Event) -> None:
        """Long polling for a machine without a public URL. Offsets advance only past stored updates."""
        await self.bot.delete_webhook(drop_pending_updates=False)
        log.info("telegram_polling_started", bot_id=self.bot.id)
        offset: int | None = None
        failures = 0
        while not stop.is_set():
            try:
                updates = await self.bot.get_updates(
                    offset=offset, timeout=self.settings.polling_timeout, allowed_updates=ALLOWED_UPDATES
                )
                for update in updates:
                    await self.receive(update.model_dump(mode="json", by_alias=True, exclude_none=True))
                    offset = update.update_id + 1
                failures = 0
            except TelegramRetryAfter as error:
                await asyncio.sleep(error.retry_after)
            except Exception:
                failures += 1
                log.exception("telegram_polling_failed", failures=failures)
                await asyncio.sleep(min(2.0**failures, 60.0))

    async def close(self) -> None:
        await self.bot.session.close()


def _private_chat_of(raw: dict[str, Any]) -> str | None:
    event = raw.get("message") or (raw.get("callback_query") or {}).get("message") or {}
    chat = event.get("chat") if isinstance(event, dict) else None
    if isinstance(chat, dict) and chat.get("type") == "private" and "id" in chat:
        return str(chat["id"])
    return None


def _answered_or_stale(row: InboundMessage) -> bool:
    """A stored press not to answer: an earlier attempt claimed (and answered) it, or Telegram has
    stopped its spinner since."""
    return row.attempts > 0 or clock.now() - ensure_utc(row.received_at) > STALE_AFTER


def _update_of(row: InboundMessage) -> dict[str, Any]:
    return dict(row.payload.get("update") or {})


def _read_update(body: bytes) -> tuple[dict[str, Any] | None, str]:
    """The body was bounded before it was read (`max_update_bytes`, enforced by `web.limits`)."""
    try:
        raw = json.loads(body)
    except (UnicodeDecodeError, json.JSONDecodeError) as error:
        return None, f"malformed JSON: {error}"
    if not isinstance(raw, dict) or not isinstance(raw.get("update_id"), int):
        return None, "not a Telegram update (no integer update_id)"
    return raw, ""


def _sender_of(raw: dict[str, Any]) -> str:
    for key in ("message", "edited_message", "callback_query", "channel_post"):
        event = raw.get(key)
        if isinstance(event, dict):
            sender = event.get("from") or event.get("sender_chat") or event.get("chat") or {}
            return str(sender.get("id", ""))
    return ""


def _flood_view(raw: dict[str, Any]) -> tuple[str | None, str | None]:
    """What the flood limits look at: a message's text (folded when repeated), and where its one
    notice may go (a private chat: the bot cannot start a conversation elsewhere)."""
    message = raw.get("message")
    if isinstance(message, dict):
        chat = message.get("chat") or {}
        private = chat.get("type") == "private"
        text = message.get("text")
        return (text if isinstance(text, str) else None), (str(chat.get("id")) if private else None)
    callback = raw.get("callback_query")
    if isinstance(callback, dict):
        chat = (callback.get("message") or {}).get("chat") or {}
        return None, str(chat.get("id")) if chat.get("type") == "private" else None
    return None, None
