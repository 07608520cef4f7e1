"""What the web chat's routes share: who the visitor is (session, address, HTTPS) and the way a
message goes in (stored, checked against the flood limits, then handled)."""

from __future__ import annotations

from contextlib import AbstractAsyncContextManager, nullcontext
from typing import Any

from fastapi import Request, Response
from pydantic import BaseModel

from bot.engine import ConversationEngine
from bot.flood import RATE_LIMITED, Check, FloodGuard, notice
from bot.handling import Handled, handle_stored, store
from bot.incoming import ContentType, Incoming
from bot.webchat.sessions import CHANNEL, Visitor, WebSessions, digest
from bot.webchat.settings import WebChatSettings
from bot.webchat.turns import SenderTurns
from core.db import Database
from core.forwarded import Client, client_of
from core.messenger import OutgoingMessage
from messaging import service as messaging
from messaging.pull import take_pending


class ChoiceOut(BaseModel):
    value: str
    label: str


class ChatMessageOut(BaseModel):
    direction: str
    text: str
    choices: list[ChoiceOut] = []


class ChatReply(BaseModel):
    replies: list[ChatMessageOut]


class WebChat:
    def __init__(
        self, db: Database, engine: ConversationEngine, settings: WebChatSettings, guard: FloodGuard
    ) -> None:
        self.db = db
        self.engine = engine
        self.settings = settings
        self.guard = guard
        self.sessions = WebSessions(db, settings)
        self.turns = SenderTurns()

    def client(self, request: Request) -> Client:
        return client_of(request, self.settings.proxies)

    async def known_visitor(self, request: Request) -> Visitor | None:
        """The live session the request presents, or None (nothing is created)."""
        return await self.sessions.resolve(self.sessions.presented(request, https=self.client(request).https))

    async def visitor(self, request: Request, response: Response) -> Visitor | None:
        """The request's live session, or a new one (an unknown or ended cookie is never adopted);
        None when its address opened too many sessions lately. The cookie is (re)set: sliding."""
        client = self.client(request)
        visitor = await self.sessions.resolve(self.sessions.presented(request, https=client.https))
        if visitor is None:
            if not await self.guard.may_open_session(client.address):
                return None
            visitor = await self.sessions.open()
        self.sessions.set_cookie(response, visitor, https=client.https)
        return visitor

    def refused(self, response: Response) -> ChatReply:
        """429 with the polite notice. Every refusal carries it: it is the answer to this request
        (nothing is stored or sent later), so the page can say why the text was not sent."""
        response.status_code = 429
        return ChatReply(replies=[out(notice(self.engine.deps.catalogue()))])

    async def precheck(self, request: Request, *, text: str | None) -> Check | None:
        """The flood check for the session the cookie names (its hash is the sender id), before any
        database work: a sender over a limit is answered 429 without the session even being read.
        None without a cookie (the check then runs once the new session exists)."""
        client = self.client(request)
        token = self.sessions.presented(request, https=client.https)
        if token is None:
            return None
        return await self.guard.check(
            channel=CHANNEL, sender_id=digest(token), text=text, address=client.address
        )

    def one_at_a_time(self, request: Request) -> AbstractAsyncContextManager[None]:
        """Held from the session lookup to the reply: the messages of the session the cookie names
        are handled one after another, in order (`bot.webchat.turns`). Without a cookie each request
        gets a session of its own, so there is nothing to wait for."""
        token = self.sessions.presented(request, https=self.client(request).https)
        return self.turns.turn(digest(token)) if token is not None else nullcontext()

    async def receive(
        self,
        request: Request,
        response: Response,
        incoming: Incoming,
        message_id: str,
        payload: dict[str, Any],
        *,
        check: Check | None = None,
    ) -> ChatReply:
        """`check`: the `precheck` of this sender, else it runs now. Over a limit: 429, not stored; a
        429 is not an acknowledgement (the page keeps the text and says "Mohon tunggu sebentar"), so
        a flood costs no write and barely slows the other citizens (bench/flood_bench.py). A repeat
        is stored `ignored`, answered with nothing; anything else is stored, then handled."""
        if check is None:
            check = await self.guard.check(
                channel=CHANNEL,
                sender_id=incoming.sender_id,
                text=_fold_text(incoming),
                address=self.client(request).address,
            )
        if check.reason == RATE_LIMITED:
            return self.refused(response)
        stored = await store(
            self.db,
            channel=CHANNEL,
            dedupe_key=f"web:{incoming.sender_id}:{message_id}",
            sender_id=incoming.sender_id,
            payload=payload,
            ignored=None if check.handle else check.reason,
        )
        if stored.is_new and not check.handle:
            return ChatReply(replies=[])
        handled = await handle_stored(self.db, self.engine, incoming, inbound_id=stored.id, delivered=True)
        return await self._reply(handled)

    async def _reply(self, handled: Handled) -> ChatReply:
        """The replies to this message, and whatever else is waiting for the citizen (queued by staff
        or by escalation while handling it, e.g. the notice that a reopened ticket went back to its unit)."""
        replies = [out(reply) for reply in handled.replies]
        if handled.citizen_id is not None:
            async with self.db.session() as session:
                pending = await take_pending(session, channel=CHANNEL, citizen_id=handled.citizen_id)
            replies.extend(out(messaging.as_outgoing(row)) for row in pending)
        return ChatReply(replies=replies)


def _fold_text(incoming: Incoming) -> str | None:
    """Only free text is folded: pressing the same button twice may be two answers."""
    if incoming.content_type is ContentType.TEXT and incoming.choice is None:
        return incoming.text
    return None


def out(message: OutgoingMessage) -> ChatMessageOut:
    return ChatMessageOut(
        direction="out",
        text=message.text,
        choices=[ChoiceOut(value=c.value, label=c.label) for c in message.choices],
    )
