"""Telegram, WhatsApp and the outbox assembled from their settings, and the loops that keep them going.

Without a Redis URL everything is per process (in-memory locks and pacing: one process on SQLite).
With `TANGGAP_REDIS_URL`, per-chat locking (aiogram's RedisEventIsolation) and pacing are shared by
every worker process and machine.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass, field
from datetime import timedelta

import httpx
import structlog
from aiogram.client.session.base import BaseSession
from fastapi import APIRouter
from redis.asyncio import Redis

from bot.engine import ConversationEngine
from bot.handling import Replayer, record_delivery_failure, recover
from bot.telegram.settings import TelegramSettings
from bot.telegram.setup import Telegram, build_telegram
from bot.whatsapp.settings import WhatsAppSettings
from bot.whatsapp.setup import WhatsAppService, build_whatsapp
from core.db import Database
from core.errors import ConfigurationError
from core.messenger import Messenger
from messaging.outbox import OutboxSettings, OutboxWorker
from messaging.pacing import MemoryPacer, Pacer, RedisPacer
from tanggap.settings import ServiceSettings

log = structlog.get_logger(__name__)


@dataclass
class Channels:
    telegram: Telegram | None = None
    whatsapp: WhatsAppService | None = None
    outbox: OutboxWorker | None = None
    redis: Redis | None = None
    background: list[asyncio.Task[None]] = field(default_factory=list)
    stop: asyncio.Event = field(default_factory=asyncio.Event)

    def replayers(self) -> dict[str, Replayer]:
        replayers: dict[str, Replayer] = {}
        if self.telegram is not None:
            replayers["telegram"] = self.telegram.channel.replay
        if self.whatsapp is not None:
            replayers["whatsapp"] = self.whatsapp.channel.replay
        return replayers

    def routers(self) -> list[APIRouter]:
        routers = []
        if self.telegram is not None and self.telegram.settings.webhook_secret is not None:
            routers.append(self.telegram.router())
        if self.whatsapp is not None:
            routers.append(self.whatsapp.router())
        return routers

    def start(self, db: Database, service: ServiceSettings) -> None:
        """The outbox worker, the inbox recovery pass (now, then periodically) and, with a Telegram
        token and no public webhook URL, long polling."""
        if self.outbox is not None:
            self._spawn("outbox", self.outbox.run(self.stop))
        if self.replayers():
            every = timedelta(seconds=service.recovery_interval_seconds)
            self._spawn("inbox-recovery", _recover_forever(db, self.replayers, every, self.stop))
        if self.telegram is not None and not self.telegram.settings.webhook_url:
            self._spawn("telegram-polling", self.telegram.channel.poll(self.stop))

    def _spawn(self, name: str, work: Awaitable[None]) -> None:
        async def run() -> None:
            await work

        self.background.append(asyncio.create_task(run(), name=name))

    async def close(self) -> None:
        self.stop.set()
        for task in self.background:
            task.cancel()
        for task in self.background:
            with contextlib.suppress(asyncio.CancelledError, Exception):
                await task
        if self.telegram is not None:
            await self.telegram.channel.close()
        if self.whatsapp is not None:
            await self.whatsapp.channel.close()
        if self.redis is not None:
            await self.redis.aclose()


def build_channels(
    db: Database,
    engine: ConversationEngine,
    *,
    service: ServiceSettings,
    telegram: TelegramSettings | None = None,
    whatsapp: WhatsAppSettings | None = None,
    telegram_session: BaseSession | None = None,
    whatsapp_session: httpx.AsyncClient | None = None,
    pacer: Pacer | None = None,
    outbox: OutboxSettings | None = None,
    sleep: Callable[[float], Awaitable[None]] = asyncio.sleep,
    staff_messengers: Mapping[str, Messenger] | None = None,
) -> Channels:
    if telegram is not None and telegram.enabled and telegram.webhook_url and not telegram.webhook_secret:
        raise ConfigurationError(
            "Telegram webhook without a secret",
            ["TANGGAP_TELEGRAM_WEBHOOK_URL is set: set TANGGAP_TELEGRAM_WEBHOOK_SECRET too"],
        )
    redis = Redis.from_url(service.redis_url) if service.redis_url else None
    channels = Channels(redis=redis)
    messengers: dict[str, Messenger] = {}
    if telegram is not None and telegram.enabled:
        channels.telegram = build_telegram(
            telegram,
            db=db,
            engine=engine,
            redis=redis,
            redis_prefix=service.redis_prefix,
            session=telegram_session,
        )
        messengers["telegram"] = channels.telegram.messenger
    if whatsapp is not None and whatsapp.enabled:
        channels.whatsapp = build_whatsapp(whatsapp, db=db, engine=engine, session=whatsapp_session)
        messengers["whatsapp"] = channels.whatsapp.messenger
    messengers.update(staff_messengers or {})
    if messengers:
        if pacer is None:
            pacer = RedisPacer(redis, prefix=service.redis_prefix) if redis is not None else MemoryPacer()
        channels.outbox = OutboxWorker(
            db,
            messengers,
            pacer=pacer,
            on_permanent_failure=record_delivery_failure,
            settings=outbox,
            sleep=sleep,
        )
        for adapter in (channels.telegram, channels.whatsapp):
            if adapter is not None:
                adapter.channel.wake = channels.outbox.wake
    return channels


async def _recover_forever(
    db: Database, replayers: Callable[[], dict[str, Replayer]], every: timedelta, stop: asyncio.Event
) -> None:
    while not stop.is_set():
        try:
            replayed = await recover(db, replayers())
            if replayed:
                log.info("inbox_recovery_pass", replayed=replayed)
        except Exception:
            log.exception("inbox_recovery_failed")
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(stop.wait(), timeout=every.total_seconds())
