"""The web chat page and its API, through HTTP, as the browser uses them."""

from __future__ import annotations

from pathlib import Path

import httpx
from sqlalchemy import select

from core.db import Database
from tests import images
from tickets import Ticket, TicketAttachment

PNG = images.png()


async def say(client: httpx.AsyncClient, message_id: str, **body: str) -> list[dict[str, object]]:
    response = await client.post("/api/chat/messages", json={"id": message_id, **body})
    assert response.status_code == 200, response.text
    replies: list[dict[str, object]] = response.json()["replies"]
    return replies


class TestWebChat:
    async def test_the_page_is_phone_friendly_and_names_the_agency(self, browser: httpx.AsyncClient) -> None:
        page = (await browser.get("/")).text
        assert 'name="viewport"' in page
        assert "Pemerintah Kota Contoh" in page
        assert (await browser.get("/static/webchat/chat.js")).status_code == 200

    async def test_a_citizen_files_a_complaint_and_checks_it(
        self, browser: httpx.AsyncClient, db: Database
    ) -> None:
        await say(browser, "m0000001", choice="menu:complaint")
        await say(browser, "m0000002", choice="cat:air-minum")
        await say(browser, "m0000003", text="Air PDAM di Jalan Kenanga tidak mengalir sejak dua hari lalu.")
        await say(browser, "m0000004", choice="skip")
        created = await say(browser, "m0000005", choice="confirm:yes", label="Ya, kirim aduan")
        assert "ADU-2026-000001" in str(created[0]["text"])
        status = await say(browser, "m0000006", text="ADU-2026-000001")
        assert "Perumda Air Minum" in str(status[0]["text"])

    async def test_history_restores_the_conversation_after_a_reload(self, browser: httpx.AsyncClient) -> None:
        await say(browser, "m0000001", text="halo")
        history = (await browser.get("/api/chat/history")).json()
        assert [line["direction"] for line in history] == ["in", "out"]
        assert history[0]["text"] == "halo"

    async def test_the_page_start_is_not_shown_as_something_the_citizen_said(
        self, browser: httpx.AsyncClient
    ) -> None:
        await say(browser, "m0000001", choice="menu:start")
        await say(browser, "m0000002", choice="menu:complaint", label="Sampaikan aduan")
        history = (await browser.get("/api/chat/history")).json()
        assert [(line["direction"], line["text"][:16]) for line in history] == [
            ("out", history[0]["text"][:16]),
            ("in", "Sampaikan aduan"),
            ("out", history[2]["text"][:16]),
        ]
        assert history[2]["choices"], "the last prompt keeps its buttons after a reload"

    async def test_the_text_box_takes_as_much_as_the_engine_does(self, browser: httpx.AsyncClient) -> None:
        page = (await browser.get("/")).text
        assert 'maxlength="20000"' in page
        assert 'data-counter="Sisa {left} huruf"' in page

    async def test_a_retried_post_is_answered_without_being_handled_twice(
        self, browser: httpx.AsyncClient, db: Database
    ) -> None:
        for step, body in enumerate(
            [
                {"choice": "menu:complaint"},
                {"choice": "cat:air-minum"},
                {"text": "Air PDAM tidak mengalir sejak dua hari lalu di rumah kami."},
                {"choice": "skip"},
            ]
        ):
            await say(browser, f"step{step:04d}", **body)
        first = await say(browser, "confirm01", choice="confirm:yes")
        second = await say(browser, "confirm01", choice="confirm:yes")
        assert first == second
        async with db.session() as session:
            assert len((await session.execute(select(Ticket))).scalars().all()) == 1

    async def test_a_photo_upload_during_intake_is_accepted(self, browser: httpx.AsyncClient) -> None:
        await say(browser, "m0000001", choice="menu:complaint")
        await say(browser, "m0000002", choice="cat:jalan-drainase")
        response = await browser.post(
            "/api/chat/photos", data={"id": "photo0001"}, files={"photo": ("jalan.png", PNG, "image/png")}
        )
        assert "1 foto" in response.json()["replies"][0]["text"]

    async def test_a_file_that_is_not_an_image_is_refused_politely(self, browser: httpx.AsyncClient) -> None:
        await say(browser, "m0000001", choice="menu:complaint")
        response = await browser.post(
            "/api/chat/photos",
            data={"id": "photo0001"},
            files={"photo": ("virus.exe", b"MZ\x90\x00", "image/png")},
        )
        assert response.status_code == 200
        assert "kami hanya menerima foto JPEG, PNG, atau WEBP" in response.json()["replies"][0]["text"]

    async def test_a_photo_with_a_very_long_file_name_still_files_the_complaint(
        self, browser: httpx.AsyncClient, db: Database
    ) -> None:
        """Phones name shared pictures after their whole caption: the name is cut to the column's 255
        characters, keeping its extension, and the complaint is filed (PostgreSQL refused it before)."""
        long_name = "foto jalan berlubang depan pasar " * 10 + ".png"
        await say(browser, "m0000001", choice="menu:complaint")
        await say(browser, "m0000002", choice="cat:jalan-drainase")
        uploaded = await browser.post(
            "/api/chat/photos", data={"id": "photo0001"}, files={"photo": (long_name, PNG, "image/png")}
        )
        assert "1 foto" in uploaded.json()["replies"][0]["text"]
        await say(browser, "m0000003", text="Jalan berlubang besar di depan pasar sejak tiga bulan.")
        await say(browser, "m0000004", choice="skip")
        created = await say(browser, "m0000005", choice="confirm:yes")
        assert "ADU-2026-000001" in str(created[0]["text"])
        async with db.session() as session:
            [attachment] = (await session.execute(select(TicketAttachment))).scalars().all()
        assert attachment.original_name is not None
        assert len(attachment.original_name) == 255
        assert attachment.original_name.startswith("foto jalan berlubang depan pasar foto")
        assert attachment.original_name.endswith("….png")

    async def test_a_pdf_outside_a_complaint_gets_one_clear_answer(self, browser: httpx.AsyncClient) -> None:
        response = await browser.post(
            "/api/chat/photos",
            data={"id": "file0001"},
            files={"photo": ("surat.pdf", b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n", "application/pdf")},
        )
        [reply] = response.json()["replies"]
        assert "tidak dapat kami terima: kami hanya menerima foto JPEG, PNG, atau WEBP" in reply["text"]
        assert "telah kami terima" not in reply["text"]
        assert [choice["value"] for choice in reply["choices"]] == ["menu:complaint", "cancel"]

    async def test_a_photo_outside_a_complaint_is_kept_and_a_complaint_offered(
        self, browser: httpx.AsyncClient
    ) -> None:
        response = await browser.post(
            "/api/chat/photos", data={"id": "file0001"}, files={"photo": ("jalan.png", PNG, "image/png")}
        )
        [reply] = response.json()["replies"]
        assert "fotonya sudah kami terima" in reply["text"]
        assert [choice["value"] for choice in reply["choices"]] == ["menu:complaint", "cancel"]

    async def test_a_file_dressed_as_a_jpeg_is_refused_and_not_kept(
        self, browser: httpx.AsyncClient, tmp_path: Path
    ) -> None:
        await say(browser, "m0000001", choice="menu:complaint")
        response = await browser.post(
            "/api/chat/photos",
            data={"id": "photo0001"},
            files={"photo": ("jalan.jpg", images.disguised(), "image/jpeg")},
        )
        assert "tidak dapat kami terima" in response.json()["replies"][0]["text"]
        assert not (tmp_path / "attachments").exists()

    async def test_malformed_requests_get_a_clear_error(self, browser: httpx.AsyncClient) -> None:
        bad_id = await browser.post("/api/chat/messages", json={"id": "x", "text": "halo"})
        assert bad_id.status_code == 422
        not_json = await browser.post(
            "/api/chat/messages", content=b"{oops", headers={"content-type": "application/json"}
        )
        assert not_json.status_code == 422

    async def test_without_the_chat_cookie_a_new_session_answers(self, browser: httpx.AsyncClient) -> None:
        browser.cookies.clear()
        response = await browser.post("/api/chat/messages", json={"id": "m0000001", "text": "halo"})
        assert response.status_code == 200
        assert response.json()["replies"]
        assert "tanggap_webchat" in response.cookies
