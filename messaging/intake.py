"""The inbox's group commit: updates arriving together are stored in one transaction.

A webhook may only answer once its update is committed. A transaction per update costs a session, a
round trip and a commit each, which under load is most of the webhook's time; with `core.batching`
each transaction carries every update that arrived while the previous one was written, and each
webhook still answers only after its own update is committed. A bad row fails alone: its webhook
answers 500 and the platform delivers the update again.
"""

from __future__ import annotations

import asyncio
import functools
import weakref
from typing import Any

from core.batching import GroupCommit
from core.db import Database
from messaging import service
from messaging.service import StoredInbound
from messaging.writer import writer_turn


class InboxWriter:
    """The inbox writer of one database in one event loop."""

    def __init__(self, db: Database) -> None:
        self._commit: GroupCommit[dict[str, Any], StoredInbound] = GroupCommit(
            db,
            service.store_inbound_batch,
            name="inbox",
            turn=functools.partial(writer_turn, db, store=True),
        )

    @property
    def batches(self) -> int:
        return self._commit.batches

    async def store(
        self,
        *,
        channel: str,
        dedupe_key: str,
        sender_id: str,
        payload: dict[str, Any],
        holder: str | None = None,
        ignored: str | None = None,
    ) -> StoredInbound:
        """Committed when this returns (raises when the update could not be committed)."""
        values = service.new_inbound(
            channel=channel,
            dedupe_key=dedupe_key,
            sender_id=sender_id,
            payload=payload,
            holder=holder,
            ignored=ignored,
        )
        return await self._commit.submit(values)


_writers: weakref.WeakKeyDictionary[Database, dict[asyncio.AbstractEventLoop, InboxWriter]] = (
    weakref.WeakKeyDictionary()
)


def inbox_writer(db: Database) -> InboxWriter:
    """This database's writer in the running event loop (tests and tools run several loops)."""
    loop = asyncio.get_running_loop()
    per_loop = _writers.setdefault(db, {})
    writer = per_loop.get(loop)
    if writer is None:
        for stale in [other for other in per_loop if other.is_closed()]:
            del per_loop[stale]
        writer = per_loop[loop] = InboxWriter(db)
    return writer
