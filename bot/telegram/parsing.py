"""Telegram messages -> `Incoming`. Photos are downloaded (never more than the size limit, whatever
Telegram declared) and checked by the attachment store, not written yet; other media become the
content type the engine answers politely."""

from __future__ import annotations

import dataclasses

import structlog
from aiogram import Bot
from aiogram.exceptions import TelegramBadRequest, TelegramNotFound
from aiogram.types import Message, PhotoSize

from bot.attachments import ALLOWED_PHOTO_TYPES, AttachmentRejectedError, AttachmentStore, BoundedBuffer
from bot.incoming import CheckedPhoto, ContentType, Incoming
from tickets import TicketKind

CHANNEL = "telegram"
COMMANDS = {"/start": "menu:start", "/menu": "menu:main", "/help": "menu:main", "/batal": "cancel"}
log = structlog.get_logger(__name__)


async def incoming_from_message(
    message: Message, *, bot: Bot, store: AttachmentStore, kind: TicketKind = TicketKind.DM
) -> Incoming:
    user = message.from_user
    text, choice = _text_and_command(message.text or message.caption)
    content_type = _content_type(message)
    base = Incoming(
        channel=CHANNEL,
        sender_id=str(user.id if user else message.chat.id),
        content_type=ContentType.CHOICE if choice else content_type,
        text=text,
        choice=choice,
        display_name=user.full_name if user else None,
        kind=kind,
    )
    location = message.location or (message.venue.location if message.venue else None)
    if content_type is ContentType.LOCATION and location is not None:
        return dataclasses.replace(base, latitude=location.latitude, longitude=location.longitude)
    if content_type is ContentType.PHOTO:
        saved, rejection = await _download_photo(message, bot=bot, store=store)
        return dataclasses.replace(base, photo=saved, photo_rejection=rejection)
    return base


def _text_and_command(text: str | None) -> tuple[str | None, str | None]:
    """ "/start" opens the menu; "/start ADU-2026-000123" (a deep link from a comment reply) is the code."""
    if not text or not text.startswith("/"):
        return text, None
    command, _, rest = text.partition(" ")
    command = command.split("@", 1)[0].casefold()
    if command == "/start" and rest.strip():
        return rest.strip(), None
    if command in COMMANDS:
        return None, COMMANDS[command]
    return text, None


def _content_type(message: Message) -> ContentType:
    if message.photo or _image_document(message):
        return ContentType.PHOTO
    if message.location is not None or message.venue is not None:
        return ContentType.LOCATION
    checks = (
        (message.sticker, ContentType.STICKER),
        (message.voice or message.audio, ContentType.VOICE),
        (message.video or message.video_note or message.animation, ContentType.VIDEO),
        (message.document, ContentType.DOCUMENT),
    )
    for present, content_type in checks:
        if present:
            return content_type
    if message.text is not None:
        return ContentType.TEXT
    return ContentType.OTHER


def _image_document(message: Message) -> bool:
    document = message.document
    return document is not None and (document.mime_type or "") in ALLOWED_PHOTO_TYPES


async def _download_photo(
    message: Message, *, bot: Bot, store: AttachmentStore
) -> tuple[CheckedPhoto | None, str | None]:
    """The largest size within the limit, downloaded and checked by the store."""
    if message.photo:
        fitting = [size for size in message.photo if (size.file_size or 0) <= store.max_bytes]
        if not fitting:
            return None, "too_large"
        chosen: PhotoSize = max(fitting, key=lambda size: size.width * size.height)
        file_id, size, name = chosen.file_id, chosen.file_size, None
    elif message.document is not None:
        file_id, size = message.document.file_id, message.document.file_size
        name = message.document.file_name
        if (size or 0) > store.max_bytes:
            return None, "too_large"
    else:
        return None, "type"
    try:
        file = await bot.get_file(file_id)
        if (file.file_size or 0) > store.max_bytes or not file.file_path:
            return None, "too_large" if file.file_path else "unavailable"
        buffer = BoundedBuffer(store.max_bytes)
        await bot.download_file(file.file_path, destination=buffer)
        return await store.check_photo(buffer.getvalue(), original_name=name), None
    except (TelegramBadRequest, TelegramNotFound) as error:
        log.warning("telegram_photo_unavailable", file_id=file_id, error=str(error))
        return None, "unavailable"
    except AttachmentRejectedError as rejected:
        log.info("telegram_photo_rejected", reason=rejected.reason, size=size)
        return None, rejected.reason
