"""What every HTTP answer carries and never carries: security headers, no stack trace, no echo of
the input, no API documentation unless asked for."""

from __future__ import annotations

import re

import httpx
from sqlalchemy import select
from sqlmodel import col

from core.db import Database
from messaging import InboundMessage
from tanggap.app import build_http_app
from web import WebSettings


async def post_raw(client: httpx.AsyncClient, body: bytes) -> httpx.Response:
    return await client.post("/api/chat/messages", content=body, headers={"content-type": "application/json"})


class TestSecurityHeaders:
    async def test_the_chat_page_may_run_only_its_own_scripts_and_styles_and_never_in_a_frame(
        self, browser: httpx.AsyncClient
    ) -> None:
        page = await browser.get("/")
        policy = page.headers["content-security-policy"]
        for directive in (
            "default-src 'self'",
            "script-src 'self'",
            "style-src 'self'",
            "frame-ancestors 'none'",
        ):
            assert directive in policy
        assert "unsafe-inline" not in policy
        assert page.headers["x-frame-options"] == "DENY"
        assert page.headers["x-content-type-options"] == "nosniff"
        assert page.headers["referrer-policy"] == "no-referrer"

    async def test_the_page_has_nothing_inline_that_the_policy_would_block(
        self, browser: httpx.AsyncClient
    ) -> None:
        page = (await browser.get("/")).text
        assert all("src=" in tag for tag in re.findall(r"<script[^>]*>", page))
        assert "<style" not in page
        assert " style=" not in page
        assert "onclick" not in page.lower()

    async def test_api_answers_and_refusals_carry_them_too(self, browser: httpx.AsyncClient) -> None:
        answered = await browser.get("/api/chat/history")
        refused = await browser.post("/api/chat/messages", json={"id": "m0000001", "text": "a" * 100_000})
        for response in (answered, refused):
            assert response.headers["x-content-type-options"] == "nosniff"
            assert "frame-ancestors 'none'" in response.headers["content-security-policy"]


class TestApiDocumentation:
    async def test_docs_and_the_openapi_schema_are_not_served_by_default(self) -> None:
        async with _client(WebSettings()) as client:
            for path in ("/docs", "/redoc", "/openapi.json"):
                assert (await client.get(path)).status_code == 404

    async def test_the_setting_serves_them_without_the_policy_swagger_cannot_live_with(self) -> None:
        async with _client(WebSettings(api_docs=True)) as client:
            docs = await client.get("/docs")
            assert docs.status_code == 200
            assert "content-security-policy" not in docs.headers
            assert docs.headers["x-frame-options"] == "DENY"
            assert (await client.get("/openapi.json")).json()["info"]["title"] == "Tanggap"


class TestValidationErrors:
    async def test_a_422_names_the_fields_and_does_not_echo_what_was_sent(
        self, browser: httpx.AsyncClient
    ) -> None:
        response = await browser.post("/api/chat/messages", json={"id": "x", "text": "a" * 30_000})
        assert response.status_code == 422
        assert len(response.content) < 1_000
        assert "aaaa" not in response.text
        body = response.json()
        assert body["error"] == "invalid_request"
        assert {field["field"] for field in body["fields"]} == {"body.id", "body.text"}

    async def test_nan_in_a_chat_message_is_a_clear_422_not_a_500(self, browser: httpx.AsyncClient) -> None:
        response = await post_raw(browser, b'{"id": "m0000001", "text": NaN}')
        assert response.status_code == 422
        assert response.json()["fields"][0]["field"] == "body.text"

    async def test_a_body_that_is_not_json_is_a_clear_4xx(self, browser: httpx.AsyncClient) -> None:
        response = await post_raw(browser, b'{"id": "m0000001", "text": "\xed\xa0\x80"}')
        assert 400 <= response.status_code < 500


class TestBrokenText:
    async def test_half_an_emoji_is_stored_as_a_replacement_character_and_answered(
        self, browser: httpx.AsyncClient, db: Database
    ) -> None:
        response = await post_raw(
            browser, b'{"id": "m0000001", "text": "syarat bikin ktp apa ya min \\ud83d"}'
        )
        assert response.status_code == 200, response.text
        assert "KTP" in response.json()["replies"][0]["text"]
        async with db.session() as session:
            query = select(InboundMessage).where(col(InboundMessage.dedupe_key).endswith(":m0000001"))
            stored = (await session.execute(query)).scalar_one()
        assert stored.payload["text"] == "syarat bikin ktp apa ya min \ufffd"

    async def test_a_lone_surrogate_in_a_button_value_is_answered_too(
        self, browser: httpx.AsyncClient
    ) -> None:
        response = await post_raw(
            browser, b'{"id": "m0000002", "choice": "menu:\\udfff", "label": "\\udfff"}'
        )
        assert response.status_code == 200, response.text

    async def test_whole_emoji_written_as_escapes_arrive_unchanged(
        self, browser: httpx.AsyncClient, db: Database
    ) -> None:
        response = await post_raw(browser, b'{"id": "m0000003", "text": "terima kasih \\ud83d\\ude4f"}')
        assert response.status_code == 200
        async with db.session() as session:
            rows = (await session.execute(select(InboundMessage))).scalars().all()
        assert rows[0].payload["text"] == "terima kasih 🙏"


def _client(web: WebSettings) -> httpx.AsyncClient:
    transport = httpx.ASGITransport(app=build_http_app(web))
    return httpx.AsyncClient(transport=transport, base_url="http://testserver")
