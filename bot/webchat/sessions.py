"""Web chat sessions: issued by the server, kept hashed, ended by the citizen or by idleness.

The cookie is a random token the server made (`secrets.token_urlsafe(32)`); a value it never issued,
or one whose session ended, is not an identity: the browser gets a new, empty session instead, so a
planted cookie (session fixation) reads nobody's history. Only its SHA-256 is stored, in
`web_sessions` and as the citizen's identity (`citizens.external_id`, the inbox's `sender_id`): the
database holds nothing a browser could present. Over HTTPS the cookie is `__Host-` prefixed and
`Secure` (no subdomain can set it); always `HttpOnly` and `SameSite=Lax`. Its lifetime slides: each
use moves the end `TANGGAP_WEB_SESSION_IDLE_DAYS` ahead (the row is touched at most hourly).
"""

from __future__ import annotations

import hashlib
import re
import secrets
from dataclasses import dataclass
from datetime import timedelta

from starlette.requests import HTTPConnection
from starlette.responses import Response

from bot import repository
from bot.models import WebSession
from bot.webchat.settings import WebChatSettings
from core import clock
from core.clock import ensure_utc
from core.db import Database
from tickets import service as tickets

CHANNEL = "web"
COOKIE = "tanggap_webchat"
SECURE_COOKIE = "__Host-tanggap_webchat"
TOUCH_EVERY = timedelta(hours=1)
_TOKEN = re.compile(r"^[A-Za-z0-9_-]{20,64}$")


def digest(token: str) -> str:
    """What is stored for a session token (hex SHA-256): the token is 256 random bits, so no salt."""
    return hashlib.sha256(token.encode()).hexdigest()


@dataclass(frozen=True)
class Visitor:
    token: str
    sender_id: str
    """`digest(token)`: the citizen's identity on the web channel."""
    new: bool = False


class WebSessions:
    def __init__(self, db: Database, settings: WebChatSettings) -> None:
        self.db = db
        self.idle = timedelta(days=settings.session_idle_days)

    @staticmethod
    def cookie_name(https: bool) -> str:
        return SECURE_COOKIE if https else COOKIE

    def presented(self, request: HTTPConnection, *, https: bool) -> str | None:
        """The token the browser sent, if it looks like one (over HTTPS only the `__Host-` cookie)."""
        value = request.cookies.get(self.cookie_name(https))
        return value if value and _TOKEN.match(value) else None

    async def resolve(self, token: str | None) -> Visitor | None:
        """The live session `token` names, its lifetime renewed; None if unknown, ended or expired."""
        if token is None:
            return None
        token_hash, now = digest(token), clock.now()
        async with self.db.reading() as session:
            row = await repository.find_web_session(session, token_hash)
            last_seen = None if row is None else ensure_utc(row.last_seen_at)
        if last_seen is None:
            return None
        if now - last_seen > self.idle:
            async with self.db.session() as session:
                await repository.delete_web_session(session, token_hash)
            return None
        if now - last_seen > TOUCH_EVERY:
            async with self.db.session() as session:
                await repository.touch_web_session(session, token_hash, now)
        return Visitor(token=token, sender_id=token_hash)

    async def open(self) -> Visitor:
        token, now = secrets.token_urlsafe(32), clock.now()
        async with self.db.session() as session:
            session.add(WebSession(token_hash=digest(token), created_at=now, last_seen_at=now))
        return Visitor(token=token, sender_id=digest(token), new=True)

    async def end(self, token: str | None) -> None:
        """Forget the session, and the conversation in progress with it (a complaint being written
        may hold a NIK). Tickets stay; nobody can open this history from a browser any more."""
        if token is not None:
            await self._forget(digest(token))

    async def forget_idle(self, *, batch: int = 500) -> int:
        """End every session idle longer than the lifetime, as if its citizen had ended it: a
        browser that never comes back must not keep a half-written complaint (and its NIK) forever.
        Returns how many were ended."""
        ended = 0
        while True:
            async with self.db.reading() as session:
                hashes = await repository.idle_web_sessions(
                    session, seen_before=clock.now() - self.idle, limit=batch
                )
            for token_hash in hashes:
                await self._forget(token_hash)
            ended += len(hashes)
            if len(hashes) < batch:
                return ended

    async def _forget(self, token_hash: str) -> None:
        async with self.db.session() as session:
            await repository.delete_web_session(session, token_hash)
            citizen = await tickets.find_citizen(session, channel=CHANNEL, external_id=token_hash)
            if citizen is not None and citizen.id is not None:
                conversation = await repository.lock_conversation(session, citizen.id)
                conversation.state, conversation.data = "idle", {}
                conversation.updated_at = clock.now()

    def set_cookie(self, response: Response, visitor: Visitor, *, https: bool) -> None:
        response.set_cookie(
            self.cookie_name(https),
            visitor.token,
            max_age=int(self.idle.total_seconds()),
            path="/",
            secure=https,
            httponly=True,
            samesite="lax",
        )

    def forget_cookie(self, response: Response, *, https: bool) -> None:
        response.delete_cookie(self.cookie_name(https), path="/", secure=https, httponly=True, samesite="lax")
