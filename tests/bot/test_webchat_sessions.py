"""Web chat sessions as a browser meets them: issued by the server, hashed, ended, expiring."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import timedelta

import httpx
import pytest
from sqlalchemy import select
from sqlmodel import col

from bot.engine import ConversationEngine
from bot.models import Conversation, WebSession
from bot.webchat.sessions import WebSessions, digest
from bot.webchat.settings import WebChatSettings
from core.clock import FrozenClock
from core.db import Database
from messaging import InboundMessage
from tanggap.app import build_http_app, mount_routes
from tanggap.runtime import Runtime
from tests.statements import statements
from tickets import Citizen
from web import WebSettings

COOKIE, SECURE_COOKIE = "tanggap_webchat", "__Host-tanggap_webchat"


async def say(client: httpx.AsyncClient, message_id: str, **body: str) -> httpx.Response:
    return await client.post("/api/chat/messages", json={"id": message_id, **body})


@pytest.fixture
async def visitor(db: Database, engine: ConversationEngine) -> AsyncIterator[httpx.AsyncClient]:
    app = build_http_app(WebSettings())
    mount_routes(app, Runtime(db=db, engine=engine))
    transport = httpx.ASGITransport(app=app, client=("203.0.113.7", 4000))
    async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as client:
        yield client


class TestSessions:
    async def test_a_forged_cookie_gets_a_new_session_and_not_the_victims_history(
        self, visitor: httpx.AsyncClient, db: Database
    ) -> None:
        await visitor.get("/")
        victim_token = visitor.cookies[COOKIE]
        await say(visitor, "m0000001", text="NIK saya 3174012345678901")
        attacker_token = "A" * 40
        visitor.cookies.clear()
        visitor.cookies.set(COOKIE, attacker_token)
        assert (await visitor.get("/api/chat/history")).json() == []
        page = await visitor.get("/")
        assert page.cookies[COOKIE] not in (attacker_token, victim_token)
        assert "3174012345678901" not in (await visitor.get("/api/chat/history")).text
        async with db.session() as session:
            ids = (await session.execute(select(col(Citizen.external_id)))).scalars().all()
        assert ids == [digest(victim_token)]
        assert victim_token not in ids

    async def test_the_session_id_is_stored_only_hashed(
        self, visitor: httpx.AsyncClient, db: Database
    ) -> None:
        await visitor.get("/")
        await say(visitor, "m0000001", text="halo")
        token = visitor.cookies[COOKIE]
        async with db.session() as session:
            citizen = (await session.execute(select(Citizen))).scalar_one()
        assert citizen.external_id == digest(token) != token

    async def test_cookie_flags_over_plain_http(self, visitor: httpx.AsyncClient) -> None:
        header = (await visitor.get("/")).headers["set-cookie"].lower()
        assert header.startswith(COOKIE + "=")
        assert "httponly" in header
        assert "samesite=lax" in header
        assert "path=/" in header
        assert "secure" not in header
        assert f"max-age={30 * 24 * 3600}" in header

    async def test_forwarded_https_is_believed_only_from_a_trusted_proxy(
        self, db: Database, engine: ConversationEngine, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        forwarded = {"x-forwarded-proto": "https", "x-forwarded-for": "198.51.100.9"}
        untrusted = await _first_cookie(db, engine, forwarded)
        assert untrusted.startswith(COOKIE + "=")
        assert "secure" not in untrusted.lower()
        monkeypatch.setenv("TANGGAP_WEB_TRUSTED_PROXIES", "203.0.113.0/24")
        trusted = await _first_cookie(db, engine, forwarded)
        assert trusted.startswith(SECURE_COOKIE + "=")
        assert "secure" in trusted.lower()
        assert "httponly" in trusted.lower()

    async def test_an_idle_session_expires_and_a_used_one_slides(
        self, visitor: httpx.AsyncClient, clock: FrozenClock
    ) -> None:
        await visitor.get("/")
        token = visitor.cookies[COOKIE]
        await say(visitor, "m0000001", text="halo")
        clock.advance(days=20)
        assert (await visitor.get("/api/chat/history")).json() != []
        clock.advance(days=20)  # 40 days since the start, 20 since the last use: still alive
        assert (await visitor.get("/api/chat/history")).json() != []
        clock.advance(days=31)
        assert (await visitor.get("/api/chat/history")).json() == []
        await visitor.get("/")
        assert visitor.cookies[COOKIE] != token

    async def test_ending_the_session_forgets_cookie_and_server_side(
        self, visitor: httpx.AsyncClient
    ) -> None:
        await visitor.get("/")
        token = visitor.cookies[COOKIE]
        await say(visitor, "m0000001", choice="menu:complaint")
        ended = await visitor.post("/api/chat/session/end")
        assert ended.status_code == 200
        assert "Sesi percakapan sudah diakhiri" in ended.json()["replies"][0]["text"]
        assert COOKIE not in visitor.cookies
        visitor.cookies.set(COOKIE, token)  # a copy of the old cookie opens nothing any more
        assert (await visitor.get("/api/chat/history")).json() == []

    async def test_the_cleanup_pass_ends_abandoned_sessions_and_their_half_written_complaint(
        self, db: Database, engine: ConversationEngine, clock: FrozenClock
    ) -> None:
        abandoned, recent = await _browser(db, engine), await _browser(db, engine)
        async with abandoned, recent:
            await abandoned.get("/")
            await say(abandoned, "m0000001", choice="menu:complaint")
            await say(abandoned, "m0000002", text="NIK saya 3174012345678901, jalan rusak di depan rumah")
            clock.advance(days=25)
            await recent.get("/")
            await say(recent, "m0000003", text="halo")
            clock.advance(days=6)
            async with db.session() as session:
                drafts = (await session.execute(select(col(Conversation.data)))).scalars().all()
            assert "3174012345678901" in str(drafts)
            assert await WebSessions(db, WebChatSettings()).forget_idle() == 1
            async with db.session() as session:
                left = (await session.execute(select(col(WebSession.token_hash)))).scalars().all()
                states = (await session.execute(select(col(Conversation.data)))).scalars().all()
            assert left == [digest(recent.cookies[COOKIE])]
            assert "3174012345678901" not in str(states), "the draft with the NIK is forgotten"
            assert (await recent.get("/api/chat/history")).json() != []


async def _browser(db: Database, engine: ConversationEngine) -> httpx.AsyncClient:
    app = build_http_app(WebSettings())
    mount_routes(app, Runtime(db=db, engine=engine))
    transport = httpx.ASGITransport(app=app, client=("203.0.113.7", 4000))
    return httpx.AsyncClient(transport=transport, base_url="http://testserver")


async def _first_cookie(db: Database, engine: ConversationEngine, headers: dict[str, str]) -> str:
    app = build_http_app(WebSettings())
    mount_routes(app, Runtime(db=db, engine=engine))
    transport = httpx.ASGITransport(app=app, client=("203.0.113.7", 4000))
    async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as client:
        return str((await client.get("/", headers=headers)).headers["set-cookie"])


class TestFlood:
    async def test_over_the_limit_429_with_the_notice_and_nothing_is_stored(
        self, visitor: httpx.AsyncClient, db: Database, clock: FrozenClock
    ) -> None:
        """A 429 is not an acknowledgement: the page keeps the text (and says why), so nothing of it
        is stored; every refusal carries the notice, since nothing is sent later."""
        await visitor.get("/")
        answers = [await say(visitor, f"m{n:07d}", text=f"pertanyaan nomor {n}") for n in range(23)]
        assert [a.status_code for a in answers[:20]] == [200] * 20
        assert [a.status_code for a in answers[20:]] == [429] * 3
        for refused in answers[20:]:
            [notice] = refused.json()["replies"]
            assert "Mohon tunggu sebentar" in notice["text"]
        async with db.session() as session:
            rows = (await session.execute(select(InboundMessage))).scalars().all()
        assert len(rows) == 20
        assert not any(row.status == "ignored" for row in rows)
        history = (await visitor.get("/api/chat/history")).text
        assert "pertanyaan nomor 21" not in history
        clock.advance(seconds=61)
        assert (await say(visitor, "m9000000", text="halo lagi")).status_code == 200

    async def test_a_refused_message_costs_the_database_nothing(
        self, visitor: httpx.AsyncClient, db: Database, clock: FrozenClock
    ) -> None:
        """The limit is checked before the session is even read: a flooding browser does not queue
        in front of the other citizens' messages (bench/flood_bench.py)."""
        await visitor.get("/")
        for n in range(20):
            await say(visitor, f"m{n:07d}", text=f"pesan {n}")
        with statements(db) as seen:
            refused = await say(visitor, "m0000020", text="pesan 20")
            photo = await visitor.post(
                "/api/chat/photos", data={"id": "p0000001"}, files={"photo": ("a.jpg", b"x", "image/jpeg")}
            )
        assert (refused.status_code, photo.status_code) == (429, 429)
        assert seen == []

    async def test_an_identical_message_is_folded(
        self, visitor: httpx.AsyncClient, clock: FrozenClock
    ) -> None:
        await visitor.get("/")
        first = await say(visitor, "m0000001", text="Kapan kantor buka?")
        again = await say(visitor, "m0000002", text="kapan  kantor buka?")
        assert first.json()["replies"]
        assert again.status_code == 200
        assert again.json()["replies"] == []
        clock.advance(seconds=6)
        assert (await say(visitor, "m0000003", text="Kapan kantor buka?")).json()["replies"]

    async def test_a_retried_refused_message_gets_the_same_answer(
        self, visitor: httpx.AsyncClient, clock: FrozenClock
    ) -> None:
        await visitor.get("/")
        for n in range(20):
            await say(visitor, f"m{n:07d}", text=f"pesan {n}")
        refused = await say(visitor, "m0000020", text="pesan 20")
        retried = await say(visitor, "m0000020", text="pesan 20")
        assert retried.json()["replies"] == refused.json()["replies"] != []

    async def test_new_sessions_per_address_are_limited(
        self, visitor: httpx.AsyncClient, clock: FrozenClock
    ) -> None:
        for _ in range(30):
            visitor.cookies.clear()
            assert COOKIE in (await visitor.get("/")).cookies
        visitor.cookies.clear()
        assert COOKIE not in (await visitor.get("/")).cookies
        refused = await say(visitor, "m0000001", text="halo")
        assert refused.status_code == 429
        assert "Mohon tunggu sebentar" in refused.json()["replies"][0]["text"]
        clock.advance(timedelta(hours=1))
        assert (await say(visitor, "m0000002", text="halo")).status_code == 200
