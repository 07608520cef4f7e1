"""Direct messages on Telegram, end to end: webhook -> inbox -> engine -> outbox -> fake Bot API."""

from __future__ import annotations

from sqlalchemy import select
from sqlmodel import col

from messaging import InboundMessage, InboundStatus, OutboundMessage, OutboundStatus
from tests import images
from tests.channels import updates
from tests.channels.conftest import ServiceFactory, count, rows, telegram_settings
from tests.channels.fake_telegram import FakeTelegram
from tickets import Ticket

CITIZEN = 4242


class TestDirectMessages:
    async def test_a_citizen_files_a_complaint_with_buttons_and_gets_the_ticket_code(
        self, make_service: ServiceFactory, fake_telegram: FakeTelegram
    ) -> None:
        service = await make_service(telegram=telegram_settings(fake_telegram))
        response = await service.telegram(updates.text(1, CITIZEN, "/start"))
        assert response.status_code == 200
        assert fake_telegram.sent() == [], "the webhook answers before anything is sent"
        await service.deliver()
        greeting = fake_telegram.sent()[-1]
        assert "Selamat datang" in greeting["text"]
        buttons = [row[0]["callback_data"] for row in greeting["reply_markup"]["inline_keyboard"]]
        assert buttons == ["menu:ask", "menu:complaint", "menu:status", "menu:officer"]

        for update_id, data in ((2, "menu:complaint"), (3, "cat:air-minum")):
            assert (await service.telegram(updates.button(update_id, CITIZEN, data))).status_code == 200
        await service.telegram(
            updates.text(4, CITIZEN, "Air PDAM tidak mengalir sejak kemarin di Jalan Kenanga.")
        )
        await service.telegram(updates.button(5, CITIZEN, "skip"))
        await service.telegram(updates.button(6, CITIZEN, "confirm:yes"))
        await service.deliver()

        assert "ADU-2026-000001" in fake_telegram.sent_texts()[-1]
        assert len(fake_telegram.sent("answerCallbackQuery")) == 4
        assert {params["chat_id"] for params in fake_telegram.sent()} == {str(CITIZEN)}
        assert await count(service.db, Ticket) == 1

    async def test_replies_to_one_chat_go_out_in_order_and_paced(
        self, make_service: ServiceFactory, fake_telegram: FakeTelegram
    ) -> None:
        service = await make_service(telegram=telegram_settings(fake_telegram))
        await service.telegram(
            updates.text(1, CITIZEN, "Apa saja persyaratan membuat KTP-el untuk pertama kali?")
        )
        await service.deliver()
        calls = [call for call in fake_telegram.calls if call.method == "sendMessage"]
        assert len(calls) == 2, "the FAQ answer, then the follow-up question"
        assert "KTP" in calls[0].params["text"]
        assert calls[0].at is not None
        assert calls[1].at is not None
        assert (calls[1].at - calls[0].at).total_seconds() >= 1.0
        outbound = await rows(service.db, OutboundMessage)
        assert [row.status for row in outbound] == [OutboundStatus.SENT, OutboundStatus.SENT]
        assert outbound[0].external_id is not None


