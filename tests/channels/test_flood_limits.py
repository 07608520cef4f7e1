"""A platform's "slow down" holds what its limit covers: Telegram's bot-wide flood limit (a 429 in a
private chat) holds every chat, a group's own limit only that group; WhatsApp's throughput error
(130429) holds the whole number, its pair rate limit (131056) only that recipient."""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator
from datetime import datetime

import pytest
from redis.asyncio import Redis
from redis.exceptions import ConnectionError as RedisConnectionError

from core.clock import FrozenClock
from core.db import Database
from core.messenger import OutgoingMessage
from messaging import service as messaging
from tests.channels.conftest import Service, ServiceFactory, telegram_settings, whatsapp_settings
from tests.channels.fake_graph import FakeGraph
from tests.channels.fake_telegram import FakeTelegram

REDIS_URL = "redis://127.0.0.1:6379/0"
CITIZEN_A, CITIZEN_B, GROUP = "5151", "6262", "-1002222222222"


async def reply(db: Database, channel: str, target: str, text: str) -> None:
    async with db.session() as session:
        await messaging.queue_reply(
            session, channel=channel, target=target, message=OutgoingMessage(text=text)
        )


async def deliver(service: Service, channel: str, target: str, text: str) -> None:
    await reply(service.db, channel, target, text)
    await service.deliver()


def telegram_sent_at(fake: FakeTelegram, text: str) -> datetime:
    """When `text` last reached the fake Bot API."""
    at = [call.at for call in fake.calls if call.method == "sendMessage" and call.params["text"] == text][-1]
    assert at is not None
    return at


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


class TestTelegram:
    async def test_a_429_in_a_private_chat_holds_every_chat_of_the_bot(
        self, make_service: ServiceFactory, fake_telegram: FakeTelegram, clock: FrozenClock
    ) -> None:
        service = await make_service(telegram=telegram_settings(fake_telegram))
        fake_telegram.fail_next("sendMessage", 429, retry_after=7)
        await deliver(service, "telegram", CITIZEN_A, "untuk A")
        refused_at = clock.now()
        await deliver(service, "telegram", CITIZEN_B, "untuk B")
        waited = telegram_sent_at(fake_telegram, "untuk B") - refused_at
        assert waited.total_seconds() >= 7, "another citizen's reply waited for the bot's flood limit"

    async def test_a_429_in_a_group_holds_only_that_group(
        self, make_service: ServiceFactory, fake_telegram: FakeTelegram, clock: FrozenClock
    ) -> None:
        service = await make_service(telegram=telegram_settings(fake_telegram))
        fake_telegram.fail_next("sendMessage", 429, retry_after=7)
        await deliver(service, "telegram", GROUP, "untuk grup")
        refused_at = clock.now()
        await deliver(service, "telegram", CITIZEN_B, "untuk B")
        waited = telegram_sent_at(fake_telegram, "untuk B") - refused_at
        assert waited.total_seconds() < 1, "citizens' chats kept going"
        clock.advance(seconds=7)
        await service.deliver()
        retried = telegram_sent_at(fake_telegram, "untuk grup") - refused_at
        assert retried.total_seconds() >= 7, "the group itself waited for its retry_after"

    async def test_the_bot_is_held_in_every_process_sharing_redis(
        self,
        make_service: ServiceFactory,
        fake_telegram: FakeTelegram,
        clock: FrozenClock,
        database_url: str,
        redis_prefix: str,
    ) -> None:
        first, second = [
            await make_service(
                telegram=telegram_settings(fake_telegram),
                database=Database(database_url),
                redis_url=REDIS_URL,
                redis_prefix=redis_prefix,
            )
            for _ in range(2)
        ]
        fake_telegram.fail_next("sendMessage", 429, retry_after=7)
        await deliver(first, "telegram", CITIZEN_A, "untuk A")
        refused_at = clock.now()
        await deliver(second, "telegram", CITIZEN_B, "untuk B")
        waited = telegram_sent_at(fake_telegram, "untuk B") - refused_at
        assert waited.total_seconds() >= 6.5, "the other process waited too (Redis time moves on meanwhile)"
        for service in (first, second):
            await service.db.dispose()


class TestWhatsApp:
    @pytest.mark.parametrize(
        ("code", "other_recipient_waits"), [(130429, True), (131056, False)], ids=["throughput", "pair-rate"]
    )
    async def test_rate_errors_hold_the_number_or_only_the_recipient_by_code(
        self,
        make_service: ServiceFactory,
        fake_graph: FakeGraph,
        clock: FrozenClock,
        code: int,
        other_recipient_waits: bool,
    ) -> None:
        service = await make_service(
            whatsapp=whatsapp_settings(template_name="pemberitahuan"), graph=fake_graph
        )
        sent_at: dict[str, datetime] = {}

        async def note(body: dict[str, object]) -> None:
            sent_at[str(body["to"])] = clock.now()

        fake_graph.before_answer = note
        fake_graph.fail_next(code, message="rate limit")
        await deliver(service, "whatsapp", "6281200000001", "untuk A")
        refused_at = clock.now()
        await deliver(service, "whatsapp", "6281200000002", "untuk B")
        waited = (sent_at["6281200000002"] - refused_at).total_seconds()
        assert (waited >= 5) is other_recipient_waits, f"waited {waited} s"
