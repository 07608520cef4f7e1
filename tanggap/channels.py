"""Telegram, WhatsApp and the outbox assembled from their settings, and the loops that keep them going:
each channel's handling workers (`messaging.handoff`), the outbox worker, the inbox recovery pass and,
without a public URL, Telegram long polling.

Without a Redis URL the pacing is per process (one process on SQLite). With `TANGGAP_REDIS_URL`, it
is shared by every worker process and machine. No lock is shared: each citizen's order comes from
the inbox claims (`bot.telegram.dispatcher`).
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
from bot.flood import FloodGuard, LimitSettings
from bot.handling import Intake, recover
from bot.telegram.settings import TelegramSettings
from bot.telegram.setup import Telegram, build_telegram
from bot.whatsapp.settings import WhatsAppSettings
from bot.whatsapp.setup import WhatsAppService, build_whatsapp
from core.db import Database
from core.errors import ConfigurationError
from core.messenger import Messenger
from escalation import desk
from messaging import leases
from messaging.handoff import Handoff, HandoffSettings
from messaging.limits import FallbackLimiter, Limiter, MemoryLimiter, RedisLimiter
from messaging.outbox import FailureHook, OutboxSettings, OutboxWorker
from messaging.pacing import FallbackPacer, MemoryPacer, Pacer, RedisPacer
from messaging.partitions import WHOLE_INBOX, Partition
from messaging.writer import writer_turn
from tanggap.settings import ServiceSettings

RECOVERY_GRACE = timedelta(seconds=30)
"""A `received` update older than this, whoever stored it, is taken over (its process may be stuck);
one stored by a process whose handling lease lapsed is taken at once (`messaging.leases`)."""
log = structlog.get_logger(__name__)


@dataclass
class Channels:
    telegram: Telegram | None = None
    whatsapp: WhatsAppService | None = None
    outbox: OutboxWorker | None = None
    redis: Redis | None = None
    background: list[asyncio.Task[None]] = field(default_factory=list)
    stop: asyncio.Event = field(default_factory=asyncio.Event)
    handoff_settings: HandoffSettings = field(default_factory=HandoffSettings)
    guard: FloodGuard = field(default_factory=lambda: FloodGuard(MemoryLimiter()))
    """Flood limits of every channel: in Redis when it is configured (shared), else in memory."""
    holder: str = field(default_factory=leases.new_holder)
    """This process's handling lease, kept while it handles what it stores (`keep_lease`)."""
    _db: Database | None = None

    def intakes(self) -> dict[str, Intake]:
        intakes: dict[str, Intake] = {}
        if self.telegram is not None:
            intakes["telegram"] = self.telegram.channel
        if self.whatsapp is not None:
            intakes["whatsapp"] = self.whatsapp.channel
        return intakes

    def handoffs(self) -> list[Handoff]:
        return [intake.handoff for intake in self.intakes().values()]

    def routers(self) -> list[APIRouter]:
        routers = []
        if self.telegram is not None and self.telegram.settings.webhook_secret is not None:
            routers.append(self.telegram.router())
        if self.whatsapp is not None:
            routers.append(self.whatsapp.router())
        return routers

    def start_handling(self) -> None:
        """Each channel's workers: from now on webhooks answer once the update is stored."""
        for handoff in self.handoffs():
            handoff.start()

    def start(self, db: Database, service: ServiceSettings) -> None:
        """The web process: with a Telegram token and no public webhook URL, long polling; and,
        unless `separate_worker`, the handling of what is stored (`start_worker`)."""
        if service.separate_worker:
            for handoff in self.handoffs():
                handoff.elsewhere = True
            if self.intakes():
                log.info("handling_in_worker_processes", hint="run `tanggap worker` to handle what is stored")
        else:
            self.start_worker(db, service, poll_inbox=False)
        if self.telegram is not None and not self.telegram.settings.webhook_url:
            self._spawn("telegram-polling", self.telegram.channel.poll(self.stop))

    def start_worker(self, db: Database, service: ServiceSettings, *, poll_inbox: bool = True) -> None:
        """The handling workers, the outbox worker and the inbox recovery pass (now, then
        periodically; every few seconds while refused updates wait). `poll_inbox` (a `tanggap
        worker` process): every `worker_poll_seconds`, take what web processes stored for its
        partition of the senders; with several partitions, also take over, every
        `recovery_interval_seconds`, what waits longer than the grace in any partition (its worker
        is down)."""
        self.start_handling()
        if self.outbox is not None:
            self._spawn("outbox", self.outbox.run(self.stop))
        intakes = self.intakes()
        if not intakes:
            return
        every = timedelta(seconds=service.recovery_interval_seconds)
        if not poll_inbox:
            self._db = db
            self._spawn("handling-lease", self.keep_lease(db))
            backlog = timedelta(seconds=self.handoff_settings.backlog_seconds)
            recovery = _recover_forever(
                db, intakes, every=every, backlog=backlog, stop=self.stop, me=self.holder
            )
            self._spawn("inbox-recovery", recovery)
            return
        poll, partition = timedelta(seconds=service.worker_poll_seconds), service.partition
        polling = _recover_forever(
            db, intakes, every=poll, backlog=poll, stop=self.stop, grace=timedelta(0), partition=partition
        )
        self._spawn("inbox-poll", polling)
        if not partition.whole:
            takeover = _recover_forever(db, intakes, every=every, backlog=every, stop=self.stop)
            self._spawn("inbox-takeover", takeover)

    async def keep_lease(self, db: Database) -> None:
        """Renew this process's handling lease every few seconds; once it is written, what the
        channels store is stamped with it (`messaging.leases`)."""
        while not self.stop.is_set():
            await self.renew_lease(db)
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self.stop.wait(), timeout=leases.RENEW_EVERY.total_seconds())

    async def renew_lease(self, db: Database) -> bool:
        """One renewal; the first one that succeeds starts the stamping."""
        try:
            async with writer_turn(db, store=False), db.session() as session:
                await leases.renew(session, holder=self.holder)
        except Exception:
            log.exception("handling_lease_renewal_failed")
            return False
        for handoff in self.handoffs():
            handoff.holder = self.holder
        return True

    async def _release_lease(self) -> None:
        if self._db is None:
            return
        try:
            async with writer_turn(self._db, store=False), self._db.session() as session:
                await leases.release(session, holder=self.holder)
        except Exception:
            log.exception("handling_lease_release_failed")

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
        for handoff in self.handoffs():
            await handoff.stop()
        await self._release_lease()
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
    handoff: HandoffSettings | None = None,
    on_delivery_failure: FailureHook = desk.delivery_failed,
    limits: LimitSettings | None = None,
) -> Channels:
    """`on_delivery_failure`: what a permanent send failure does (the runtime's climbs the escalation
    chain for staff notifications; the default only records it on the ticket)."""
    if telegram is not None and telegram.enabled and telegram.webhook_url and not telegram.webhook_secret:
        raise ConfigurationError(
            "Telegram webhook without a secret",
            ["TANGGAP_TELEGRAM_WEBHOOK_URL is set: set TANGGAP_TELEGRAM_WEBHOOK_SECRET too"],
        )
    redis = (
        Redis.from_url(service.redis_url, socket_timeout=1.0, socket_connect_timeout=1.0)
        if service.redis_url
        else None
    )
    handoff = handoff or HandoffSettings()
    limiter: Limiter = (
        FallbackLimiter(RedisLimiter(redis, prefix=service.redis_prefix))
        if redis is not None
        else MemoryLimiter()
    )
    channels = Channels(redis=redis, handoff_settings=handoff, guard=FloodGuard(limiter, limits))
    messengers: dict[str, Messenger] = {}
    if telegram is not None and telegram.enabled:
        channels.telegram = build_telegram(
            telegram,
            db=db,
            engine=engine,
            session=telegram_session,
            handoff=handoff,
        )
        messengers["telegram"] = channels.telegram.messenger
    if whatsapp is not None and whatsapp.enabled:
        channels.whatsapp = build_whatsapp(
            whatsapp, db=db, engine=engine, session=whatsapp_session, handoff=handoff
        )
        messengers["whatsapp"] = channels.whatsapp.messenger
    for adapter in (channels.telegram, channels.whatsapp):
        if adapter is not None:
            adapter.channel.guard = channels.guard
    messengers.update(staff_messengers or {})
    if messengers:
        if pacer is None:
            shared = RedisPacer(redis, prefix=service.redis_prefix) if redis is not None else None
            pacer = FallbackPacer(shared) if shared is not None else MemoryPacer()
        channels.outbox = OutboxWorker(
            db,
            messengers,
            pacer=pacer,
            on_permanent_failure=on_delivery_failure,
            settings=outbox,
            sleep=sleep,
        )
        for adapter in (channels.telegram, channels.whatsapp):
            if adapter is not None:
                adapter.channel.wake = channels.outbox.wake
    return channels


