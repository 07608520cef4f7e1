"""Handling in `tanggap worker` processes: the web process only stores and answers the platform; a
worker takes what was stored from the inbox, handles each sender's updates in order, and sends."""

from __future__ import annotations

import asyncio

from core.clock import FrozenClock
from core.db import Database
from messaging import InboundMessage, InboundStatus
from tanggap.settings import ServiceSettings
from tests.channels import updates
from tests.channels.conftest import Service, ServiceFactory, count, telegram_settings
from tests.channels.fake_telegram import FakeTelegram
from tickets import Ticket

CITIZEN = 4242


async def _web_and_worker(
    make_service: ServiceFactory, fake_telegram: FakeTelegram, database_url: str
) -> tuple[Service, Service]:
    web = await make_service(telegram=telegram_settings(fake_telegram), database=Database(database_url))
    web.runtime.channels.start(web.db, ServiceSettings(separate_worker=True))
    worker = await make_service(telegram=telegram_settings(fake_telegram), database=Database(database_url))
    telegram = worker.runtime.channels.telegram
    assert telegram is not None
    telegram.channel.answers_replays = True  # as `Channels.start_worker` sets it (last test)
    return web, worker


async def _send_complaint(web: Service) -> None:
    flow = [
        updates.button(1, CITIZEN, "menu:complaint"),
        updates.button(2, CITIZEN, "cat:air-minum"),
        updates.text(3, CITIZEN, "Air PDAM tidak mengalir sejak kemarin di Jalan Kenanga."),
        updates.button(4, CITIZEN, "skip"),
        updates.button(5, CITIZEN, "confirm:yes"),
    ]
    for update in flow:
        assert (await web.telegram(update)).status_code == 200


async def test_the_web_process_only_stores_and_the_worker_handles_in_order_and_answers(
    make_service: ServiceFactory, fake_telegram: FakeTelegram, database_url: str
) -> None:
    web, worker = await _web_and_worker(make_service, fake_telegram, database_url)
    await _send_complaint(web)
    await web.deliver()
    assert await count(web.db, InboundMessage, InboundMessage.status == InboundStatus.RECEIVED) == 5
    assert fake_telegram.sent_texts() == []
    assert await count(web.db, Ticket) == 0

    assert await worker.recover() == 5
    await worker.deliver()
    assert await count(worker.db, Ticket) == 1
    assert any("ADU-2026-000001" in text for text in fake_telegram.sent_texts())
    assert len(fake_telegram.sent("answerCallbackQuery")) == 4, "fresh presses are answered"
    assert await worker.recover() == 0, "each update handled once"
    for service in (web, worker):
        await service.db.dispose()


async def test_presses_stored_long_before_the_worker_took_them_are_not_answered(
    make_service: ServiceFactory, fake_telegram: FakeTelegram, database_url: str, clock: FrozenClock
) -> None:
    web, worker = await _web_and_worker(make_service, fake_telegram, database_url)
    await _send_complaint(web)
    clock.advance(minutes=5)
    await worker.recover()
    await worker.deliver()
    assert await count(worker.db, Ticket) == 1
    assert fake_telegram.sent("answerCallbackQuery") == []
    for service in (web, worker):
        await service.db.dispose()


async def test_a_running_worker_takes_new_updates_from_the_inbox(
    make_service: ServiceFactory, fake_telegram: FakeTelegram, database_url: str
) -> None:
    web, worker = await _web_and_worker(make_service, fake_telegram, database_url)
    assert worker.runtime.channels.telegram is not None
    worker.runtime.channels.telegram.channel.answers_replays = False
    worker.runtime.channels.start_worker(worker.db, ServiceSettings(worker_poll_seconds=0.02))
    await _send_complaint(web)
    async with asyncio.timeout(20):
        while len(fake_telegram.sent("answerCallbackQuery")) < 4 or not any(  # noqa: ASYNC110
            "ADU-2026-000001" in text for text in fake_telegram.sent_texts()
        ):
            await asyncio.sleep(0.02)
    assert await count(worker.db, Ticket) == 1
    for service in (web, worker):
        await service.db.dispose()
