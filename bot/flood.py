"""Flood control for every channel: per-sender and per-address limits, identical messages folded.

The check runs before the store. A message over a limit, or identical to one its sender sent a few
seconds before, is still stored when we acknowledge it (Telegram, WhatsApp: every message we answer
200 is persisted) but already `ignored` with the reason (`rate_limited`, `repeated`) in that one
write, never handed to a worker: it costs one row, not a conversation turn, so one sender's flood
does not slow everybody else. The first refusal in a window gets one polite notice (`rate_limited`
in the catalogue); the others get nothing. The web chat answers a refusal 429 and stores nothing.
"""

from __future__ import annotations

from dataclasses import dataclass

from pydantic_settings import BaseSettings, SettingsConfigDict
from sqlalchemy.ext.asyncio import AsyncSession

from bot.catalogue import Catalogue
from core.db import Database
from core.messenger import OutgoingMessage
from messaging import service as messaging
from messaging.limits import Limit, Limiter
from messaging.service import StoredInbound

RATE_LIMITED = "rate_limited"
REPEATED = "repeated"


class LimitSettings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="TANGGAP_LIMIT_", env_file=".env", extra="ignore")

    sender_messages: int = 20
    """Messages one sender (a web chat session, a Telegram or WhatsApp user) may send per window."""
    sender_window_seconds: float = 60.0
    address_messages: int = 120
    """Web chat messages per browser address per window: several citizens may share one (an office)."""
    address_window_seconds: float = 60.0
    address_new_sessions: int = 30
    """New web chat sessions one address may open per `address_new_sessions_window_seconds`."""
    address_new_sessions_window_seconds: float = 3600.0
    repeat_window_seconds: float = 5.0
    """A free-text message identical to the sender's previous one within this long is not handled."""

    def sender(self, channel: str) -> Limit:
        return Limit(f"sender:{channel}", self.sender_messages, self.sender_window_seconds)

    def address(self) -> Limit:
        return Limit("address", self.address_messages, self.address_window_seconds)

    def new_sessions(self) -> Limit:
        return Limit("new-session", self.address_new_sessions, self.address_new_sessions_window_seconds)


@dataclass(frozen=True)
class Check:
    handle: bool
    reason: str | None = None
    notify: bool = False


HANDLE = Check(handle=True)


class FloodGuard:
    def __init__(self, limiter: Limiter, settings: LimitSettings | None = None) -> None:
        self.limiter = limiter
        self.settings = settings or LimitSettings()

    async def check(
        self, *, channel: str, sender_id: str, text: str | None, address: str | None = None
    ) -> Check:
        """Whether to handle a message: the sender's limit, then the address's, then folding."""
        verdict = await self.limiter.hit(self.settings.sender(channel), f"{channel}:{sender_id}")
        if verdict.allowed and address:
            verdict = await self.limiter.hit(self.settings.address(), address)
        if not verdict.allowed:
            return Check(handle=False, reason=RATE_LIMITED, notify=verdict.notify)
        if text and text.strip():
            window = self.settings.repeat_window_seconds
            if await self.limiter.repeated(f"{channel}:{sender_id}", text, window=window):
                return Check(handle=False, reason=REPEATED)
        return HANDLE

    async def may_open_session(self, address: str) -> bool:
        return (await self.limiter.hit(self.settings.new_sessions(), address)).allowed


async def admit(
    guard: FloodGuard | None, *, channel: str, sender_id: str, text: str | None, address: str | None = None
) -> Check:
    """The check made before the store (the Telegram and WhatsApp webhooks): what is refused is then
    stored `ignored` in the same write (`store(ignored=...)`), never handed to a worker."""
    if guard is None or not sender_id:
        return HANDLE
    return await guard.check(channel=channel, sender_id=sender_id, text=text, address=address)


async def write_notice(
    db: Database, catalogue: Catalogue, *, stored: StoredInbound, channel: str, target: str, delivered: bool
) -> None:
    """The one polite notice of a window, for a message that was stored ignored (`store(ignored=...)`)."""
    async with db.session() as session:
        await _queue_notice(
            session, catalogue, stored=stored, channel=channel, target=target, delivered=delivered
        )


async def _queue_notice(
    session: AsyncSession,
    catalogue: Catalogue,
    *,
    stored: StoredInbound,
    channel: str,
    target: str,
    delivered: bool,
) -> None:
    await messaging.queue_reply(
        session,
        channel=channel,
        target=target,
        message=notice(catalogue),
        inbound_id=stored.id,
        delivered=delivered,
    )


def notice(catalogue: Catalogue) -> OutgoingMessage:
    return OutgoingMessage(text=catalogue.render(RATE_LIMITED))
