"""Web chat: the page at / and its small JSON API. Same engine as Telegram and WhatsApp.

A browser is identified by a random cookie; it only ever sees its own conversation and tickets.
"""

from __future__ import annotations

import secrets
from pathlib import Path
from typing import Annotated, Any

from fastapi import APIRouter, Cookie, File, Form, HTTPException, Request, Response, UploadFile
from fastapi.responses import HTMLResponse
from fastapi.templating import Jinja2Templates
from pydantic import BaseModel, Field

from bot.attachments import AttachmentRejectedError
from bot.engine import ConversationEngine
from bot.handling import Handled, receive
from bot.incoming import ContentType, Incoming
from bot.webchat import PHOTOS_PATH
from core.db import Database
from core.messenger import OutgoingMessage
from messaging import InboundMessage
from messaging import service as messaging
from messaging.pull import take_pending
from tickets import service as tickets

CHANNEL = "web"
COOKIE = "tanggap_webchat"
COOKIE_MAX_AGE = 60 * 60 * 24 * 180
templates = Jinja2Templates(directory=Path(__file__).parent / "templates")


class ChatMessageIn(BaseModel):
    id: str = Field(min_length=8, max_length=64, pattern=r"^[A-Za-z0-9_-]+$")
    text: str | None = Field(default=None, max_length=20_000)
    choice: str | None = Field(default=None, max_length=200)
    label: str | None = Field(
        default=None, max_length=200, description="the pressed button's label, for the transcript"
    )


class ChoiceOut(BaseModel):
    value: str
    label: str


class ChatMessageOut(BaseModel):
    direction: str
    text: str
    choices: list[ChoiceOut] = []


class ChatReply(BaseModel):
    replies: list[ChatMessageOut]


def build_webchat_router(db: Database, engine: ConversationEngine) -> APIRouter:
    router = APIRouter()

    @router.get("/", response_class=HTMLResponse, include_in_schema=False)
    async def chat_page(
        request: Request, visitor: Annotated[str | None, Cookie(alias=COOKIE)] = None
    ) -> Response:
        agency = engine.deps.kb.agency
        response = templates.TemplateResponse(request, "chat.html", {"agency": agency})
        if not _valid_visitor(visitor):
            _set_visitor(response, secrets.token_urlsafe(24))
        return response

    @router.post("/api/chat/messages", response_model=ChatReply)
    async def post_message(message: ChatMessageIn, request: Request) -> ChatReply:
        visitor = _visitor(request)
        incoming = Incoming(channel=CHANNEL, sender_id=visitor, text=message.text, choice=message.choice)
        handled = await receive(
            db,
            engine,
            incoming,
            dedupe_key=f"web:{visitor}:{message.id}",
            payload=message.model_dump(),
            delivered=True,
        )
        return await _reply(db, handled)

    @router.post(PHOTOS_PATH, response_model=ChatReply)
    async def post_photo(
        request: Request,
        message_id: Annotated[
            str, Form(alias="id", min_length=8, max_length=64, pattern=r"^[A-Za-z0-9_-]+$")
        ],
        photo: Annotated[UploadFile, File()],
        caption: Annotated[str | None, Form(max_length=20_000)] = None,
    ) -> ChatReply:
        visitor = _visitor(request)
        incoming = await _photo_incoming(engine, visitor, photo, caption)
        payload: dict[str, Any] = {"id": message_id, "caption": caption, "photo": _photo_summary(incoming)}
        handled = await receive(
            db, engine, incoming, dedupe_key=f"web:{visitor}:{message_id}", payload=payload, delivered=True
        )
        return await _reply(db, handled)

    @router.get("/api/chat/updates", response_model=ChatReply)
    async def updates(request: Request) -> ChatReply:
        """Messages that arrived since (an officer's reply, a resolution notice); the page polls this."""
        visitor = request.cookies.get(COOKIE)
        if not _valid_visitor(visitor):
            return ChatReply(replies=[])
        async with db.session() as session:
            citizen = await tickets.find_citizen(session, channel=CHANNEL, external_id=str(visitor))
            if citizen is None or citizen.id is None:
                return ChatReply(replies=[])
            rows = await take_pending(session, channel=CHANNEL, citizen_id=citizen.id)
        return ChatReply(replies=[_out(messaging.as_outgoing(row)) for row in rows])

    @router.get("/api/chat/history", response_model=list[ChatMessageOut])
    async def history(request: Request) -> list[ChatMessageOut]:
        visitor = request.cookies.get(COOKIE)
        if not _valid_visitor(visitor):
            return []
        async with db.session() as session:
            citizen = await tickets.find_citizen(session, channel=CHANNEL, external_id=str(visitor))
            if citizen is None or citizen.id is None:
                return []
            rows = await messaging.transcript(session, citizen_id=citizen.id, limit=60)
        return [_transcript_line(row) for row in rows]

    return router


