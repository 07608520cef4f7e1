"""A conversation engine on the sample knowledge base, and a driver that talks to it like a channel."""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from pathlib import Path

import httpx
import pytest

from bot.attachments import AttachmentStore
from bot.deps import BotDeps
from bot.engine import ConversationEngine
from bot.handling import Handled, receive
from bot.incoming import CheckedPhoto, ContentType, Incoming
from core.clock import FrozenClock
from core.db import Database
from core.messenger import OutgoingMessage
from escalation import sync_units
from faq import FaqService
from sla import load_sla_config
from tanggap.app import build_http_app, mount_routes
from tanggap.runtime import Runtime
from web import WebSettings


def build_engine(kb_path: Path, data_dir: Path) -> ConversationEngine:
    service = FaqService(kb_path)
    deps = BotDeps(
        faq=service,
        sla=load_sla_config(kb_path, service.kb.agency.timezone),
        attachments=AttachmentStore(data_dir),
    )
    return ConversationEngine(deps)


@pytest.fixture
async def engine(
    db: Database, sample_kb_path: Path, tmp_path: Path, clock: FrozenClock
) -> ConversationEngine:
    built = build_engine(sample_kb_path, tmp_path)
    async with db.session() as session:
        await sync_units(session, built.deps.kb.units)
    return built


@dataclass
class Citizen:
    """Talks to the engine the way a channel adapter does (inbox -> engine -> outbox)."""

    db: Database
    engine: ConversationEngine
    sender_id: str = field(default_factory=lambda: f"warga-{uuid.uuid4().hex[:8]}")
    channel: str = "web"
    last: Handled | None = None

    async def send(
        self,
        text: str | None = None,
        *,
        choice: str | None = None,
        key: str | None = None,
        content_type: ContentType = ContentType.TEXT,
        photo: CheckedPhoto | None = None,
    ) -> list[OutgoingMessage]:
        incoming = Incoming(
            channel=self.channel,
            sender_id=self.sender_id,
            text=text,
            choice=choice,
            content_type=content_type,
            photo=photo,
        )
        self.last = await receive(
            self.db,
            self.engine,
            incoming,
            dedupe_key=key or uuid.uuid4().hex,
            payload={"text": text, "choice": choice},
            delivered=True,
        )
        return self.last.replies

    async def says(self, text: str | None = None, **kwargs: object) -> str:
        """Send and return all reply texts joined, for assertions on wording."""
        replies = await self.send(text, **kwargs)  # type: ignore[arg-type]
        return "\n\n".join(reply.text for reply in replies)

    def choices(self) -> list[str]:
        assert self.last is not None
        return [choice.value for reply in self.last.replies for choice in reply.choices]


@pytest.fixture
def citizen(db: Database, engine: ConversationEngine) -> Citizen:
    return Citizen(db=db, engine=engine)


@pytest.fixture
def another_citizen(db: Database, engine: ConversationEngine) -> Citizen:
    return Citizen(db=db, engine=engine)


@pytest.fixture
async def browser(db: Database, engine: ConversationEngine) -> AsyncIterator[httpx.AsyncClient]:
    app = build_http_app(WebSettings())
    mount_routes(app, Runtime(db=db, engine=engine))
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as client:
        page = await client.get("/")
        assert page.status_code == 200
        yield client
