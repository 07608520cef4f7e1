"""The outbox worker: sends every reply we owe through its channel's `Messenger`.

- Due rows are claimed in batches with one conditional UPDATE (status `sending`, `next_attempt_at` =
  lease expiry), so several workers in several processes never send one twice; a lapsed lease (a
  worker died while sending) makes it claimable again.
- Per-chat order: a row is only claimed when no earlier row to the same chat is still unsent.
- Pacing: every send first waits for a slot of its chat, then of the whole bot (`messaging.pacing`),
  so a busy chat never holds up the others.
- On SQLite its transactions queue behind webhooks storing updates (`messaging.writer`); successful
  sends are recorded with group commit (`core.batching`).
- Transient failures (5xx, network, 429/rate errors) are retried with exponential backoff, never
  sooner than the platform's `retry_after`; permanent ones (blocked bot, outside the WhatsApp window
  without a template) end as `failed` with `last_error`, and `on_permanent_failure` records them on
  the ticket. Rows never disappear.
"""

from __future__ import annotations

import asyncio
import functools
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass
from datetime import timedelta

import structlog
from pydantic_settings import BaseSettings, SettingsConfigDict
from sqlalchemy.ext.asyncio import AsyncSession

from core import clock
from core.batching import GroupCommit
from core.db import Database
from core.messenger import DeliveryResult, Messenger
from messaging import repository
from messaging.models import OutboundMessage, OutboundStatus
from messaging.pacing import MemoryPacer, Pacer
from messaging.service import as_outgoing
from messaging.writer import writer_turn

log = structlog.get_logger(__name__)
FailureHook = Callable[[AsyncSession, OutboundMessage], Awaitable[None]]
Sleeper = Callable[[float], Awaitable[None]]


class OutboxSettings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="TANGGAP_OUTBOX_", env_file=".env", extra="ignore")

    batch_size: int = 50
    concurrency: int = 16
    poll_seconds: float = 1.0
    lease_seconds: float = 120.0
    max_attempts: int = 10
    max_pacing_wait_seconds: float = 10.0
    backoff_base_seconds: float = 2.0
    backoff_max_seconds: float = 900.0
    gather_seconds: float = 0.01
    """After a wake-up, how long to let more replies and finished sends gather before claiming:
    under load one claim then serves many of them instead of one claim each."""


@dataclass(frozen=True)
class Claimed:
    row: OutboundMessage
    messenger: Messenger


