"""Telegram updates as the Bot API sends them (JSON dicts)."""

from __future__ import annotations

from typing import Any

CHANNEL_ID = -1001111111111
GROUP_ID = -1002222222222
DATE = 1_795_000_000


def user(user_id: int, name: str = "Budi") -> dict[str, Any]:
    return {"id": user_id, "is_bot": False, "first_name": name, "language_code": "id"}


def private_chat(user_id: int) -> dict[str, Any]:
    return {"id": user_id, "type": "private", "first_name": "Budi"}


def text(update_id: int, user_id: int, body: str, *, message_id: int = 1) -> dict[str, Any]:
    message = {
        "message_id": message_id,
        "from": user(user_id),
        "chat": private_chat(user_id),
        "date": DATE,
        "text": body,
    }
    return {"update_id": update_id, "message": message}


def photo(
    update_id: int, user_id: int, file_id: str, size: int, caption: str | None = None
) -> dict[str, Any]:
    sizes = [
        {"file_id": f"{file_id}-small", "file_unique_id": "s", "width": 90, "height": 90, "file_size": 100},
        {"file_id": file_id, "file_unique_id": "b", "width": 1280, "height": 960, "file_size": size},
    ]
    message: dict[str, Any] = {
        "message_id": update_id,
        "from": user(user_id),
        "chat": private_chat(user_id),
        "date": DATE,
        "photo": sizes,
    }
    if caption is not None:
        message["caption"] = caption
    return {"update_id": update_id, "message": message}


def button(
    update_id: int, user_id: int, data: str, *, keyboard: list[list[dict[str, str]]] | None = None
) -> dict[str, Any]:
    message: dict[str, Any] = {
        "message_id": 900,
        "chat": private_chat(user_id),
        "date": DATE,
        "text": "pilih",
    }
    if keyboard is not None:
        message["reply_markup"] = {"inline_keyboard": keyboard}
    query = {
        "id": f"cb{update_id}",
        "from": user(user_id),
        "chat_instance": "ci",
        "data": data,
        "message": message,
    }
    return {"update_id": update_id, "callback_query": query}


def channel_copy(message_id: int, post_id: int) -> dict[str, Any]:
    """The channel post as Telegram copies it into the discussion group."""
    channel = {"id": CHANNEL_ID, "type": "channel", "title": "Info Kota Contoh"}
    return {
        "message_id": message_id,
        "from": {"id": 777000, "is_bot": False, "first_name": "Telegram"},
        "sender_chat": channel,
        "chat": {"id": GROUP_ID, "type": "supergroup", "title": "Diskusi Info Kota"},
        "date": DATE,
        "is_automatic_forward": True,
        "forward_origin": {"type": "channel", "chat": channel, "message_id": post_id, "date": DATE},
        "text": "Pengumuman: jadwal pelayanan KTP-el pada hari Sabtu.",
    }


def comment(
    update_id: int, user_id: int, body: str, *, group_id: int = GROUP_ID, copy_id: int = 40, post_id: int = 12
) -> dict[str, Any]:
    copy = channel_copy(copy_id, post_id)
    copy["chat"]["id"] = group_id
    message = {
        "message_id": 500 + update_id,
        "message_thread_id": copy_id,
        "from": user(user_id, "Siti"),
        "chat": {"id": group_id, "type": "supergroup", "title": "Diskusi Info Kota"},
        "date": DATE,
        "reply_to_message": copy,
        "text": body,
    }
    return {"update_id": update_id, "message": message}


def group_chatter(update_id: int, user_id: int, body: str) -> dict[str, Any]:
    message = {
        "message_id": 600 + update_id,
        "from": user(user_id, "Siti"),
        "chat": {"id": GROUP_ID, "type": "supergroup", "title": "Diskusi Info Kota"},
        "date": DATE,
        "text": body,
    }
    return {"update_id": update_id, "message": message}
