"""`Database.reading`: lookups on a hot path never queue behind a writer (SQLite's write lock)."""

from __future__ import annotations

import asyncio

from sqlalchemy import select
from sqlmodel import col

from core import clock
from core.db import Database
from tickets.models import Citizen


async def test_a_read_goes_through_while_a_write_transaction_holds_the_lock(db: Database) -> None:
    writing, release = asyncio.Event(), asyncio.Event()

    async def hold_the_write_lock() -> None:
        async with db.session() as session:
            session.add(Citizen(channel="web", external_id="held", created_at=clock.now()))
            await session.flush()
            writing.set()
            await release.wait()

    holder = asyncio.create_task(hold_the_write_lock())
    await writing.wait()
    try:
        async with db.reading() as session:
            found = await asyncio.wait_for(session.execute(select(col(Citizen.external_id))), timeout=10)
        assert list(found.scalars()) == []  # the uncommitted row is not seen, and nobody waited
    finally:
        release.set()
        await holder
    async with db.reading() as session:
        assert list((await session.execute(select(col(Citizen.external_id)))).scalars()) == ["held"]


async def test_a_reading_session_keeps_nothing_it_changed(db: Database) -> None:
    async with db.session() as session:
        session.add(Citizen(channel="web", external_id="kept", created_at=clock.now()))
    async with db.reading() as session:
        row = (await session.execute(select(Citizen))).scalar_one()
        row.external_id = "changed"
    async with db.reading() as session:
        assert (await session.execute(select(col(Citizen.external_id)))).scalar_one() == "kept"
