"""Delivery for channels that fetch their messages instead of being sent them (web chat).

An officer's reply to a web-chat citizen is queued like any other; the browser collects it. One
conditional UPDATE hands each pending message to exactly one request, however many poll at once.
"""

from __future__ import annotations

from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import col

from core import clock
from core.sql import table_of
from messaging.models import OutboundMessage, OutboundStatus


async def take_pending(session: AsyncSession, *, channel: str, citizen_id: int) -> list[OutboundMessage]:
    """The citizen's pending messages on `channel`, oldest first, now marked sent."""
    table = table_of(OutboundMessage)
    claim = (
        update(table)
        .where(
            table.c.channel == channel,
            table.c.citizen_id == citizen_id,
            table.c.status == OutboundStatus.PENDING,
        )
        .values(status=OutboundStatus.SENT, sent_at=clock.now(), next_attempt_at=None)
        .returning(table.c.id)
    )
    taken = list((await session.execute(claim)).scalars().all())
    if not taken:
        return []
    rows = select(OutboundMessage).where(col(OutboundMessage.id).in_(taken)).order_by(col(OutboundMessage.id))
    result = await session.execute(rows.execution_options(populate_existing=True))
    return list(result.scalars().all())
