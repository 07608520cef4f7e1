"""What became of a send, written to the outbox row (`messaging.outbox`).

`sent` goes through group commit (`core.batching`): sends finishing together share one
transaction. Every other outcome is fenced by the claim (`outbox_repository.Lease`): a worker whose
row was taken over writes nothing. If the database fails, `keep` holds the outcome in memory and
writes it again until the database is back (the row stays leased meanwhile: nothing more goes to
that chat, and the heartbeat, failing too, lets the lease lapse only if the process dies).
"""

from __future__ import annotations

import functools
from collections.abc import Awaitable, Callable
from datetime import datetime, timedelta
from typing import TYPE_CHECKING

import structlog
from sqlalchemy.ext.asyncio import AsyncSession

from core import clock
from core.batching import GroupCommit
from core.db import Database
from core.messenger import DeliveryResult
from messaging import outbox_doubt
from messaging import outbox_repository as repository
from messaging.models import OutboundMessage, OutboundStatus
from messaging.outbox_repository import Lease, Sent
from messaging.writer import writer_turn

if TYPE_CHECKING:
    from messaging.outbox import OutboxSettings

log = structlog.get_logger(__name__)
FailureHook = Callable[[AsyncSession, OutboundMessage], Awaitable[None]]
Sleeper = Callable[[float], Awaitable[None]]
MAX_EXTERNAL_ID = 128


class Outcomes:
    def __init__(
        self,
        db: Database,
        settings: OutboxSettings,
        *,
        on_permanent_failure: FailureHook | None,
        sleep: Sleeper,
    ) -> None:
        self.db = db
        self.settings = settings
        self.on_permanent_failure = on_permanent_failure
        self.sleep = sleep
        self._sent: GroupCommit[Sent, None] = GroupCommit(
            db, repository.mark_sent, name="outbox-sent", turn=functools.partial(writer_turn, db, store=False)
        )

    async def presume_delivered(self, lease: Lease) -> None:
        """A send in doubt that the chat answered (`messaging.outbox_doubt`)."""
        await self._sent.submit(Sent(lease.row_id, clock.now(), None, None, outbox_doubt.PRESUMED))

    async def give_back(self, lease: Lease, *, until: datetime) -> None:
        """The row goes back to `pending` until `until`, this claim uncounted (`attempted_at` kept)."""
        async with writer_turn(self.db, store=False), self.db.session() as session:
            current = await repository.lock_held(session, lease)
            if current is not None:
                current.status = OutboundStatus.PENDING
                current.attempts = max(current.attempts - 1, 0)
                current.next_attempt_at = until

    async def keep(self, lease: Lease, result: DeliveryResult) -> None:
        """Record the platform's answer; while the database fails, keep it and write it again."""
        delay, failures = 0.05, 0
        while True:
            try:
                await self.record(lease, result)
            except Exception as error:
                failures += 1
                if failures == 1:
                    log.warning(
                        "outbox_outcome_not_recorded", outbound_id=lease.row_id, error=str(error)[:200]
                    )
                await self.sleep(delay)
                delay = min(delay * 2, self.settings.record_retry_max_seconds)
                continue
            if failures:
                log.info("outbox_outcome_recorded_late", outbound_id=lease.row_id, failed_writes=failures)
            return

    async def record(self, lease: Lease, result: DeliveryResult) -> None:
        now = clock.now()
        if result.ok:
            external_id = (result.external_id or "")[:MAX_EXTERNAL_ID] or None
            await self._sent.submit(Sent(lease.row_id, now, external_id, result.template_name))
            return
        async with writer_turn(self.db, store=False), self.db.session() as session:
            current = await repository.lock_held(session, lease)
            if current is None:
                log.info("outbox_lease_lost", outbound_id=lease.row_id)
                return
            current.attempted_at = None
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
