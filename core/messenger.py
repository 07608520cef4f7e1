"""What domains know about channels: an outgoing message and the protocol that sends it.

Domains write `OutgoingMessage`s to the outbox; channel adapters (bot/telegram, bot/whatsapp, ...)
implement `Messenger` and deliver them. Domains never import a channel.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta
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
    topic: str | None = None
    """What the reply is about, for reports (`faq_unknown`: a question the FAQ could not answer);
    kept in the outbox row's payload, never shown."""


@dataclass(frozen=True)
class DeliveryResult:
    """What a send attempt came to. `permanent`: retrying cannot help (blocked bot, no template, ...);
    `retry_after_seconds`: the platform said when to try again (Telegram 429, WhatsApp rate errors);
    `hold`: the pacing keys (of `Messenger.rate_limits`) that the slow-down applies to: nothing goes
    out under them for `retry_after_seconds` (empty: the narrowest key, this chat)."""

    ok: bool
    external_id: str | None = None
    error: str | None = None
    permanent: bool = False
    retry_after_seconds: float | None = None
    template_name: str | None = None
    hold: tuple[str, ...] = ()
    extra: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class RateLimit:
    """At most one message per `interval` seconds under `key` (a bot, a chat, a group)."""

    key: str
    interval: float


class Messenger(Protocol):
    channel: str
    reply_window: timedelta | None
    """Free-form replies are only allowed this long after the recipient's last message (WhatsApp: 24 h)."""
    confirms_delivery: bool
    """The platform reports each message it took, with the `reference` it was sent with (WhatsApp's
    status webhooks): a send whose outcome was lost can be settled by that report instead of resent."""

    def rate_limits(self, target: str) -> tuple[RateLimit, ...]:
        """From the broadest (the whole bot) to the narrowest (this chat); a 429 holds back the last."""
        ...

    async def send(
        self,
        target: str,
        message: OutgoingMessage,
        *,
        last_inbound_at: datetime | None = None,
        reference: str | None = None,
    ) -> DeliveryResult:
        """`reference` names the outbox row; a platform that can echo it back does (`confirms_delivery`)."""
        ...
