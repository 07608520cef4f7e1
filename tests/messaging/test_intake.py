"""Group commit of the inbox: every store is committed and answered with its own row, even when many
arrive at once, and a row that cannot be written fails alone."""

from __future__ import annotations

import asyncio
from typing import Any

import pytest
from sqlalchemy import func, select
from sqlalchemy.exc import StatementError

from core.db import Database
from messaging import InboundMessage
from messaging.intake import InboxWriter
from messaging.service import StoredInbound


async def _store(writer: InboxWriter, key: str, **payload: Any) -> StoredInbound:
    return await writer.store(channel="telegram", dedupe_key=key, sender_id="42", payload=payload)


async def _count(db: Database) -> int:
    async with db.session() as session:
        return int((await session.execute(select(func.count()).select_from(InboundMessage))).scalar_one())


async def _rows(db: Database) -> dict[int, InboundMessage]:
    async with db.session() as session:
        return {row.id or 0: row for row in (await session.execute(select(InboundMessage))).scalars()}


async def test_updates_arriving_together_share_transactions_and_each_gets_its_row(db: Database) -> None:
    writer = InboxWriter(db)
    keys = [f"tg:1:{n}" for n in range(60)]
    results = await asyncio.gather(*(_store(writer, key, n=n) for n, key in enumerate(keys)))
    assert all(result.is_new for result in results)
    rows = await _rows(db)
    assert [rows[result.id].dedupe_key for result in results] == keys
    assert [rows[result.id].payload["n"] for result in results] == list(range(60))
    assert writer.batches < 60
    assert await _count(db) == 60


async def test_redelivered_and_repeated_updates_get_the_stored_row(db: Database) -> None:
    writer = InboxWriter(db)
    first = await _store(writer, "tg:1:7", text="halo")
    again = await asyncio.gather(*(_store(writer, key) for key in ["tg:1:7", "tg:1:8", "tg:1:8"]))
    assert not again[0].is_new
    assert again[0].id == first.id
    assert (await _rows(db))[again[0].id].payload == {"text": "halo"}
    assert again[1].is_new
    assert not again[2].is_new
    assert again[1].id == again[2].id
    assert await _count(db) == 2


async def test_a_row_that_cannot_be_written_fails_alone(db: Database) -> None:
    writer = InboxWriter(db)
    good = [_store(writer, f"tg:1:{n}") for n in range(5)]
    bad = writer.store(channel="telegram", dedupe_key="x" * 5000, sender_id="42", payload={"a": object()})
    results = await asyncio.gather(*good, bad, return_exceptions=True)
    assert all(isinstance(result, StoredInbound) for result in results[:5])
    assert isinstance(results[5], Exception)
    assert await _count(db) == 5
    with pytest.raises(StatementError):
        await writer.store(channel="telegram", dedupe_key="tg:1:99", sender_id="42", payload={"a": object()})
    assert (await _store(writer, "tg:1:100")).is_new