class TestMedia:
    async def test_a_photo_during_intake_is_downloaded_and_kept(
        self, make_service: ServiceFactory, fake_telegram: FakeTelegram, tmp_path: object
    ) -> None:
        service = await make_service(telegram=telegram_settings(fake_telegram))
        fake_telegram.files["photo-1"] = images.jpeg()
        await service.telegram(updates.button(1, CITIZEN, "menu:complaint"))
        await service.telegram(updates.button(2, CITIZEN, "cat:jalan-drainase"))
        await service.telegram(updates.photo(3, CITIZEN, "photo-1", 2052, caption="Jalan berlubang besar"))
        await service.deliver()
        assert "1 foto" in fake_telegram.sent_texts()[-2]
        assert fake_telegram.sent("getFile")[0]["file_id"] == "photo-1"

    async def test_a_photo_over_the_size_limit_is_refused_politely_without_downloading(
        self, make_service: ServiceFactory, fake_telegram: FakeTelegram
    ) -> None:
        service = await make_service(telegram=telegram_settings(fake_telegram))
        await service.telegram(updates.button(1, CITIZEN, "menu:complaint"))
        as_file = updates.text(2, CITIZEN, "x")
        del as_file["message"]["text"]
        as_file["message"]["document"] = {
            "file_id": "huge",
            "file_unique_id": "h",
            "file_name": "jalan.jpg",
            "mime_type": "image/jpeg",
            "file_size": 50 * 1024 * 1024,
        }
        await service.telegram(as_file)
        await service.deliver()
        assert "ukurannya lebih dari 10 MB" in fake_telegram.sent_texts()[-1]
        assert fake_telegram.sent("getFile") == []

    async def test_stickers_and_voice_notes_get_a_polite_answer(
        self, make_service: ServiceFactory, fake_telegram: FakeTelegram
    ) -> None:
        service = await make_service(telegram=telegram_settings(fake_telegram))
        sticker = updates.text(1, CITIZEN, "x")
        del sticker["message"]["text"]
        sticker["message"]["sticker"] = {
            "file_id": "st",
            "file_unique_id": "st",
            "type": "regular",
            "width": 512,
            "height": 512,
            "is_animated": False,
            "is_video": False,
        }
        voice = updates.text(2, CITIZEN, "x")
        del voice["message"]["text"]
        voice["message"]["voice"] = {"file_id": "v", "file_unique_id": "v", "duration": 3}
        await service.telegram(sticker)
        await service.telegram(voice)
        await service.deliver()
        texts = fake_telegram.sent_texts()
        assert "stiker" in texts[0]
        assert "pesan suara" in texts[1]

    async def test_a_shared_location_fills_the_location_step(
        self, make_service: ServiceFactory, fake_telegram: FakeTelegram
    ) -> None:
        service = await make_service(telegram=telegram_settings(fake_telegram))
        await service.telegram(updates.button(1, CITIZEN, "menu:complaint"))
        await service.telegram(updates.button(2, CITIZEN, "cat:jalan-drainase"))
        await service.telegram(updates.text(3, CITIZEN, "Jalan berlubang besar di depan SDN 1 Kota Contoh."))
        located = updates.text(4, CITIZEN, "x")
        del located["message"]["text"]
        located["message"]["location"] = {"latitude": -6.2, "longitude": 106.8166}
        await service.telegram(located)
        await service.deliver()
        assert "-6.200000, 106.816600" in fake_telegram.sent_texts()[-1]


class TestLongChoiceValues:
    async def test_a_value_longer_than_64_bytes_travels_as_a_digest_and_comes_back_by_its_label(
        self, make_service: ServiceFactory, fake_telegram: FakeTelegram
    ) -> None:
        from bot.telegram.keyboard import callback_data_for, keyboard, pressed
        from core.messenger import Choice

        value = "faq:" + "persyaratan-penerbitan-akta-kelahiran-" * 3
        markup = keyboard((Choice(value=value, label="Syarat akta kelahiran"),))
        assert markup is not None
        data = markup.inline_keyboard[0][0].callback_data
        assert data == callback_data_for(value)
        assert len(data.encode()) <= 64
        assert pressed("menu:ask", None) == ("menu:ask", None)

        service = await make_service(telegram=telegram_settings(fake_telegram))
        await service.telegram(updates.text(1, CITIZEN, "halo"))
        keyboard_rows = [[{"text": "Tanya informasi", "callback_data": callback_data_for("x" * 80)}]]
        await service.telegram(
            updates.button(2, CITIZEN, callback_data_for("x" * 80), keyboard=keyboard_rows)
        )
        await service.deliver()
        assert "tulis pertanyaan" in fake_telegram.sent_texts()[-1]
        async with service.db.session() as session:
            statuses = (await session.execute(select(col(InboundMessage.status)))).scalars().all()
        assert set(statuses) == {InboundStatus.PROCESSED}
