"""What Telegram (or someone pretending) sends that is not a plain message: kept, logged, answered 200
where redelivery cannot help, and a polite reply where a citizen is waiting."""

from __future__ import annotations

import asyncio

from messaging import InboundMessage, InboundStatus
from tests.channels import updates
from tests.channels.conftest import ServiceFactory, rows, telegram_settings
from tests.channels.fake_telegram import FakeTelegram

CITIZEN = 6060


async def only_row(service_db: object, key: str) -> InboundMessage:
    [row] = await rows(service_db, InboundMessage, InboundMessage.dedupe_key == key)  # type: ignore[arg-type]
    return row  # type: ignore[no-any-return]


class TestUnreadableBodies:
    async def test_malformed_json_is_parked_and_answered_200(
        self, make_service: ServiceFactory, fake_telegram: FakeTelegram
    ) -> None:
        service = await make_service(telegram=telegram_settings(fake_telegram))
        assert (await service.telegram(b'{"update_id": 1, "message": ')).status_code == 200
        assert (await service.telegram(b'{"no_update_id": true}')).status_code == 200
        parked = await rows(service.db, InboundMessage)
        assert [row.status for row in parked] == [InboundStatus.PARKED] * 2
        errors = sorted(row.last_error or "" for row in parked)
        assert errors[0].startswith("malformed JSON")
        assert errors[1].startswith("not a Telegram update")
        assert parked[0].payload["raw"] == '{"update_id": 1, "message": '

    async def test_an_update_that_does_not_validate_is_parked(
        self, make_service: ServiceFactory, fake_telegram: FakeTelegram
    ) -> None:
        service = await make_service(telegram=telegram_settings(fake_telegram))
        broken = {"update_id": 9, "message": {"message_id": "not-a-number", "text": "halo"}}
        assert (await service.telegram(broken)).status_code == 200
        await service.drain()
        row = await only_row(service.db, "tg:7000001:9")
        assert row.status == InboundStatus.PARKED
        assert (row.last_error or "").startswith("unreadable update")


class TestUpdatesNobodyServes:
    async def test_unknown_types_channel_posts_and_bots_are_kept_as_ignored(
        self, make_service: ServiceFactory, fake_telegram: FakeTelegram
    ) -> None:
        service = await make_service(telegram=telegram_settings(fake_telegram))
        unknown = {"update_id": 1, "some_future_update": {"id": 1}}
        post = {
            "update_id": 2,
            "channel_post": updates.channel_copy(77, 77) | {"chat": {"id": -100, "type": "channel"}},
        }
        from_bot = updates.text(3, CITIZEN, "halo")
        from_bot["message"]["from"]["is_bot"] = True
        for update in (unknown, post, from_bot):
            assert (await service.telegram(update)).status_code == 200
        await service.deliver()
        assert fake_telegram.sent() == []
        reasons = {
            row.dedupe_key: (row.status, row.last_error) for row in await rows(service.db, InboundMessage)
        }
        assert reasons["tg:7000001:1"] == (InboundStatus.IGNORED, "unknown update type: some_future_update")
        assert reasons["tg:7000001:2"] == (InboundStatus.IGNORED, "channel post")
        assert reasons["tg:7000001:3"] == (InboundStatus.IGNORED, "message from a bot")


class TestCitizensWaiting:
    async def test_an_edited_message_gets_a_polite_note_and_is_not_handled_again(
        self, make_service: ServiceFactory, fake_telegram: FakeTelegram
    ) -> None:
        service = await make_service(telegram=telegram_settings(fake_telegram))
        edited = updates.text(1, CITIZEN, "halo, saya mau lapor jalan rusak")
        edited["edited_message"] = edited.pop("message") | {"edit_date": updates.DATE + 5}
        assert (await service.telegram(edited)).status_code == 200
        await service.deliver()
        [note] = fake_telegram.sent_texts()
        assert "perubahan pada pesan" in note
        assert "pesan baru" in note

    async def test_a_huge_message_is_refused_politely(
        self, make_service: ServiceFactory, fake_telegram: FakeTelegram
    ) -> None:
        service = await make_service(telegram=telegram_settings(fake_telegram))
        await service.telegram(updates.text(1, CITIZEN, "jalan rusak " * 2000))
        await service.deliver()
        assert "terlalu panjang" in fake_telegram.sent_texts()[0]
        row = await only_row(service.db, "tg:7000001:1")
        assert row.status == InboundStatus.PROCESSED
        assert len(row.payload["update"]["message"]["text"]) == 24000


class TestPolling:
    async def test_without_a_public_url_updates_are_fetched_by_long_polling(
        self, make_service: ServiceFactory, fake_telegram: FakeTelegram
    ) -> None:
        service = await make_service(telegram=telegram_settings(fake_telegram, webhook_url=None))
        telegram = service.runtime.channels.telegram
        assert telegram is not None
        fake_telegram.updates = [updates.text(41, CITIZEN, "halo")]
        stop = asyncio.Event()
        polling = asyncio.create_task(telegram.channel.poll(stop))
        for _ in range(250):
            if len(fake_telegram.sent("getUpdates")) >= 2:
                break
            await asyncio.sleep(0.02)
        stop.set()
        await asyncio.wait_for(polling, timeout=5)
        await service.drain()
        row = await only_row(service.db, "tg:7000001:41")
        assert row.status == InboundStatus.PROCESSED
        assert fake_telegram.sent("deleteWebhook")
        offsets = [params.get("offset") for params in fake_telegram.sent("getUpdates")]
        assert "42" in offsets, "the next poll confirms the stored update"


class TestSetWebhook:
    async def test_the_webhook_is_registered_with_the_secret_and_the_served_update_types(
        self, fake_telegram: FakeTelegram
    ) -> None:
        from bot.telegram.setup import register_webhook

        settings = telegram_settings(fake_telegram)
        target = await register_webhook(settings, "https://tanggap.example.go.id")
        assert target == "https://tanggap.example.go.id/telegram/webhook"
        [call] = fake_telegram.sent("setWebhook")
        assert call["url"] == target
        assert call["secret_token"] == settings.secret()
        assert call["allowed_updates"] == ["message", "edited_message", "callback_query"]
