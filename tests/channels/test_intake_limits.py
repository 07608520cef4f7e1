"""Flood limits on the Telegram intake: a flooding user is stored, not handled beyond the limit, told
once per window; others are answered; with Redis, two service instances share the counts."""

from __future__ import annotations

from sqlalchemy import select
from sqlmodel import col

from core.clock import FrozenClock
from messaging import InboundMessage
from tests.channels import updates
from tests.channels.conftest import ServiceFactory, telegram_settings
from tests.channels.fake_telegram import FakeTelegram
from tests.channels.test_flood_limits import REDIS_URL
from tests.channels.test_flood_limits import redis_prefix as redis_prefix
from tests.statements import statements

FLOODER, OTHER = 7101, 7202


def sent_to(fake: FakeTelegram, chat: int) -> list[str]:
    return [
        str(call.params["text"])
        for call in fake.calls
        if call.method == "sendMessage" and str(call.params["chat_id"]) == str(chat)
    ]


class TestTelegramIntakeLimits:
    async def test_a_flooder_is_stored_told_once_and_others_are_answered(
        self, make_service: ServiceFactory, fake_telegram: FakeTelegram, clock: FrozenClock
    ) -> None:
        service = await make_service(telegram=telegram_settings(fake_telegram))
        for n in range(25):
            assert (await service.telegram(updates.text(n + 1, FLOODER, f"pesan {n}"))).status_code == 200
        await service.telegram(updates.text(100, OTHER, "halo"))
        await service.deliver()
        flooder = sent_to(fake_telegram, FLOODER)
        assert len(flooder) == 21  # 20 answers and one notice
        assert sum("Mohon tunggu sebentar" in text for text in flooder) == 1
        assert len(sent_to(fake_telegram, OTHER)) == 1
        async with service.db.session() as session:
            rows = (await session.execute(select(InboundMessage))).scalars().all()
        assert len(rows) == 26
        assert sum(row.last_error == "rate_limited" for row in rows) == 5

    async def test_a_refused_update_is_stored_ignored_in_one_write(
        self, make_service: ServiceFactory, fake_telegram: FakeTelegram, clock: FrozenClock
    ) -> None:
        """Checked before the store: the webhook's one INSERT already says `ignored`, no second
        write marks it, and no worker sees it (a flood does not slow the other citizens)."""
        service = await make_service(telegram=telegram_settings(fake_telegram))
        for n in range(21):
            await service.telegram(updates.text(n + 1, FLOODER, f"pesan {n}"))
        await service.deliver()
        with statements(service.db) as seen:
            answer = await service.telegram(updates.text(50, FLOODER, "pesan lagi"))
        assert answer.status_code == 200
        await service.drain()
        assert seen.count("INSERT") == 1, seen
        assert "UPDATE" not in seen, seen
        async with service.db.session() as session:
            row = (
                (await session.execute(select(InboundMessage).order_by(col(InboundMessage.id).desc())))
                .scalars()
                .first()
            )
        assert row is not None
        assert (row.status, row.last_error, row.attempts) == ("ignored", "rate_limited", 0)

    async def test_a_repeated_text_is_handled_once(
        self, make_service: ServiceFactory, fake_telegram: FakeTelegram, clock: FrozenClock
    ) -> None:
        service = await make_service(telegram=telegram_settings(fake_telegram))
        await service.telegram(updates.text(1, OTHER, "halo", message_id=1))
        await service.telegram(updates.text(2, OTHER, "halo", message_id=2))
        await service.deliver()
        assert len(sent_to(fake_telegram, OTHER)) == 1

    async def test_two_instances_share_the_limit_through_redis(
        self,
        make_service: ServiceFactory,
        fake_telegram: FakeTelegram,
        clock: FrozenClock,
        redis_prefix: str,
    ) -> None:
        first, second = [
            await make_service(
                telegram=telegram_settings(fake_telegram), redis_url=REDIS_URL, redis_prefix=redis_prefix
            )
            for _ in range(2)
        ]
        for n in range(22):
            service = first if n % 2 == 0 else second
            await service.telegram(updates.text(n + 1, FLOODER, f"pesan {n}"))
        await first.drain()
        await second.drain()
        async with first.db.session() as session:
            rows = (
                (await session.execute(select(InboundMessage).order_by(col(InboundMessage.id))))
                .scalars()
                .all()
            )
        assert [row.last_error for row in rows[20:]] == ["rate_limited", "rate_limited"]
        assert all(row.status == "processed" for row in rows[:20])
