"""Request bodies are bounded per route while they stream in: 413 before anything reads or parses them."""

from __future__ import annotations

from collections.abc import AsyncIterator

import httpx

from bot.webchat import PHOTOS_PATH
from core.db import Database
from messaging import InboundMessage
from tests.channels.conftest import count

MiB = 1024 * 1024


class Source:
    """A body sent in 1 MiB chunks, without Content-Length (chunked); counts what was taken."""

    def __init__(self, megabytes: int, *, opening: bytes = b"") -> None:
        self.megabytes = megabytes
        self.opening = opening
        self.pulled = 0

    async def chunks(self) -> AsyncIterator[bytes]:
        yield self.opening
        for _ in range(self.megabytes):
            self.pulled += 1
            yield b"x" * MiB


class TestWebChatMessages:
    async def test_a_message_body_over_64_kb_is_refused_413_and_nothing_is_stored(
        self, browser: httpx.AsyncClient, db: Database
    ) -> None:
        response = await browser.post("/api/chat/messages", json={"id": "m0000001", "text": "a" * 200_000})
        assert response.status_code == 413
        assert response.json() == {
            "error": "too_large",
            "detail": "Ukuran kiriman melebihi batas 64 KB.",
            "limit_bytes": 65536,
        }
        assert response.headers["connection"] == "close"
        assert await count(db, InboundMessage) == 0

    async def test_a_chunked_body_is_cut_off_once_it_passes_the_limit(
        self, browser: httpx.AsyncClient, db: Database
    ) -> None:
        source = Source(200)
        response = await browser.post(
            "/api/chat/messages", content=source.chunks(), headers={"content-type": "application/json"}
        )
        assert response.status_code == 413
        assert source.pulled == 1, "the first megabyte already passes 64 KB; the rest is never read"
        assert await count(db, InboundMessage) == 0


class TestPhotoUploads:
    async def test_an_upload_larger_than_a_photo_and_its_form_is_refused_before_it_is_read(
        self, browser: httpx.AsyncClient, db: Database
    ) -> None:
        response = await browser.post(
            PHOTOS_PATH, data={"id": "photo0001"}, files={"photo": ("besar.jpg", b"\xff" * (12 * MiB))}
        )
        assert response.status_code == 413
        assert response.json()["detail"] == "Ukuran kiriman melebihi batas 10 MB."
        assert await count(db, InboundMessage) == 0

    async def test_a_chunked_upload_is_read_no_further_than_the_limit(
        self, browser: httpx.AsyncClient
    ) -> None:
        opening = (
            b'--batas\r\nContent-Disposition: form-data; name="photo"; filename="a.jpg"\r\n'
            b"Content-Type: image/jpeg\r\n\r\n"
        )
        source = Source(200, opening=opening)
        response = await browser.post(
            PHOTOS_PATH,
            content=source.chunks(),
            headers={"content-type": "multipart/form-data; boundary=batas"},
        )
        assert response.status_code == 413
        assert source.pulled == 11, "10 MB of photo and 128 KB of form: the eleventh megabyte passes it"
