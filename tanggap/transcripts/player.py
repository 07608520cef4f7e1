"""Plays the scripts through the real engine: inbox, engine, outbox, as a channel adapter does."""

from __future__ import annotations

import io
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from PIL import Image

from bot.deps import BotDeps, BotSettings
from bot.engine import ConversationEngine
from bot.handling import receive
from bot.incoming import CheckedPhoto, ContentType, Incoming
from core import clock as core_clock
from core.db import Database
from core.messenger import OutgoingMessage
from escalation import sync_units
from faq import SAMPLE_KB_PATH, FaqService
from sla import load_sla_config
from tanggap import migrate
from tanggap.transcripts.scripts import Script, ScriptFile, Step
from tickets import TicketKind

STARTS_AT = datetime(2026, 11, 23, 9, 0, tzinfo=ZoneInfo("Asia/Jakarta"))
"""Every conversation starts on Monday 23 November 2026, 09:00 WIB: an ordinary working morning."""
POST_ID = "post-1"


class ScriptError(ValueError):
    """A script asks for something the bot did not offer (a button that is not there)."""


@dataclass(frozen=True)
class Exchange:
    step: Step
    sent: str | None
    """What the citizen sent as text (a caption, a typed line), or the label of the button pressed."""
    replies: Sequence[OutgoingMessage]


@dataclass(frozen=True)
class Played:
    script: Script
    exchanges: Sequence[Exchange]


@dataclass(frozen=True)
class PlayedSection:
    title: str
    conversations: Sequence[Played]


async def play_all(files: Sequence[ScriptFile], kb_path: Path = Path(SAMPLE_KB_PATH)) -> list[PlayedSection]:
    """Every script, in order, each citizen new, on a database made for this run and thrown away."""
    with tempfile.TemporaryDirectory(prefix="tanggap-conversations-") as directory:
        root = Path(directory)
        url = f"sqlite+aiosqlite:///{root / 'conversations.db'}"
        await migrate.upgrade_async(url)
        db = Database(url)
        try:
            engine = await _engine(db, kb_path, root / "data")
            frozen = core_clock.FrozenClock(STARTS_AT)
            with core_clock.use_clock(frozen):
                return [
                    PlayedSection(
                        file.section, [await _play(db, engine, frozen, script) for script in file.scripts]
                    )
                    for file in files
                ]
        finally:
            await db.dispose()


async def _engine(db: Database, kb_path: Path, data_dir: Path) -> ConversationEngine:
    service = FaqService(kb_path)
    settings = BotSettings(_env_file=None)
    deps = BotDeps(
        faq=service,
        sla=load_sla_config(kb_path, service.kb.agency.timezone),
        attachments=settings.attachment_store(data_dir),
        settings=settings,
    )
    async with db.session() as session:
        await sync_units(session, service.kb.units)
        await session.commit()
    return ConversationEngine(deps)


async def _play(
    db: Database, engine: ConversationEngine, frozen: core_clock.FrozenClock, script: Script
) -> Played:
    frozen.set(STARTS_AT)
    sender = f"warga-{script.id}"
    exchanges: list[Exchange] = []
    offered: Sequence[OutgoingMessage] = ()
    for number, step in enumerate(script.steps, start=1):
        if step.wait_hours is not None:
            frozen.advance(hours=step.wait_hours)
            exchanges.append(Exchange(step=step, sent=None, replies=()))
            continue
        incoming, sent = await _incoming(engine, script, sender, step, offered)
        handled = await receive(
            db,
            engine,
            incoming,
            dedupe_key=f"conversations:{script.id}:{number}",
            payload={"text": incoming.text, "choice": incoming.choice},
            delivered=True,
        )
        offered = handled.replies
        exchanges.append(Exchange(step=step, sent=sent, replies=handled.replies))
    return Played(script=script, exchanges=exchanges)


async def _incoming(
    engine: ConversationEngine, script: Script, sender: str, step: Step, offered: Sequence[OutgoingMessage]
) -> tuple[Incoming, str | None]:
    if step.press is not None:
        choice = _pressed(script, step.press, offered)
        return Incoming(channel=script.channel, sender_id=sender, choice=choice), step.press
    text = step.text()
    if step.comment is not None:
        comment = Incoming(
            channel=script.channel,
            sender_id=sender,
            text=text,
            kind=TicketKind.COMMENT,
            source_post_id=POST_ID,
            chat_id="discussion-group",
            reply_to=f"comment-{script.id}",
            dm_link="https://t.me/LayananKotaContohBot",
        )
        return comment, text
    if step.photo is not None:
        photo = await _photo(engine)
        incoming = Incoming(
            channel=script.channel,
            sender_id=sender,
            text=text or None,
            content_type=ContentType.PHOTO,
            photo=photo,
        )
        return incoming, text
    return Incoming(channel=script.channel, sender_id=sender, text=text), text


def _pressed(script: Script, label: str, offered: Sequence[OutgoingMessage]) -> str:
    for reply in offered:
        for choice in reply.choices:
            if choice.label == label:
                return choice.value
    labels = [choice.label for reply in offered for choice in reply.choices]
    raise ScriptError(f"{script.id}: no button {label!r} was offered (offered: {labels})")


async def _photo(engine: ConversationEngine) -> CheckedPhoto:
    """The same small JPEG every time (a grey road with a dark hole), checked as every channel does."""
    image = Image.new("RGB", (320, 240), (128, 128, 128))
    image.paste((30, 30, 30), (120, 90, 200, 150))
    buffer = io.BytesIO()
    image.save(buffer, format="JPEG", quality=80)
    return await engine.deps.attachments.check_photo(buffer.getvalue(), original_name="foto.jpg")
