"""Handling in `tanggap worker` processes: the web process only stores and answers the platform; a
worker takes what was stored from the inbox, handles each sender's updates in order, and sends."""

from __future__ import annotations

import asyncio
from datetime import timedelta

from sqlalchemy import select
from sqlmodel import col

from bot.handling import recover
from core.clock import FrozenClock
from core.db import Database
from messaging import InboundMessage, InboundStatus
from messaging.partitions import Partition, partition_key_of
from tanggap.channels import RECOVERY_GRACE
from tanggap.settings import ServiceSettings
from tests.channels import updates
from tests.channels.conftest import Service, ServiceFactory, count, telegram_settings
from tests.channels.fake_telegram import FakeTelegram
from tickets import Citizen, Ticket

CITIZEN = 4242


async def _web_and_worker(
    make_service: ServiceFactory, fake_telegram: FakeTelegram, database_url: str
) -> tuple[Service, Service]:
    web = await make_service(telegram=telegram_settings(fake_telegram), database=Database(database_url))
    web.runtime.channels.start(web.db, ServiceSettings(separate_worker=True))
    worker = await make_service(telegram=telegram_settings(fake_telegram), database=Database(database_url))
    return web, worker


async def _send_complaint(web: Service, citizen: int = CITIZEN, first_update: int = 1) -> None:
    flow = [
        updates.button(first_update, citizen, "menu:complaint"),
        updates.button(first_update + 1, citizen, "cat:air-minum"),
        updates.text(first_update + 2, citizen, "Air PDAM tidak mengalir sejak kemarin di Jalan Kenanga."),
        updates.button(first_update + 3, citizen, "skip"),
        updates.button(first_update + 4, citizen, "confirm:yes"),
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


def _one_citizen_per_partition(count: int) -> list[int]:
    """A Telegram user id in each partition of `count`, in partition order."""
    found: dict[int, int] = {}
    for citizen in range(CITIZEN, CITIZEN + 1000):
        found.setdefault(partition_key_of(str(citizen)) % count, citizen)
    return [found[index] for index in range(count)]


async def _tickets_of(db: Database, citizen: int) -> int:
    return await count(db, Ticket, Ticket.citizen_id == (await _citizen_id(db, citizen)))


async def _citizen_id(db: Database, telegram_user: int) -> int | None:
    async with db.session() as session:
        found = await session.execute(
            select(col(Citizen.id)).where(col(Citizen.external_id) == str(telegram_user))
        )
        return found.scalar_one_or_none()


async def test_workers_on_partitions_share_the_senders_each_taking_only_its_own(
    make_service: ServiceFactory, fake_telegram: FakeTelegram, database_url: str
) -> None:
    web, first = await _web_and_worker(make_service, fake_telegram, database_url)
    second = await make_service(telegram=telegram_settings(fake_telegram), database=Database(database_url))
    ours, theirs = _one_citizen_per_partition(2)
    await _send_complaint(web, ours, first_update=1)
    await _send_complaint(web, theirs, first_update=101)
    await web.deliver()

    mine = await recover(
        first.db, first.runtime.channels.intakes(), grace=timedelta(0), partition=Partition(0, 2)
    )
    await first.drain()
    assert mine == 5, "the first worker takes only its own sender's five updates"
    assert await _tickets_of(first.db, ours) == 1
    assert await _citizen_id(first.db, theirs) is None, "the other sender is left to the other worker"

    other = await recover(
        second.db, second.runtime.channels.intakes(), grace=timedelta(0), partition=Partition(1, 2)
    )
    await second.drain()
    assert other == 5
    assert await _tickets_of(second.db, theirs) == 1
    assert await count(web.db, InboundMessage, InboundMessage.status == InboundStatus.RECEIVED) == 0
    for service in (web, first, second):
        await service.db.dispose()


async def test_the_senders_of_a_worker_that_is_down_are_taken_over_after_the_grace(
    make_service: ServiceFactory, fake_telegram: FakeTelegram, database_url: str, clock: FrozenClock
) -> None:
    web, alive = await _web_and_worker(make_service, fake_telegram, database_url)
    _, orphan = _one_citizen_per_partition(2)
    await _send_complaint(web, orphan)
    intakes = alive.runtime.channels.intakes()
    assert await recover(alive.db, intakes, grace=timedelta(0), partition=Partition(0, 2)) == 0
    assert await recover(alive.db, intakes, grace=RECOVERY_GRACE) == 0, "not before the grace"

    clock.advance(RECOVERY_GRACE + timedelta(seconds=1))
    assert await recover(alive.db, intakes, grace=RECOVERY_GRACE) == 5, "the takeover pass, every partition"
    await alive.drain()
    assert await _tickets_of(alive.db, orphan) == 1
    for service in (web, alive):
        await service.db.dispose()
