"""The outbox worker: sends every reply we owe through its channel's `Messenger`.

- Due rows are claimed in batches with one conditional UPDATE (status `sending`, `next_attempt_at` =
  lease expiry), so several workers in several processes never send one twice. The lease is short
  (`lease_seconds`, 10 s) and renewed while the send is in progress (a heartbeat every quarter of
  it): a dead process's rows are free again within seconds, a slow send is never taken over.
- Per-chat order: a row is only claimed when no earlier row to the same chat is still unsent.
- Pacing: every send first waits for a slot of its chat, then of the whole bot (`messaging.pacing`),
  so a busy chat never holds up the others. A platform's slow-down (`retry_after`) holds the keys
  its messenger names (`DeliveryResult.hold`: Telegram's bot-wide flood limit, WhatsApp's number).
- The attempt is recorded (`attempted_at`, committed) just before the platform is asked, and its
  outcome right after it answers: a `sent` is recorded with group commit (`core.batching`). If the
  database fails then, the outcome stays in memory and is written again and again until the
  database is back; the row stays leased meanwhile, so nothing more goes to that chat. A row whose
  lease lapsed between the two (the process died) is in doubt: `messaging.outbox_doubt` decides it.
- On SQLite its transactions queue behind webhooks storing updates (`messaging.writer`).
- Transient failures (5xx, network, 429/rate errors) are retried with exponential backoff, never
  sooner than the platform's `retry_after`; permanent ones (blocked bot, outside the WhatsApp window
  without a template) end as `failed` with `last_error`, and `on_permanent_failure` records them on
  the ticket. Rows never disappear.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import timedelta

import structlog
from pydantic_settings import BaseSettings, SettingsConfigDict

from core import clock
from core.db import Database
from core.messenger import DeliveryResult, Messenger, RateLimit
from messaging import outbox_doubt
from messaging import outbox_repository as repository
from messaging.models import OutboundMessage, OutboundStatus
from messaging.outbox_outcomes import FailureHook, Outcomes, Sleeper
from messaging.outbox_repository import Lease
from messaging.pacing import MemoryPacer, Pacer
from messaging.reports import reference_of
from messaging.repository import last_inbound_at
from messaging.service import as_outgoing
from messaging.writer import writer_turn

__all__ = ["Claimed", "FailureHook", "OutboxSettings", "OutboxWorker", "Sleeper"]
log = structlog.get_logger(__name__)


class OutboxSettings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="TANGGAP_OUTBOX_", env_file=".env", extra="ignore")

    batch_size: int = 50
    concurrency: int = 16
    poll_seconds: float = 1.0
    lease_seconds: float = 10.0
    """A claimed row stays this worker's this long without news; renewed every quarter of it."""
    settle_seconds: float = 3.0
    """A send in doubt waits this long after its lease lapsed before it is decided, so that a
    process that only lost the database records the outcome it kept instead."""
    confirm_wait_seconds: float = 30.0
    """On a channel that reports deliveries (WhatsApp), how long after the attempt a send in doubt
    waits for that report before it is decided otherwise."""
    record_retry_max_seconds: float = 2.0
    """While the database is down, an outcome is written again after 0.05 s, 0.1 s, ... up to this."""
    stop_seconds: float = 5.0
    """At shutdown, how long sends in progress may take to record their outcome."""
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

    @property
    def lease(self) -> Lease:
        return Lease(self.row.id or 0, self.row.attempts)


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
        self.settings = settings or OutboxSettings()
        self.sleep = sleep
        self._wake = asyncio.Event()
        self._leases: dict[int, Lease] = {}
        self.outcomes = Outcomes(db, self.settings, on_permanent_failure=on_permanent_failure, sleep=sleep)

    @property
    def on_permanent_failure(self) -> FailureHook | None:
        """Called, in the transaction that records it, for a reply that will never be delivered."""
        return self.outcomes.on_permanent_failure

    @on_permanent_failure.setter
    def on_permanent_failure(self, hook: FailureHook | None) -> None:
        self.outcomes.on_permanent_failure = hook

    def wake(self) -> None:
        """Something was queued in this process: look now instead of at the next poll."""
        self._wake.set()

    async def run(self, stop: asyncio.Event) -> None:
        """Claim what is due, send it in the background, claim again: a chat waiting for its pacing
        slot never holds up the others (its next message is not claimable while one is in flight)."""
        log.info("outbox_worker_started", channels=sorted(self.messengers))
        in_flight: set[asyncio.Task[bool]] = set()
        heartbeat = asyncio.create_task(self._renew_forever(stop), name="outbox-leases")
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
        await self._finish(in_flight)
        heartbeat.cancel()

    async def _finish(self, in_flight: set[asyncio.Task[bool]]) -> None:
        """Sends in progress may record their outcome; what still waits (pacing, a database that is
        down) is cancelled: a row never attempted is simply claimed again, one attempted is in doubt."""
        if in_flight:
            await asyncio.wait(set(in_flight), timeout=self.settings.stop_seconds)
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

    async def renew_leases(self) -> int:
        """Push back the lease of every row this worker is sending now; returns how many."""
        leases = list(self._leases.values())
        if leases:
            until = clock.now() + timedelta(seconds=self.settings.lease_seconds)
            async with writer_turn(self.db, store=False), self.db.session() as session:
                await repository.renew_leases(session, leases, until=until)
        return len(leases)

    async def _renew_forever(self, stop: asyncio.Event) -> None:
        while not stop.is_set():
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(stop.wait(), timeout=self.settings.lease_seconds / 4)
            try:
                await self.renew_leases()
            except Exception as error:
                log.warning("outbox_lease_renewal_failed", error=f"{type(error).__name__}: {error}")

    async def _claim_due(self, *, limit: int) -> list[Claimed]:
        if not self.messengers:
            return []
        now = clock.now()
        async with writer_turn(self.db, store=False), self.db.session() as session:
            rows = await repository.claim_due(
                session,
                channels=list(self.messengers),
                now=now,
                lease_until=now + timedelta(seconds=self.settings.lease_seconds),
                settle_until=now + timedelta(seconds=self.settings.settle_seconds),
                limit=limit,
            )
        for row in rows:
            if row.status == OutboundStatus.PENDING:
                outbox_doubt.log_found(row)
        return [
            Claimed(row=row, messenger=self.messengers[row.channel])
            for row in rows
            if row.status == OutboundStatus.SENDING
        ]

    async def _send(self, claimed: Claimed) -> bool:
        lease = claimed.lease
        self._leases[lease.row_id] = lease
        try:
            if claimed.row.attempted_at is not None and not await self._settle(claimed):
                return False
            return await self._attempt(claimed)
        finally:
            self._leases.pop(lease.row_id, None)

    async def _settle(self, claimed: Claimed) -> bool:
        """A send in doubt: True when it is to be sent again."""
        row = claimed.row
        wait = timedelta(seconds=self.settings.confirm_wait_seconds)
        verdict = await outbox_doubt.judge(self.db, row, claimed.messenger, confirm_wait=wait)
        if verdict is outbox_doubt.Verdict.AWAIT_REPORT:
            await self.outcomes.give_back(claimed.lease, until=outbox_doubt.report_due(row, wait))
        elif verdict is outbox_doubt.Verdict.PRESUMED_DELIVERED:
            await self.outcomes.presume_delivered(claimed.lease)
        return verdict is outbox_doubt.Verdict.SEND_AGAIN

    async def _attempt(self, claimed: Claimed) -> bool:
        row, messenger, lease = claimed.row, claimed.messenger, claimed.lease
        last_inbound = None
        if messenger.reply_window is not None and (row.citizen_id or row.inbound_id) is not None:
            async with writer_turn(self.db, store=False), self.db.session() as session:
                last_inbound = await last_inbound_at(
                    session, citizen_id=row.citizen_id, inbound_id=row.inbound_id
                )
        limits = messenger.rate_limits(row.target)
        if not await self._wait_for_pacing(lease, limits) or not await self._begin_attempt(lease):
            return False
        try:
            result = await messenger.send(
                row.target,
                as_outgoing(row),
                last_inbound_at=last_inbound,
                reference=reference_of(lease.row_id),
            )
        except Exception as error:
            log.exception("outbox_send_raised", outbound_id=row.id, channel=row.channel)
            result = DeliveryResult(ok=False, error=f"{type(error).__name__}: {error}")
        await self.outcomes.keep(lease, result)
        await self._hold(limits, result)
        return result.ok

    async def _wait_for_pacing(self, lease: Lease, limits: Sequence[RateLimit]) -> bool:
        """False when the chat or the bot is held back for longer than a send should wait."""
        for limit in reversed(limits):
            wait = await self.pacer.reserve((limit,))
            if wait > self.settings.max_pacing_wait_seconds:
                await self.outcomes.give_back(lease, until=clock.now() + timedelta(seconds=wait))
                return False
            if wait > 0:
                await self.sleep(wait)
        return True

    async def _begin_attempt(self, lease: Lease) -> bool:
        """Committed before the platform is asked. Without it (the lease was taken over, or the
        database fails) nothing is sent: the row, never attempted, is claimed again later."""
        try:
            async with writer_turn(self.db, store=False), self.db.session() as session:
                if await repository.begin_attempt(session, lease, now=clock.now()):
                    return True
            log.info("outbox_lease_lost", outbound_id=lease.row_id)
        except Exception as error:
            log.warning(
                "outbox_attempt_not_recorded", outbound_id=lease.row_id, error=f"{type(error).__name__}"
            )
        return False

    async def _hold(self, limits: Sequence[RateLimit], result: DeliveryResult) -> None:
        if not result.retry_after_seconds or not limits:
            return
        for key in result.hold or (limits[-1].key,):
            try:
                await self.pacer.hold(key, result.retry_after_seconds)
            except Exception as error:
                log.warning("outbox_pacing_hold_failed", key=key, error=f"{type(error).__name__}: {error}")


async def _wait_any(wake: asyncio.Event, stop: asyncio.Event, *, seconds: float) -> None:
    waiters = [asyncio.ensure_future(wake.wait()), asyncio.ensure_future(stop.wait())]
    try:
        await asyncio.wait(waiters, timeout=seconds, return_when=asyncio.FIRST_COMPLETED)
    finally:
        for waiter in waiters:
            waiter.cancel()
