"""WhatsApp webhook bodies split per message, and pywa updates -> `Incoming`."""

from __future__ import annotations

import contextlib
import dataclasses
import hashlib
import json
from typing import Any

import httpx
import structlog
from pywa_async.client import WhatsApp
from pywa_async.errors import WhatsAppError
from pywa_async.types.callback import CallbackButton, CallbackSelection
from pywa_async.types.message import Message

from bot.attachments import AttachmentRejectedError, AttachmentStore, BoundedBuffer
from bot.incoming import CheckedPhoto, ContentType, Incoming

CHANNEL = "whatsapp"
HASHED = "~"
log = structlog.get_logger(__name__)
CONTENT_TYPES = {
    "text": ContentType.TEXT,
    "image": ContentType.PHOTO,
    "sticker": ContentType.STICKER,
    "audio": ContentType.VOICE,
    "video": ContentType.VIDEO,
    "document": ContentType.DOCUMENT,
    "location": ContentType.LOCATION,
}


def split_body(body: dict[str, Any]) -> list[tuple[str, dict[str, Any]]]:
    """(dedupe key, a body with exactly one message or status) for everything in a webhook body.

    Meta may batch; pywa dispatches only the first message of a change, and each message needs its
    own inbox row anyway (`wa:{message id}`).
    """
    singles: list[tuple[str, dict[str, Any]]] = []
    for entry in body.get("entry") or []:
        for change in entry.get("changes") or []:
            value = change.get("value") or {}
            rest = {k: v for k, v in value.items() if k not in ("messages", "statuses", "contacts")}
            for message in value.get("messages") or []:
                contacts = _contacts_first(value.get("contacts") or [], message)
                one = {**rest, "contacts": contacts, "messages": [message]}
                singles.append((f"wa:{message.get('id')}", _wrap(body, entry, change, one)))
            for status in value.get("statuses") or []:
                key = f"wa:status:{status.get('id')}:{status.get('status')}"
                senders = {"contacts": value["contacts"]} if value.get("contacts") else {}
                one = {**rest, **senders, "statuses": [status]}
                singles.append((key, _wrap(body, entry, change, one)))
            if not value.get("messages") and not value.get("statuses"):
                digest = hashlib.sha256(json.dumps(change, sort_keys=True).encode()).hexdigest()[:40]
                singles.append((f"wa:other:{digest}", _wrap(body, entry, change, value)))
    return singles


def _wrap(body: dict[str, Any], entry: dict[str, Any], change: dict[str, Any], value: Any) -> dict[str, Any]:
    return {
        "object": body.get("object"),
        "entry": [{"id": entry.get("id"), "changes": [{"field": change.get("field"), "value": value}]}],
    }


def _contacts_first(contacts: list[dict[str, Any]], message: dict[str, Any]) -> list[dict[str, Any]]:
    """pywa reads the sender from contacts[0]: put the sender's contact there."""
    ids = {message.get("from"), message.get("from_user_id")} - {None}
    mine = [c for c in contacts if c.get("wa_id") in ids or c.get("user_id") in ids]
    return mine + [c for c in contacts if c not in mine]


def sender_of(single: dict[str, Any]) -> str:
    value = single["entry"][0]["changes"][0]["value"]
    contact = (value.get("contacts") or [{}])[0]
    message = (value.get("messages") or [{}])[0]
    return str(contact.get("user_id") or contact.get("wa_id") or message.get("from") or "")


def has_message(single: dict[str, Any]) -> bool:
    """Whether a split body carries a citizen's message (not a status or another field)."""
    return bool(single["entry"][0]["changes"][0]["value"].get("messages"))


def text_of(single: dict[str, Any]) -> str | None:
    """A text message's body (for folding repeats), else None."""
    message = (single["entry"][0]["changes"][0]["value"].get("messages") or [{}])[0]
    text = (message.get("text") or {}).get("body") if message.get("type") == "text" else None
    return text if isinstance(text, str) else None


async def incoming_from_message(msg: Message, *, client: WhatsApp, store: AttachmentStore) -> Incoming:
    content_type = CONTENT_TYPES.get(str(msg.type), ContentType.OTHER)
    base = Incoming(
        channel=CHANNEL,
        sender_id=msg.from_user.preferred_id,
        content_type=content_type,
        text=msg.text or msg.caption,
        display_name=msg.from_user.name,
    )
    if content_type is ContentType.LOCATION and msg.location is not None:
        return dataclasses.replace(base, latitude=msg.location.latitude, longitude=msg.location.longitude)
    if content_type is ContentType.PHOTO and msg.image is not None:
        saved, rejection = await _download(client, msg.image.id, store)
        return dataclasses.replace(base, photo=saved, photo_rejection=rejection)
    return base


def incoming_from_choice(
    update: CallbackButton[Any] | CallbackSelection[Any], *, described_as: str | None = None
) -> Incoming:
    """A reply button or list row. A hashed (long) value comes back as its label, like a typed label."""
    data = str(update.data)
    hashed = data.startswith(HASHED)
    return Incoming(
        channel=CHANNEL,
        sender_id=update.from_user.preferred_id,
        content_type=ContentType.TEXT if hashed else ContentType.CHOICE,
        choice=None if hashed else data,
        text=(described_as or update.title) if hashed else None,
        display_name=update.from_user.name,
    )


async def _download(
    client: WhatsApp, media_id: str, store: AttachmentStore
) -> tuple[CheckedPhoto | None, str | None]:
    """Streamed, and abandoned past the size limit whatever Meta declared; checked by the store."""
    try:
        media = await client.get_media_url(media_id)
        if (media.file_size or 0) > store.max_bytes:
            return None, "too_large"
        buffer = BoundedBuffer(store.max_bytes)
        async with contextlib.aclosing(client.stream_media(media.url)) as chunks:
            async for chunk in chunks:
                buffer.write(chunk)
        return await store.check_photo(buffer.getvalue()), None
    except (WhatsAppError, httpx.HTTPError) as error:
        log.warning("whatsapp_media_unavailable", media_id=media_id, error=str(error)[:300])
        return None, "unavailable"
    except AttachmentRejectedError as rejected:
        log.info("whatsapp_photo_rejected", media_id=media_id, reason=rejected.reason)
        return None, rejected.reason
