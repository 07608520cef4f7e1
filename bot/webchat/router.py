"""Web chat: the page at / and its small JSON API. Same engine as Telegram and WhatsApp.

A browser is identified by a session the server issued (`bot.webchat.sessions`); it only ever sees
its own conversation and tickets. Messages go through the flood limits (`bot.flood`).
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

from fastapi import APIRouter, File, Form, Request, Response, UploadFile
from fastapi.responses import HTMLResponse
from fastapi.templating import Jinja2Templates
from pydantic import BaseModel, Field

from bot.attachments import AttachmentRejectedError
from bot.deps import MAX_TEXT_LENGTH
from bot.engine import ConversationEngine
from bot.flood import RATE_LIMITED, FloodGuard
from bot.incoming import ContentType, Incoming
from bot.webchat import PHOTOS_PATH
from bot.webchat.chat import ChatMessageOut, ChatReply, WebChat, out
from bot.webchat.page import page_texts, transcript_lines
from bot.webchat.sessions import CHANNEL
from bot.webchat.settings import WebChatSettings
from core.db import Database
from messaging import service as messaging
from messaging.limits import MemoryLimiter
from messaging.pull import take_pending
from tickets import service as tickets

templates = Jinja2Templates(directory=Path(__file__).parent / "templates")


class ChatMessageIn(BaseModel):
    id: str = Field(min_length=8, max_length=64, pattern=r"^[A-Za-z0-9_-]+$")
    text: str | None = Field(default=None, max_length=MAX_TEXT_LENGTH)
    choice: str | None = Field(default=None, max_length=200)
    label: str | None = Field(
        default=None, max_length=200, description="the pressed button's label, for the transcript"
    )


def build_webchat_router(
    db: Database,
    engine: ConversationEngine,
    *,
    settings: WebChatSettings | None = None,
    guard: FloodGuard | None = None,
) -> APIRouter:
    router = APIRouter()
    settings = settings or WebChatSettings()
    chat = WebChat(db, engine, settings, guard or FloodGuard(MemoryLimiter()))

    @router.get("/", response_class=HTMLResponse, include_in_schema=False)
    async def chat_page(request: Request) -> Response:
        context = {
            "agency": engine.deps.kb.agency,
            "limit": engine.deps.settings.max_text_length,
            "ui": page_texts(engine.deps.catalogue()),
        }
        response = templates.TemplateResponse(request, "chat.html", context)
        await chat.visitor(request, response)
        return response

    @router.post("/api/chat/messages", response_model=ChatReply)
    async def post_message(message: ChatMessageIn, request: Request, response: Response) -> ChatReply:
        check = await chat.precheck(request, text=message.text if message.choice is None else None)
        if check is not None and check.reason == RATE_LIMITED:
            return chat.refused(response)
        async with chat.one_at_a_time(request):
            visitor = await chat.visitor(request, response)
            if visitor is None:
                return chat.refused(response)
            incoming = Incoming(
                channel=CHANNEL, sender_id=visitor.sender_id, text=message.text, choice=message.choice
            )
            check = None if visitor.new else check
            payload = message.model_dump()
            return await chat.receive(request, response, incoming, message.id, payload, check=check)

    @router.post(PHOTOS_PATH, response_model=ChatReply)
    async def post_photo(
        request: Request,
        response: Response,
        message_id: Annotated[
            str, Form(alias="id", min_length=8, max_length=64, pattern=r"^[A-Za-z0-9_-]+$")
        ],
        photo: Annotated[UploadFile, File()],
        caption: Annotated[str | None, Form(max_length=MAX_TEXT_LENGTH)] = None,
    ) -> ChatReply:
        check = await chat.precheck(request, text=None)
        if check is not None and check.reason == RATE_LIMITED:
            return chat.refused(response)
        async with chat.one_at_a_time(request):
            visitor = await chat.visitor(request, response)
            if visitor is None:
                return chat.refused(response)
            incoming = await _photo_incoming(engine, visitor.sender_id, photo, caption)
            summary = _photo_summary(incoming)
            payload: dict[str, Any] = {"id": message_id, "caption": caption, "photo": summary}
            check = None if visitor.new else check
            return await chat.receive(request, response, incoming, message_id, payload, check=check)

    @router.get("/api/chat/updates", response_model=ChatReply)
    async def updates(request: Request) -> ChatReply:
        """Messages that arrived since (an officer's reply, a resolution notice); the page polls this."""
        visitor = await chat.known_visitor(request)
        if visitor is None:
            return ChatReply(replies=[])
        async with db.session() as session:
            citizen = await tickets.find_citizen(session, channel=CHANNEL, external_id=visitor.sender_id)
            if citizen is None or citizen.id is None:
                return ChatReply(replies=[])
            rows = await take_pending(session, channel=CHANNEL, citizen_id=citizen.id)
        return ChatReply(replies=[out(messaging.as_outgoing(row)) for row in rows])

    @router.get("/api/chat/history", response_model=list[ChatMessageOut])
    async def history(request: Request) -> list[ChatMessageOut]:
        """The conversation after a reload. Staff messages still waiting for the page are taken with
        it (marked delivered), so neither the next poll nor the next reply shows them again."""
        visitor = await chat.known_visitor(request)
        if visitor is None:
            return []
        async with db.session() as session:
            citizen = await tickets.find_citizen(session, channel=CHANNEL, external_id=visitor.sender_id)
            if citizen is None or citizen.id is None:
                return []
            await take_pending(session, channel=CHANNEL, citizen_id=citizen.id)
            rows = await messaging.transcript(session, citizen_id=citizen.id, limit=60)
        return transcript_lines(rows, engine.deps.catalogue())

    @router.post("/api/chat/session/end", response_model=ChatReply)
    async def end_session(request: Request, response: Response) -> ChatReply:
        """ "Akhiri sesi": the session and its conversation in progress are forgotten, the cookie too."""
        https = chat.client(request).https
        await chat.sessions.end(chat.sessions.presented(request, https=https))
        chat.sessions.forget_cookie(response, https=https)
        text = engine.deps.catalogue().render("webchat.session_ended")
        return ChatReply(replies=[ChatMessageOut(direction="out", text=text)])

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
