"""Several processes sharing Redis: pacing, and no per-chat lock a dead process could leave behind.

Uses Redis DB 13 under a prefix unique to the test; skipped when no Redis answers on 127.0.0.1.
"""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import AsyncIterator

import pytest
from aiogram.fsm.storage.base import DefaultKeyBuilder, StorageKey
from redis.asyncio import Redis
from redis.exceptions import ConnectionError as RedisConnectionError

from core.db import Database
from core.messenger import RateLimit
from messaging.pacing import FallbackPacer, MemoryPacer, RedisPacer
from tests.channels import updates
from tests.channels.conftest import ServiceFactory, count, telegram_settings
from tests.channels.fake_telegram import FakeTelegram
from tickets import Ticket

REDIS_URL = "redis://127.0.0.1:6379/13"


@pytest.fixture
async def redis_prefix() -> AsyncIterator[str]:
    client = Redis.from_url(REDIS_URL)
    try:
        await client.ping()  # type: ignore[misc]
    except (OSError, RedisConnectionError):
        pytest.skip("no Redis on 127.0.0.1:6379")
    prefix = f"tanggap-test-{uuid.uuid4().hex[:8]}"
    yield prefix
    keys = [key async for key in client.scan_iter(match=f"{prefix}:*")]
    if keys:
        await client.delete(*keys)
    await client.aclose()


class TestRedisPacing:
    async def test_reservations_from_two_processes_queue_up_under_one_key(self, redis_prefix: str) -> None:
        now = [1000.0]
        first = RedisPacer(Redis.from_url(REDIS_URL), prefix=redis_prefix, clock=lambda: now[0])
        second = RedisPacer(Redis.from_url(REDIS_URL), prefix=redis_prefix, clock=lambda: now[0])
        chat = (RateLimit("chat:1", 1.0),)
        waits = [await first.reserve(chat), await second.reserve(chat), await first.reserve(chat)]
        assert waits == pytest.approx([0.0, 1.0, 2.0])
        bot = (RateLimit("bot", 1 / 30),)
        bot_waits = [await pacer.reserve(bot) for pacer in (first, second, first)]
        assert bot_waits == pytest.approx([0.0, 1 / 30, 2 / 30]), "the bot-wide slots, shared"
        both = (RateLimit("bot", 1 / 30), RateLimit("chat:1", 1.0))
        assert await second.reserve(both) == pytest.approx(3.0), "one call takes the later slot of all keys"
        await second.hold("chat:3", 7.0)
        assert await first.reserve((RateLimit("chat:3", 1.0),)) == pytest.approx(7.0)

    async def test_without_an_injected_clock_the_slots_run_on_the_redis_servers_time(
        self, redis_prefix: str
    ) -> None:
        """Machines whose own clocks disagree would otherwise reserve slots on different timelines."""
        client = Redis.from_url(REDIS_URL)
        seconds, micros = await client.time()
        server_now = seconds + micros / 1e6
        await client.set(f"{redis_prefix}:pace:chat:9", repr(server_now + 5.0))
        pacer = RedisPacer(client, prefix=redis_prefix)
        assert await pacer.reserve((RateLimit("chat:9", 1.0),)) == pytest.approx(5.0, abs=0.5)
        await client.aclose()


