"""What the sweep hands to the escalation layer: warnings before a deadline and the breach itself.

The sweep records each warning and breach as a ticket event and then calls the registered
`SlaListener` in the same transaction, with the same session. Whatever the listener writes through
that session commits together with the event, or not at all: if the listener raises, the whole batch
rolls back and the next sweep fires it again. So a listener must be idempotent in effect outside the
database (queue messages in the outbox through the session rather than sending them directly), and
must raise only when it wants the alert retried.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Literal, Protocol

from sqlalchemy.ext.asyncio import AsyncSession

from sla.models import ClockKind


@dataclass(frozen=True, slots=True)
class SlaAlert:
    """One warning or breach of one clock of one ticket."""

    kind: Literal["warning", "breach"]
    ticket_id: int
    clock_id: int
    clock: ClockKind
    policy: str
    point: float | None
    """The warning point (0.75 = 75% of the allowed time used); None for a breach."""
    due_at: datetime
    fired_at: datetime
    skipped: tuple[float, ...] = ()
    """Warning points passed over without firing (the service was down, or the clock jumped)."""


class SlaListener(Protocol):
    """Told about every warning and breach, exactly once per committed sweep (see the module doc)."""

    async def on_warning(self, session: AsyncSession, alert: SlaAlert) -> None: ...

    async def on_breach(self, session: AsyncSession, alert: SlaAlert) -> None: ...


class RecordOnlyListener:
    """The default until escalation registers its own: the ticket event is the whole record."""

    async def on_warning(self, session: AsyncSession, alert: SlaAlert) -> None:
        return None

    async def on_breach(self, session: AsyncSession, alert: SlaAlert) -> None:
        return None
