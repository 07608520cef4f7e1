"""Webhook shapes Meta sends that pywa cannot build an update from, made readable before dispatch.

pywa 4 reads the sender from `contacts[0]["user_id"]` (the business-scoped user id) and a status's
recipient from `contacts[...]`; a message from a number without a BSUID (older API versions,
usernames not enabled) or a `failed` status, which Meta sends without `contacts`, raises KeyError
inside pywa, which logs it and calls no handler. Here the missing parts are filled from what the
message itself says (`from`, `from_user_id`; a status's `recipient_id`, `recipient_user_id`), so the
citizen is answered whenever the body names someone to answer. A message that names no sender at
all cannot be answered: `problem` says so and the channel parks it (visible in
`tanggap inbox failed`). The stored payload is never changed: replays are read the same way.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Readable:
    single: dict[str, Any]
    """The body to give pywa (a copy when something had to be filled in)."""
    problem: str | None = None
    """Why the message cannot be handled at all (then the channel parks it)."""


def readable(single: dict[str, Any]) -> Readable:
    """`single` is one message or one status (`parsing.split_body`)."""
    value = _value(single)
    if value is None:
        return Readable(single)
    if value.get("messages"):
        return _message(single, value)
    if value.get("statuses"):
        return _status(single, value)
    return Readable(single)


def is_message_or_status(single: dict[str, Any]) -> bool:
    value = _value(single) or {}
    return bool(value.get("messages") or value.get("statuses"))


def phone_number_id(single: dict[str, Any]) -> str | None:
    """The business number the body was sent to."""
    metadata = (_value(single) or {}).get("metadata")
    return metadata.get("phone_number_id") if isinstance(metadata, dict) else None


def _message(single: dict[str, Any], value: dict[str, Any]) -> Readable:
    message = value["messages"][0] if isinstance(value["messages"][0], dict) else {}
    contacts = value.get("contacts") or []
    first = contacts[0] if contacts and isinstance(contacts[0], dict) else {}
    if "user_id" in first:
        return Readable(single)
    wa_id = first.get("wa_id") or message.get("from")
    user_id = message.get("from_user_id")
    if not wa_id and not user_id:
        return Readable(single, problem="message names no sender (no wa_id, user_id or from)")
    filled = {**first, "wa_id": wa_id, "user_id": user_id, "profile": first.get("profile") or {}}
    return Readable(_with_contacts(single, [filled, *contacts[1:]]))


def _status(single: dict[str, Any], value: dict[str, Any]) -> Readable:
    if value.get("contacts"):
        return Readable(single)
    status = value["statuses"][0] if isinstance(value["statuses"][0], dict) else {}
    recipient = {"wa_id": status.get("recipient_id"), "user_id": status.get("recipient_user_id")}
    return Readable(_with_contacts(single, [recipient]))


def _with_contacts(single: dict[str, Any], contacts: list[dict[str, Any]]) -> dict[str, Any]:
    fixed = copy.deepcopy(single)
    fixed["entry"][0]["changes"][0]["value"]["contacts"] = contacts
    return fixed


def _value(single: dict[str, Any]) -> dict[str, Any] | None:
    try:
        value = single["entry"][0]["changes"][0]["value"]
    except (KeyError, IndexError, TypeError):
        return None
    return value if isinstance(value, dict) else None
