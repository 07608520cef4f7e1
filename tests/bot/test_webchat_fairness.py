"""One web chat sender's burst does not queue in front of the other citizens.

A browser may send its minute's allowance (20 messages) at once: those are handled one after
another, in the order they came, so the burst takes one place in the database's queue (SQLite's one
writer, PostgreSQL's connection pool) instead of twenty, and another citizen's message is handled
right after the first of them (`bench/flood_bench.py` measures the latency)."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Iterator
from contextlib import contextmanager
from typing import Any

import httpx
import pytest
from sqlalchemy import event, func, select
from sqlmodel import col

from bot.engine import ConversationEngine
from core.db import Database
from messaging import InboundMessage, OutboundMessage
from tanggap.app import build_http_app, mount_routes
from tanggap.runtime import Runtime
from web import WebSettings

BURST = 12


@pytest.fixture
async def app_transport(db: Database, engine: ConversationEngine) -> httpx.ASGITransport:
    app = build_http_app(WebSettings())
    mount_routes(app, Runtime(db=db, engine=engine))
    return httpx.ASGITransport(app=app, client=("203.0.113.7", 4000))


@pytest.fixture
async def browsers(app_transport: httpx.ASGITransport) -> AsyncIterator[tuple[httpx.AsyncClient, ...]]:
    clients = [httpx.AsyncClient(transport=app_transport, base_url="http://testserver") for _ in range(2)]
    for client in clients:
        await client.get("/")
    yield tuple(clients)
    for client in clients:
        await client.aclose()


@contextmanager
def connections_in_use(db: Database) -> Iterator[list[int]]:
    """The most database connections checked out at once while the block runs: [peak]."""
    now, peak = [0], [0]

    def checkout(*_: Any) -> None:
        now[0] += 1
        peak[0] = max(peak[0], now[0])

    def checkin(*_: Any) -> None:
        now[0] -= 1

    pool = db.engine.sync_engine.pool
    event.listen(pool, "checkout", checkout)
    event.listen(pool, "checkin", checkin)
    try:
        yield peak
    finally:
        event.remove(pool, "checkout", checkout)
        event.remove(pool, "checkin", checkin)


async def say(client: httpx.AsyncClient, message_id: str, text: str) -> httpx.Response:
    return await client.post("/api/chat/messages", json={"id": message_id, "text": text})


async def handling_order(db: Database) -> list[str]:
    """The messages' ids in the order they were handled (their replies were written)."""
    statement = (
        select(col(InboundMessage.dedupe_key))
        .join(OutboundMessage, col(OutboundMessage.inbound_id) == col(InboundMessage.id))
        .group_by(col(InboundMessage.dedupe_key))
        .order_by(func.min(col(OutboundMessage.id)))
    )
    async with db.session() as session:
        keys = (await session.execute(statement)).scalars().all()
    return [key.rsplit(":", 1)[1] for key in keys]


class TestBurst:
    async def test_another_citizen_is_handled_right_after_the_first_of_a_burst(
        self, browsers: tuple[httpx.AsyncClient, httpx.AsyncClient], db: Database
    ) -> None:
        flooder, other = browsers
        burst = [asyncio.create_task(say(flooder, f"f{n:07d}", f"laporan nomor {n}")) for n in range(BURST)]
        await asyncio.sleep(0)  # the burst arrives first
        with connections_in_use(db) as peak:
            answers = await asyncio.gather(*burst, say(other, "o0000001", "Kapan kantor buka?"))
        assert [answer.status_code for answer in answers] == [200] * (BURST + 1)
        assert peak[0] <= 3, f"{peak[0]} connections held at once"
        senders = [message_id[0] for message_id in await handling_order(db)]
        assert senders.index("o") <= 2, senders

    async def test_a_burst_is_handled_in_the_order_it_was_sent(
        self, browsers: tuple[httpx.AsyncClient, httpx.AsyncClient], db: Database
    ) -> None:
        flooder, _ = browsers
        sent = (say(flooder, f"f{n:07d}", f"laporan nomor {n}") for n in range(BURST))
        answers = await asyncio.gather(*sent)
        assert all(answer.status_code == 200 for answer in answers)
        assert await handling_order(db) == [f"f{n:07d}" for n in range(BURST)]
