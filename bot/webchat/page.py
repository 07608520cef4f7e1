"""What the chat page shows besides the replies: its own texts (from the catalogue) and the
transcript after a reload, in the order it was said."""

from __future__ import annotations

import math
from collections.abc import Sequence
from datetime import datetime

from bot.catalogue import Catalogue
from bot.webchat.chat import ChatMessageOut, ChoiceOut
from messaging import InboundMessage, OutboundMessage
from messaging import service as messaging

UI_PREFIX = "webchat.ui."
UI_KEYS = (
    "service",
    "photo_button",
    "message_label",
    "message_placeholder",
    "send",
    "end_session",
    "end_confirm",
    "end_failed",
    "photo_attach",
    "photo_remove",
    "privacy_note",
    "not_sent",
    "retry",
    "offline",
    "rejected",
    "server_error",
    "unavailable",
    "uploading",
)


def page_texts(catalogue: Catalogue) -> dict[str, str]:
    """The page's own words; the counter keeps `{left}` for the page to fill in."""
    texts = {key: catalogue.render(UI_PREFIX + key) for key in UI_KEYS}
    texts["counter"] = catalogue.render(UI_PREFIX + "counter", left="{left}")
    return texts


def transcript_lines(
    rows: Sequence[InboundMessage | OutboundMessage], catalogue: Catalogue
) -> list[ChatMessageOut]:
    """Oldest first, each reply right after the message it answers (times alone can tie). The
    page's own start (a choice without a label, which the citizen never typed or tapped) is left out."""
    inbound = {row.id: row for row in rows if isinstance(row, InboundMessage)}
    ordered = sorted(rows, key=lambda row: _position(row, inbound))
    lines = [_line(row, catalogue) for row in ordered]
    return [line for line in lines if line is not None]


def _position(
    row: InboundMessage | OutboundMessage, inbound: dict[int | None, InboundMessage]
) -> tuple[datetime, float, int, int]:
    if isinstance(row, InboundMessage):
        return (row.received_at, row.id or 0, 0, 0)
    answered = inbound.get(row.inbound_id) if row.inbound_id is not None else None
    if answered is not None:
        return (answered.received_at, answered.id or 0, 1, row.id or 0)
    return (row.created_at, math.inf, 2, row.id or 0)


def _line(row: InboundMessage | OutboundMessage, catalogue: Catalogue) -> ChatMessageOut | None:
    if isinstance(row, OutboundMessage):
        outgoing = messaging.as_outgoing(row)
        choices = [ChoiceOut(value=c.value, label=c.label) for c in outgoing.choices]
        return ChatMessageOut(direction="out", text=outgoing.text, choices=choices)
    payload = row.payload
    if payload.get("photo"):
        text = catalogue.render("webchat.photo_line", caption=payload.get("caption") or "")
    elif payload.get("text"):
        text = payload["text"]
    elif payload.get("label"):
        text = payload["label"]
    else:
        return None
    return ChatMessageOut(direction="in", text=str(text))
