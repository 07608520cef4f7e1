"""Webhook bodies are bounded while they stream in: an oversized or unsigned body is refused before
it is read, and nothing is stored for it."""

from __future__ import annotations

from collections.abc import AsyncIterator

from messaging import InboundMessage
from tests.channels.conftest import SECRET, ServiceFactory, count, telegram_settings, whatsapp_settings
from tests.channels.fake_graph import FakeGraph, sign
from tests.channels.fake_telegram import FakeTelegram

MiB = 1024 * 1024


class Sender:
    """A body of `megabytes` sent in 1 MiB chunks without Content-Length; counts what was taken."""

    def __init__(self, megabytes: int) -> None:
        self.megabytes = megabytes
        self.pulled = 0

    async def chunks(self) -> AsyncIterator[bytes]:
        yield b'{"object": "whatsapp_business_account", "entry": ['
        for _ in range(self.megabytes):
            self.pulled += 1
            yield b" " * MiB


class TestWhatsAppWebhook:
    async def test_a_body_without_a_signature_is_refused_before_a_byte_of_it_is_read(
        self, make_service: ServiceFactory, fake_graph: FakeGraph
    ) -> None:
        service = await make_service(whatsapp=whatsapp_settings(), graph=fake_graph)
        sender = Sender(20)
        response = await service.http.post(
            "/whatsapp/webhook", content=sender.chunks(), headers={"content-type": "application/json"}
        )
        assert response.status_code == 401
        assert sender.pulled == 0
        assert await count(service.db, InboundMessage) == 0

    async def test_a_signed_body_over_its_limit_is_cut_off_at_the_limit(
        self, make_service: ServiceFactory, fake_graph: FakeGraph
    ) -> None:
        service = await make_service(whatsapp=whatsapp_settings(), graph=fake_graph)
        sender = Sender(20)
        response = await service.http.post(
            "/whatsapp/webhook",
            content=sender.chunks(),
            headers={"content-type": "application/json", "X-Hub-Signature-256": "sha256=" + "0" * 64},
        )
        assert response.status_code == 413
        assert response.json()["limit_bytes"] == 3_000_000
        assert sender.pulled == 3, "3,000,000 bytes: the third megabyte passes the limit"
        assert await count(service.db, InboundMessage) == 0

    async def test_a_declared_length_over_the_limit_is_refused_at_once(
        self, make_service: ServiceFactory, fake_graph: FakeGraph
    ) -> None:
        service = await make_service(whatsapp=whatsapp_settings(max_update_bytes=100_000), graph=fake_graph)
        body = b'{"entry": [' + b" " * 200_000 + b"]}"
        response = await service.whatsapp(body, sign(body))
        assert response.status_code == 413
        assert await count(service.db, InboundMessage) == 0


class TestTelegramWebhook:
    async def test_a_body_over_the_update_limit_is_refused_and_nothing_is_stored(
        self, make_service: ServiceFactory, fake_telegram: FakeTelegram
    ) -> None:
        service = await make_service(telegram=telegram_settings(fake_telegram))
        response = await service.telegram(b'{"update_id": 1, "x": "' + b"a" * 2_000_000 + b'"}')
        assert response.status_code == 413
        assert response.json()["limit_bytes"] == 1_000_000
        assert await count(service.db, InboundMessage) == 0

    async def test_without_the_secret_the_body_is_not_read(
        self, make_service: ServiceFactory, fake_telegram: FakeTelegram
    ) -> None:
        service = await make_service(telegram=telegram_settings(fake_telegram))
        sender = Sender(5)
        response = await service.http.post(
            "/telegram/webhook", content=sender.chunks(), headers={"content-type": "application/json"}
        )
        assert response.status_code == 401
        assert sender.pulled == 0
        wrong = await service.http.post(
            "/telegram/webhook",
            content=Sender(5).chunks(),
            headers={"X-Telegram-Bot-Api-Secret-Token": SECRET + "x"},
        )
        assert wrong.status_code == 403
