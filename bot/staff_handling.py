"""Staff updates (an officer acting from a unit's group) handled like a citizen's message: one
transaction claims the stored inbound row, runs the desk call and marks the row processed. Channels
hand over what to do and never open the transaction themselves."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Generic, TypeVar

from sqlalchemy.ext.asyncio import AsyncSession

from core.db import Database
from messaging import service as messaging
from messaging.writer import writer_turn

T = TypeVar("T")


@dataclass(frozen=True)
class StaffHandled(Generic[T]):
    claimed: bool
    """False: another handling took (or finished) the row; nothing was done."""
    result: T | None = None
    """What the work returned; None (claimed): it was not for this handler, and nothing was written."""


class _NotOurs(Exception):
    pass


async def handle_staff(
    db: Database, *, inbound_id: int, work: Callable[[AsyncSession], Awaitable[T | None]]
) -> StaffHandled[T]:
    """Claim the row, run `work` in the same transaction, mark the row processed, commit. `work`
    returning None rolls everything back, the claim included (the update is left to other handlers)."""
    try:
        async with writer_turn(db, store=False), db.session() as session:
            if not await messaging.claim_inbound(session, inbound_id=inbound_id):
                return StaffHandled(claimed=False)
            result = await work(session)
            if result is None:
                raise _NotOurs
            await messaging.mark_processed(session, inbound_id=inbound_id, citizen_id=None)
            return StaffHandled(claimed=True, result=result)
    except _NotOurs:
        return StaffHandled(claimed=True)