class OutboxWorker:
    def __init__(
        self,
        db: Database,
        messengers: Mapping[str, Messenger],
        *,
        pacer: Pacer | None = None,
        on_permanent_failure: FailureHook | None = None,
        settings: OutboxSettings | None = None,
        sleep: Sleeper = asyncio.sleep,
    ) -> None:
        self.db = db
        self.messengers = dict(messengers)
        self.pacer = pacer or MemoryPacer()
        self.on_permanent_failure = on_permanent_failure
        self.settings = settings or OutboxSettings()
        self.sleep = sleep
        self._wake = asyncio.Event()
        self._sent: GroupCommit[repository.Sent, None] = GroupCommit(
            db, repository.mark_sent, name="outbox-sent", turn=functools.partial(writer_turn, db, store=False)
        )

    def wake(self) -> None:
        """Something was queued in this process: look now instead of at the next poll."""
        self._wake.set()

    async def run(self, stop: asyncio.Event) -> None:
        """Claim what is due, send it in the background, claim again: a chat waiting for its pacing
        slot never holds up the others (its next message is not claimable while one is in flight)."""
        log.info("outbox_worker_started", channels=sorted(self.messengers))
        in_flight: set[asyncio.Task[bool]] = set()
        while not stop.is_set():
            self._wake.clear()
            free = self.settings.concurrency - len(in_flight)
            claimed: list[Claimed] = []
            if free > 0:
                try:
                    claimed = await self._claim_due(limit=min(free, self.settings.batch_size))
                except Exception:
                    log.exception("outbox_claim_failed")
            for item in claimed:
                task = asyncio.create_task(self._send(item))
                in_flight.add(task)
                task.add_done_callback(self._finished(in_flight))
            if not claimed:
                await _wait_any(self._wake, stop, seconds=self.settings.poll_seconds)
                await asyncio.sleep(self.settings.gather_seconds)
        for task in in_flight:
            task.cancel()

    def _finished(self, in_flight: set[asyncio.Task[bool]]) -> Callable[[asyncio.Task[bool]], None]:
        def done(task: asyncio.Task[bool]) -> None:
            in_flight.discard(task)
            self._wake.set()

        return done

    async def run_once(self) -> int:
        """Claim what is due now and send it, waiting for every send. Returns the rows tried."""
        claimed = await self._claim_due(limit=self.settings.batch_size)
        await asyncio.gather(*(self._send(item) for item in claimed))
        return len(claimed)

    async def _claim_due(self, *, limit: int) -> list[Claimed]:
        if not self.messengers:
            return []
        now = clock.now()
        lease_until = now + timedelta(seconds=self.settings.lease_seconds)
        async with writer_turn(self.db, store=False), self.db.session() as session:
            rows = await repository.claim_due(
                session, channels=list(self.messengers), now=now, lease_until=lease_until, limit=limit
            )
        return [Claimed(row=row, messenger=self.messengers[row.channel]) for row in rows]

    async def _send(self, claimed: Claimed) -> bool:
        row, messenger = claimed.row, claimed.messenger
        last_inbound_at = None
        if messenger.reply_window is not None and row.citizen_id is not None:
            async with writer_turn(self.db, store=False), self.db.session() as session:
                last_inbound_at = await repository.last_inbound_at(session, row.citizen_id)
        limits = messenger.rate_limits(row.target)
        for limit in reversed(limits):
            wait = await self.pacer.reserve((limit,))
            if wait > self.settings.max_pacing_wait_seconds:
                await self._postpone(row, wait)
                return False
            if wait > 0:
                await self.sleep(wait)
        try:
            result = await messenger.send(row.target, as_outgoing(row), last_inbound_at=last_inbound_at)
        except Exception as error:
            log.exception("outbox_send_raised", outbound_id=row.id, channel=row.channel)
            result = DeliveryResult(ok=False, error=f"{type(error).__name__}: {error}")
        if result.retry_after_seconds and limits:
            await self.pacer.hold(limits[-1].key, result.retry_after_seconds)
        await self._record(row, result)
        return result.ok

    async def _postpone(self, row: OutboundMessage, wait: float) -> None:
        """The chat is held back for longer than a lease should last: give the row back, unattempted."""
        async with writer_turn(self.db, store=False), self.db.session() as session:
            current = await session.get(OutboundMessage, row.id, with_for_update=True)
            if current is not None:
                current.status = OutboundStatus.PENDING
                current.attempts = max(current.attempts - 1, 0)
                current.next_attempt_at = clock.now() + timedelta(seconds=wait)

    async def _record(self, row: OutboundMessage, result: DeliveryResult) -> None:
        now = clock.now()
        if result.ok:
            await self._sent.submit(
                repository.Sent(row.id or 0, now, result.external_id, result.template_name)
            )
            return
        async with writer_turn(self.db, store=False), self.db.session() as session:
            current = await session.get(OutboundMessage, row.id, with_for_update=True)
            if current is None:
                return
            current.template_name = result.template_name or current.template_name
            current.last_error = (result.error or "unknown error")[:2000]
            if result.permanent or current.attempts >= self.settings.max_attempts:
                current.status, current.next_attempt_at = OutboundStatus.FAILED, None
                log.warning(
                    "outbox_delivery_failed",
                    outbound_id=current.id,
                    channel=current.channel,
                    ticket_id=current.ticket_id,
                    attempts=current.attempts,
                    error=current.last_error,
                )
                if self.on_permanent_failure is not None:
                    await self.on_permanent_failure(session, current)
                return
            delay = max(result.retry_after_seconds or 0.0, self._backoff(current.attempts))
            current.status = OutboundStatus.PENDING
            current.next_attempt_at = now + timedelta(seconds=delay)
            log.info(
                "outbox_retry_scheduled",
                outbound_id=current.id,
                channel=current.channel,
                attempts=current.attempts,
                delay_seconds=delay,
                error=current.last_error,
            )

    def _backoff(self, attempts: int) -> float:
        base = self.settings.backoff_base_seconds * 2 ** max(attempts - 1, 0)
        return float(min(base, self.settings.backoff_max_seconds))


async def _wait_any(wake: asyncio.Event, stop: asyncio.Event, *, seconds: float) -> None:
    waiters = [asyncio.ensure_future(wake.wait()), asyncio.ensure_future(stop.wait())]
    try:
        await asyncio.wait(waiters, timeout=seconds, return_when=asyncio.FIRST_COMPLETED)
    finally:
        for waiter in waiters:
            waiter.cancel()
