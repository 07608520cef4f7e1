"""Sending outbox rows to WhatsApp with pywa: text, reply buttons (up to 3) or a list (up to 10) from
the engine's choices, and an approved template when the 24-hour customer-service window is closed."""

from __future__ import annotations

import functools
import hashlib
from collections.abc import Callable
from datetime import datetime, timedelta
from typing import Any, cast

import httpx
from pywa_async.client import WhatsApp
from pywa_async.errors import ReEngagementMessage, ThrottlingError, WhatsAppError
from pywa_async.types.callback import Button, Section, SectionList, SectionRow
from pywa_async.types.templates import BodyText, TemplateLanguage

from bot.whatsapp.parsing import CHANNEL, HASHED
from bot.whatsapp.settings import WhatsAppSettings
from core import clock
from core.messenger import Choice, DeliveryResult, OutgoingMessage, RateLimit

MAX_TEXT = 4096
MAX_INTERACTIVE_BODY = 1024
MAX_TEMPLATE_PARAMETER = 1000
TRANSIENT_CODES = {1, 2, 131000, 131016, 131057, 133016}
RATE_RETRY_SECONDS = 30.0
PER_RECIPIENT_RATE_CODES = {131056: 10.0}
"""Pair rate limit (one number to one recipient, about a message every 6 s): only that chat is held."""
PER_NUMBER_RATE_CODES = {130429: 5.0}
"""Throughput (80 messages a second per number by default): the whole number is held. The other
throttling codes (4 app calls, 80007 account, 131048 spam) are per number or wider: held the same
way, for RATE_RETRY_SECONDS."""
NO_TEMPLATE = (
    "outside the 24-hour customer-service window and no approved template is configured "
    "(TANGGAP_WHATSAPP_TEMPLATE_NAME)"
)


class WhatsAppMessenger:
    channel = CHANNEL

    def __init__(self, client: WhatsApp, settings: WhatsAppSettings, texts: Callable[[str], str]) -> None:
        self.client = client
        self.settings = settings
        self.texts = texts
        self.window = timedelta(hours=settings.window_hours)
        self.reply_window: timedelta | None = self.window
        self.confirms_delivery = True
        """Meta's status webhooks echo the `reference` (biz_opaque_callback_data) of every message."""

    def rate_limits(self, target: str) -> tuple[RateLimit, ...]:
        phone = self.settings.phone_id
        return (
            RateLimit(key=f"wa:{phone}", interval=1.0 / self.settings.messages_per_second),
            RateLimit(key=f"wa:{phone}:{target}", interval=self.settings.chat_interval_seconds),
        )

    async def send(
        self,
        target: str,
        message: OutgoingMessage,
        *,
        last_inbound_at: datetime | None = None,
        reference: str | None = None,
    ) -> DeliveryResult:
        """`reference` goes out as the tracker (`biz_opaque_callback_data`) of the last message."""
        window_open = last_inbound_at is not None and clock.now() - last_inbound_at < self.window
        try:
            if not window_open:
                return await self._send_template(target, message, reference)
            return DeliveryResult(ok=True, external_id=await self._send_free_form(target, message, reference))
        except ReEngagementMessage:
            return await self._send_template(target, message, reference)
        except ThrottlingError as error:
            return self._throttled(target, error)
        except WhatsAppError as error:
            transient = error.code in TRANSIENT_CODES or (error.status_code or 0) >= 500 or error.is_transient
            return DeliveryResult(ok=False, error=_describe(error), permanent=not transient)
        except httpx.HTTPError as error:
            return DeliveryResult(ok=False, error=f"{type(error).__name__}: {error}")

    def _throttled(self, target: str, error: ThrottlingError) -> DeliveryResult:
        """Held by code: a recipient's pair rate holds that chat, anything else the whole number."""
        limits = self.rate_limits(target)
        if error.code in PER_RECIPIENT_RATE_CODES:
            wait, hold = PER_RECIPIENT_RATE_CODES[error.code], (limits[-1].key,)
        else:
            wait, hold = PER_NUMBER_RATE_CODES.get(error.code, RATE_RETRY_SECONDS), (limits[0].key,)
        return DeliveryResult(ok=False, error=_describe(error), retry_after_seconds=wait, hold=hold)

    async def _send_template(
        self, target: str, message: OutgoingMessage, reference: str | None
    ) -> DeliveryResult:
        name = self.settings.template_name
        if not name:
            return DeliveryResult(ok=False, permanent=True, error=NO_TEMPLATE)
        sent = await self.client.send_template(
            to=target,
            name=name,
            language=TemplateLanguage(self.settings.template_language),
            params=[cast(Any, BodyText).params(template_parameter(message.text))],
            tracker=reference,
        )
        return DeliveryResult(ok=True, external_id=sent.id, template_name=name)

    async def _send_free_form(self, target: str, message: OutgoingMessage, reference: str | None) -> str:
        text = message.text[:MAX_TEXT]
        reply_to = message.reply_to
        buttons = self._buttons(message.choices)
        send = functools.partial(self.client.send_message, to=target)
        if not message.choices:
            return (await send(text=text, reply_to_message_id=reply_to, tracker=reference)).id
        if buttons is None:
            numbered = "\n".join(f"{n}. {c.label}" for n, c in enumerate(message.choices, start=1))
            return (await send(text=f"{text}\n\n{numbered}"[:MAX_TEXT], tracker=reference)).id
        if len(text) > MAX_INTERACTIVE_BODY:
            await send(text=text, reply_to_message_id=reply_to)
            text, reply_to = self.texts("choices.prompt"), None
        return (await send(text=text, buttons=buttons, reply_to_message_id=reply_to, tracker=reference)).id

    def _buttons(self, choices: tuple[Choice, ...]) -> list[Button] | SectionList | None:
        if not choices or len(choices) > 10:
            return None
        if len(choices) <= 3 and all(len(choice.label) <= 20 for choice in choices):
            return [Button(title=c.label, callback_data=callback_data_for(c.value, 256)) for c in choices]
        heading = self.texts("choices.button")
        rows = [
            SectionRow(
                title=_shorten(choice.label, 24),
                callback_data=callback_data_for(choice.value, 200),
                description=choice.label[:72] if len(choice.label) > 24 else None,
            )
            for choice in choices
        ]
        return SectionList(
            button_title=_shorten(heading, 20), sections=[Section(title=_shorten(heading, 24), rows=rows)]
        )


def callback_data_for(value: str, limit: int) -> str:
    if len(value) <= limit and not value.startswith(HASHED):
        return value
    return HASHED + hashlib.sha256(value.encode("utf-8")).hexdigest()[:32]


def template_parameter(text: str) -> str:
    """Template parameters may not contain new lines, tabs or runs of spaces."""
    flat = " ".join(text.split())
    return flat if len(flat) <= MAX_TEMPLATE_PARAMETER else flat[: MAX_TEMPLATE_PARAMETER - 1] + "…"


def _shorten(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _describe(error: WhatsAppError) -> str:
    return f"{type(error).__name__} {error.code}: {error.message}"