async def _photo_incoming(
    engine: ConversationEngine, visitor: str, photo: UploadFile, caption: str | None
) -> Incoming:
    """The upload checked and re-encoded by the store, not written: the engine writes it only if it
    keeps it. The body was bounded on its way in (`web.limits`), so reading it whole is safe."""
    store = engine.deps.attachments
    content = await photo.read(store.max_bytes + 1)
    try:
        checked = await store.check_photo(content, original_name=photo.filename)
    except AttachmentRejectedError as rejected:
        return Incoming(
            channel=CHANNEL,
            sender_id=visitor,
            content_type=ContentType.PHOTO,
            text=caption,
            photo_rejection=rejected.reason,
        )
    return Incoming(
        channel=CHANNEL, sender_id=visitor, content_type=ContentType.PHOTO, text=caption, photo=checked
    )


def _photo_summary(incoming: Incoming) -> dict[str, Any] | None:
    if incoming.photo is None:
        return {"rejected": incoming.photo_rejection}
    return incoming.photo.summary()


def _visitor(request: Request) -> str:
    visitor = request.cookies.get(COOKIE)
    if not _valid_visitor(visitor):
        raise HTTPException(status_code=400, detail="Sesi percakapan tidak ditemukan. Muat ulang halaman.")
    return str(visitor)


def _valid_visitor(value: str | None) -> bool:
    return (
        bool(value)
        and 20 <= len(value or "") <= 64
        and (value or "").replace("-", "").replace("_", "").isalnum()
    )


def _set_visitor(response: Response, visitor: str) -> None:
    response.set_cookie(COOKIE, visitor, max_age=COOKIE_MAX_AGE, httponly=True, samesite="lax")


async def _reply(db: Database, handled: Handled) -> ChatReply:
    """The replies to this message, and whatever else is waiting for the citizen (queued by staff or
    by escalation while handling it, e.g. the notice that a reopened ticket went back to its unit)."""
    replies = [_out(reply) for reply in handled.replies]
    if handled.citizen_id is not None:
        async with db.session() as session:
            pending = await take_pending(session, channel=CHANNEL, citizen_id=handled.citizen_id)
        replies.extend(_out(messaging.as_outgoing(row)) for row in pending)
    return ChatReply(replies=replies)


def _out(message: OutgoingMessage) -> ChatMessageOut:
    return ChatMessageOut(
        direction="out",
        text=message.text,
        choices=[ChoiceOut(value=c.value, label=c.label) for c in message.choices],
    )


def _transcript_line(row: Any) -> ChatMessageOut:
    if isinstance(row, InboundMessage):
        payload = row.payload
        text = payload.get("text") or payload.get("caption") or ("[foto]" if payload.get("photo") else "")
        if payload.get("choice") and not payload.get("text"):
            text = payload.get("label") or "✓"
        return ChatMessageOut(direction="in", text=str(text))
    outgoing = messaging.as_outgoing(row)
    return ChatMessageOut(
        direction="out",
        text=outgoing.text,
        choices=[ChoiceOut(value=c.value, label=c.label) for c in outgoing.choices],
    )
