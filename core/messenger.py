"""What domains know about channels: an outgoing message and the protocol that sends it.

Domains write `OutgoingMessage`s to the outbox; channel adapters (bot/telegram, bot/whatsapp, ...)
implement `Messenger` and deliver them. Domains never import a channel.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Protocol


@dataclass(frozen=True)
class Choice:
    """A button / quick reply: `value` comes back when the citizen picks it."""

    value: str
    label: str


@dataclass(frozen=True)
class OutgoingMessage:
    text: str
    choices: tuple[Choice, ...] = ()
    reply_to: str | None = None


@dataclass(frozen=True)
class DeliveryResult:
    ok: bool
    external_id: str | None = None
    error: str | None = None
    permanent: bool = False
    retry_after_seconds: float | None = None
    extra: dict[str, str] = field(default_factory=dict)


class Messenger(Protocol):
    channel: str

    async def send(self, target: str, message: OutgoingMessage) -> DeliveryResult: ...
