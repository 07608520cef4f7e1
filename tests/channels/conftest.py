"""Channels against fake servers on 127.0.0.1, with the real aiogram and pywa clients.

A `Service` is one running Tanggap process as `tanggap serve` builds it (webhook routes, handling
workers, outbox worker, recovery), minus the background loops: tests drive the outbox and recovery
passes themselves, with the frozen clock and a sleeper that moves it (no real waiting). The handling
workers run: a webhook answers once the update is stored, and `drain()` waits for the handling (the
outbox and recovery helpers drain first, so "sent" means "handled, then sent").
"""

from __future__ import annotations

import json
from collections.abc import AsyncIterator, Awaitable, Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx
import pytest
from sqlalchemy import func, select

from bot.engine import ConversationEngine
from bot.handling import recover
from bot.telegram.settings import TelegramSettings
from bot.whatsapp.settings import WhatsAppSettings
from core.clock import FrozenClock
from core.db import Database
from escalation import EscalationListener, sync_units
from messaging.handoff import HandoffSettings
from messaging.outbox import OutboxSettings
from messaging.pacing import MemoryPacer
from tanggap.app import build_http_app, mount_routes
from tanggap.channels import build_channels
from tanggap.runtime import Runtime
from tanggap.settings import ServiceSettings
from tests.bot.conftest import build_engine
from tests.channels.fake_graph import APP_SECRET, PHONE_ID, VERIFY_TOKEN, FakeGraph
from tests.channels.fake_telegram import TOKEN, FakeTelegram
from web import WebSettings

SECRET = "rahasia-webhook_123"


@pytest.fixture
async def engine(
    db: Database, sample_kb_path: Path, tmp_path: Path, clock: FrozenClock
) -> ConversationEngine:
    built = build_engine(sample_kb_path, tmp_path)
    async with db.session() as session:
        await sync_units(session, built.deps.kb.units)
    return built


@pytest.fixture
async def fake_telegram(clock: FrozenClock) -> AsyncIterator[FakeTelegram]:
    fake = FakeTelegram(clock=clock.now)
    await fake.start()
    yield fake
    await fake.stop()


@pytest.fixture
async def fake_graph() -> AsyncIterator[FakeGraph]:
    fake = FakeGraph()
    await fake.start()
    yield fake
    await fake.stop()


def telegram_settings(fake: FakeTelegram, **overrides: Any) -> TelegramSettings:
    values: dict[str, Any] = {
        "token": TOKEN,
        "webhook_secret": SECRET,
        "webhook_url": "https://tanggap.example.go.id/telegram/webhook",
        "api_base": fake.url,
        **overrides,
    }
    return TelegramSettings(**values)


def whatsapp_settings(**overrides: Any) -> WhatsAppSettings:
    values: dict[str, Any] = {
        "phone_id": PHONE_ID,
        "token": "EAAG-test-token",
        "verify_token": VERIFY_TOKEN,
        "app_secret": APP_SECRET,
        **overrides,
    }
    return WhatsAppSettings(**values)


@dataclass
class Service:
    runtime: Runtime
    http: httpx.AsyncClient
    sleeps: list[float] = field(default_factory=list)

    @property
    def db(self) -> Database:
        return self.runtime.db

    async def telegram(
        self, update: dict[str, Any] | bytes, *, secret: str | None = SECRET
    ) -> httpx.Response:
        body = update if isinstance(update, bytes) else json.dumps(update).encode()
        headers = {"content-type": "application/json"}
        if secret is not None:
            headers["X-Telegram-Bot-Api-Secret-Token"] = secret
        return await self.http.post("/telegram/webhook", content=body, headers=headers)

    async def whatsapp(self, body: bytes, signature: str | None) -> httpx.Response:
        headers = {"content-type": "application/json"}
        if signature is not None:
            headers["X-Hub-Signature-256"] = signature
        return await self.http.post("/whatsapp/webhook", content=body, headers=headers)

    async def drain(self) -> None:
        """Wait until every update handed to the workers so far has been handled."""
        for handoff in self.runtime.channels.handoffs():
            await handoff.drain()

    async def deliver(self) -> int:
        """Wait for the handling, then run the outbox until nothing more is due now."""
        await self.drain()
        outbox = self.runtime.channels.outbox
        assert outbox is not None
        total = 0
        while (sent := await outbox.run_once()) > 0:
            total += sent
        return total

    async def recover(self) -> int:
        """One recovery pass (no grace) and the handling of what it handed back."""
        from datetime import timedelta

        replayed = await recover(self.db, self.runtime.channels.intakes(), grace=timedelta(0))
        await self.drain()
        return replayed

    async def close(self) -> None:
        await self.http.aclose()
        await self.runtime.channels.close()


ServiceFactory = Callable[..., Awaitable[Service]]


@pytest.fixture
async def make_service(
    db: Database, engine: ConversationEngine, clock: FrozenClock
) -> AsyncIterator[ServiceFactory]:
    started: list[Service] = []

    async def make(
        *,
        telegram: TelegramSettings | None = None,
        whatsapp: WhatsAppSettings | None = None,
        graph: FakeGraph | None = None,
        database: Database | None = None,
        redis_url: str | None = None,
        redis_prefix: str = "tanggap",
        handoff: HandoffSettings | None = None,
        escalation: EscalationListener | None = None,
    ) -> Service:
        sleeps: list[float] = []

        async def sleep(seconds: float) -> None:
            sleeps.append(seconds)
            clock.advance(seconds=seconds)

        the_db = database or db
        channels = build_channels(
            the_db,
            engine,
            service=ServiceSettings(redis_url=redis_url, redis_prefix=redis_prefix),
            telegram=telegram,
            whatsapp=whatsapp,
            whatsapp_session=graph.client() if graph is not None else None,
            pacer=None if redis_url else MemoryPacer(clock=lambda: clock.now().timestamp()),
            outbox=OutboxSettings(),
            handoff=handoff or HandoffSettings(),
            sleep=sleep,
        )
        channels.start_handling()
        runtime = Runtime(db=the_db, engine=engine, channels=channels, escalation=escalation)
        app = build_http_app(WebSettings(), telegram, whatsapp)
        mount_routes(app, runtime)
        transport = httpx.ASGITransport(app=app, raise_app_exceptions=False)
        service = Service(
            runtime=runtime,
            http=httpx.AsyncClient(transport=transport, base_url="http://testserver"),
            sleeps=sleeps,
        )
        started.append(service)
        return service

    yield make
    for service in started:
        await service.close()


async def count(db: Database, model: type, *conditions: Any) -> int:
    async with db.session() as session:
        statement: Any = select(func.count()).select_from(model)
        for condition in conditions:
            statement = statement.where(condition)
        return int((await session.execute(statement)).scalar_one())


async def rows(db: Database, model: type, *conditions: Any) -> list[Any]:
    async with db.session() as session:
        statement: Any = select(model)
        for condition in conditions:
            statement = statement.where(condition)
        return list((await session.execute(statement)).scalars().all())