async def _recover_forever(
    db: Database,
    intakes: dict[str, Intake],
    *,
    every: timedelta,
    backlog: timedelta,
    stop: asyncio.Event,
    grace: timedelta = RECOVERY_GRACE,
    partition: Partition = WHOLE_INBOX,
    me: str | None = None,
) -> None:
    """Every `backlog` hand back what the workers refused and, with `me` (this process's handling
    lease), what dead processes stored (their lease lapsed); every `every` also scan the inbox (the
    senders of `partition`) for what waits longer than `grace` (for worker processes anything
    stored) and for failed updates due again."""
    loop = asyncio.get_running_loop()
    last_scan: float | None = None
    while not stop.is_set():
        scan = last_scan is None or loop.time() - last_scan >= every.total_seconds()
        try:
            if scan:
                replayed = await recover(db, intakes, grace=grace, partition=partition, me=me)
            else:
                replayed = await recover(db, intakes, grace=None, scan=me is not None, me=me)
            if replayed and grace:  # a worker process's every pass takes what is new: not logged
                log.info("inbox_recovery_pass", replayed=replayed, scanned=scan)
        except Exception:
            log.exception("inbox_recovery_failed")
        if scan:
            last_scan = loop.time()
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(stop.wait(), timeout=min(backlog, every).total_seconds())
