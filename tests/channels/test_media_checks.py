"""Photos downloaded from Telegram and WhatsApp go through the same checks as web chat uploads: a
whole image or nothing, stored without its metadata, and never more downloaded than the limit."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

from PIL import Image

from core.clock import FrozenClock
from tests import images
from tests.channels import updates
from tests.channels.conftest import ServiceFactory, telegram_settings, whatsapp_settings
from tests.channels.fake_graph import FakeGraph, button_reply, contact, sign, text_message, webhook_body
from tests.channels.fake_telegram import FakeTelegram

CITIZEN = 5151
WA_ID, BSUID = "6281298765432", "ID.9876543210987"


def stored(data_dir: Path) -> list[Path]:
    return sorted(path for path in (data_dir / "attachments").rglob("*") if path.is_file())


def assert_no_metadata(path: Path) -> None:
    content = path.read_bytes()
    assert b"KameraPonsel" not in content
    assert b"Exif" not in content
    assert dict(Image.open(io.BytesIO(content)).getexif()) == {}


class TestTelegramPhotos:
    async def start_complaint(self, make_service: ServiceFactory, fake: FakeTelegram) -> Any:
        service = await make_service(telegram=telegram_settings(fake))
        await service.telegram(updates.button(1, CITIZEN, "menu:complaint"))
        await service.telegram(updates.button(2, CITIZEN, "cat:jalan-drainase"))
        return service

    async def test_a_photo_with_its_position_is_kept_without_it(
        self, make_service: ServiceFactory, fake_telegram: FakeTelegram, tmp_path: Path
    ) -> None:
        service = await self.start_complaint(make_service, fake_telegram)
        fake_telegram.files["gps"] = images.jpeg(gps=True)
        await service.telegram(updates.photo(3, CITIZEN, "gps", len(fake_telegram.files["gps"])))
        await service.deliver()
        assert "1 foto" in fake_telegram.sent_texts()[-1]
        [kept] = stored(tmp_path)
        assert_no_metadata(kept)

    async def test_a_file_dressed_as_a_photo_is_refused_and_not_kept(
        self, make_service: ServiceFactory, fake_telegram: FakeTelegram, tmp_path: Path
    ) -> None:
        service = await self.start_complaint(make_service, fake_telegram)
        fake_telegram.files["fake"] = images.disguised()
        await service.telegram(updates.photo(3, CITIZEN, "fake", len(fake_telegram.files["fake"])))
        await service.deliver()
        assert "kami hanya menerima foto JPEG, PNG, atau WEBP" in fake_telegram.sent_texts()[-1]
        assert stored(tmp_path) == []

    async def test_a_photo_telegram_cannot_serve_now_gets_one_apology_and_is_retried(
        self, make_service: ServiceFactory, fake_telegram: FakeTelegram, clock: FrozenClock
    ) -> None:
        service = await self.start_complaint(make_service, fake_telegram)
        fake_telegram.files["later"] = images.jpeg()
        fake_telegram.fail_next("getFile", 502)
        await service.telegram(updates.photo(3, CITIZEN, "later", len(fake_telegram.files["later"])))
        await service.deliver()
        assert "Mohon maaf, sistem kami sedang terganggu" in fake_telegram.sent_texts()[-1], "told at once"
        clock.advance(minutes=1)
        await service.recover()
        await service.deliver()
        assert "1 foto" in fake_telegram.sent_texts()[-1], "the retry took the photo"
        assert sum("sistem kami sedang terganggu" in text for text in fake_telegram.sent_texts()) == 1


class TestWhatsAppPhotos:
    async def send_photo(self, make_service: ServiceFactory, graph: FakeGraph, media_id: str) -> Any:
        service = await make_service(whatsapp=whatsapp_settings(), graph=graph)
        for message in (
            button_reply("wamid.1", WA_ID, BSUID, "menu:complaint", "Sampaikan aduan"),
            button_reply("wamid.2", WA_ID, BSUID, "cat:jalan-drainase", "Jalan"),
            _image("wamid.3", media_id),
        ):
            body = webhook_body(message, contacts=[contact(WA_ID, BSUID)])
            assert (await service.whatsapp(body, sign(body))).status_code == 200
        await service.deliver()
        return service

    async def test_a_photo_with_its_position_is_kept_without_it(
        self, make_service: ServiceFactory, fake_graph: FakeGraph, tmp_path: Path
    ) -> None:
        fake_graph.media["gps"] = images.jpeg(gps=True)
        await self.send_photo(make_service, fake_graph, "gps")
        assert "1 foto" in fake_graph.messages[-1]["interactive"]["body"]["text"], "with the step's buttons"
        [kept] = stored(tmp_path)
        assert_no_metadata(kept)

    async def test_a_download_larger_than_declared_is_abandoned_at_the_limit(
        self, make_service: ServiceFactory, fake_graph: FakeGraph, tmp_path: Path
    ) -> None:
        fake_graph.media["huge"] = images.jpeg() + b"\x00" * (200 * 1024 * 1024)
        fake_graph.declared_sizes["huge"] = 40_000
        await self.send_photo(make_service, fake_graph, "huge")
        assert "ukurannya lebih dari 10 MB" in fake_graph.messages[-1]["text"]["body"]
        assert stored(tmp_path) == []
        assert fake_graph.served["huge"] < 60 * 1024 * 1024, "not 200 MB into memory"


def _image(message_id: str, media_id: str) -> dict[str, Any]:
    message = text_message(message_id, WA_ID, BSUID, "")
    del message["text"]
    return message | {"type": "image", "image": {"id": media_id, "mime_type": "image/jpeg", "sha256": "x"}}