class TestSharedLocking:
    async def test_the_same_update_at_two_processes_sharing_redis_files_one_ticket_and_one_reply(
        self,
        make_service: ServiceFactory,
        fake_telegram: FakeTelegram,
        database_url: str,
        redis_prefix: str,
    ) -> None:
        services = [
            await make_service(
                telegram=telegram_settings(fake_telegram),
                database=Database(database_url),
                redis_url=REDIS_URL,
                redis_prefix=redis_prefix,
            )
            for _ in range(2)
        ]
        first, second = services
        citizen = 777
        await first.telegram(updates.button(1, citizen, "menu:complaint"))
        await second.telegram(updates.button(2, citizen, "cat:air-minum"))
        await first.telegram(
            updates.text(3, citizen, "Air PDAM tidak mengalir sejak kemarin di Jalan Kenanga.")
        )
        await second.telegram(updates.button(4, citizen, "skip"))
        confirm = updates.button(5, citizen, "confirm:yes")
        await asyncio.gather(first.telegram(confirm), second.telegram(confirm), first.telegram(confirm))
        await asyncio.gather(first.deliver(), second.deliver())
        assert await count(first.db, Ticket) == 1
        assert len([t for t in fake_telegram.sent_texts() if "ADU-2026-000001" in t]) == 1
        keys = [key async for key in Redis.from_url(REDIS_URL).scan_iter(match=f"{redis_prefix}:*")]
        assert any(b":pace:tg:7000001" in key for key in keys), "pacing went through Redis"
        for service in services:
            await service.db.dispose()


class TestAfterACrash:
    async def test_a_chat_lock_left_by_a_dead_process_stalls_neither_its_citizen_nor_another(
        self, make_service: ServiceFactory, fake_telegram: FakeTelegram, redis_prefix: str
    ) -> None:
        """aiogram's RedisEventIsolation (used up to now) left this key for 60 s when its process was
        killed mid-update; per-chat order comes from the inbox claims, so no such lock is taken."""
        stuck, other = 5151, 5252
        keys = DefaultKeyBuilder(prefix=f"{redis_prefix}:tg", with_bot_id=True)
        lock = keys.build(StorageKey(bot_id=7000001, chat_id=stuck, user_id=stuck), "lock")
        redis = Redis.from_url(REDIS_URL)
        await redis.set(lock, "dead-process-token", ex=60)
        service = await make_service(
            telegram=telegram_settings(fake_telegram), redis_url=REDIS_URL, redis_prefix=redis_prefix
        )
        await service.telegram(updates.text(1, stuck, "halo"))
        await service.telegram(updates.text(2, other, "halo"))
        async with asyncio.timeout(5):
            await service.deliver()
        assert {call["chat_id"] for call in fake_telegram.sent()} == {str(stuck), str(other)}
        await redis.aclose()


class TestRedisOutage:
    async def test_replies_go_out_paced_in_the_process_while_redis_is_unreachable(
        self, make_service: ServiceFactory, fake_telegram: FakeTelegram
    ) -> None:
        service = await make_service(
            telegram=telegram_settings(fake_telegram), redis_url="redis://127.0.0.1:9/0"
        )
        said = [(8181, "halo"), (8282, "halo"), (8181, "Apa syarat membuat KTP-el?")]
        for n, (citizen, text) in enumerate(said, start=1):
            assert (await service.telegram(updates.text(n, citizen, text))).status_code == 200
        async with asyncio.timeout(10):
            await service.deliver()
        answered = sorted(call["chat_id"] for call in fake_telegram.sent())
        assert set(answered) == {"8181", "8282"}, "every citizen answered"
        assert answered.count("8181") >= 2, "both of 8181's messages"

    async def test_the_fallback_keeps_each_key_s_pacing_in_memory_and_tries_redis_again_later(self) -> None:
        now = [100.0]
        dead = RedisPacer(Redis.from_url("redis://127.0.0.1:9/0"), prefix="tanggap-test")
        pacer = FallbackPacer(
            dead, local=MemoryPacer(clock=lambda: now[0]), retry_seconds=5.0, clock=lambda: now[0]
        )
        chat = (RateLimit("chat:1", 1.0),)
        assert [await pacer.reserve(chat), await pacer.reserve(chat)] == [0.0, 1.0]
        assert pacer.degraded
        await pacer.hold("chat:1", 30.0)
        assert await pacer.reserve(chat) == 30.0, "a platform's hold is kept too"
        now[0] += 5.0
        assert await pacer.reserve(chat) == 26.0, "Redis tried again, still down: the slots in memory"
