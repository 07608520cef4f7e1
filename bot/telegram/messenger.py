"""Sending outbox rows to Telegram with aiogram's Bot: inline keyboards, replies in comment threads,
and Telegram's errors sorted into retry-later and give-up."""

from __future__ import annotations

from datetime import datetime, timedelta

from aiogram import Bot
from aiogram.exceptions import (
    TelegramAPIError,
    TelegramBadRequest,
    TelegramForbiddenError,
    TelegramMigrateToChat,
    TelegramNetworkError,
    TelegramNotFound,
    TelegramRetryAfter,
)
from aiogram.types import ReplyParameters

from bot.telegram.keyboard import keyboard
from bot.telegram.parsing import CHANNEL
from bot.telegram.settings import TelegramSettings
from core.messenger import DeliveryResult, OutgoingMessage, RateLimit

MAX_TEXT = 4096


class TelegramMessenger:
    channel = CHANNEL
    reply_window: timedelta | None = None
    confirms_delivery = False
    """The Bot API reports nothing about messages it took beyond its answer to the send."""

    def __init__(self, bot: Bot, settings: TelegramSettings | None = None) -> None:
        self.bot = bot
        self.settings = settings or TelegramSettings()

    def rate_limits(self, target: str) -> tuple[RateLimit, ...]:
        """About 30 messages/s for the bot, 1/s per private chat, 20/min per group (negative ids)."""
        settings = self.settings
        per_chat = (
            settings.group_interval_seconds if target.startswith("-") else settings.chat_interval_seconds
        )
        return (
            RateLimit(key=self._bot_key, interval=1.0 / settings.messages_per_second),
            RateLimit(key=f"{self._bot_key}:{target}", interval=per_chat),
        )

    @property
    def _bot_key(self) -> str:
        return f"tg:{self.bot.id}"

    def held_by_flood_limit(self, target: str) -> tuple[str, ...]:
        """The pacing keys a 429 holds for its `retry_after`.

        Telegram's 429 does not say which limit was hit. A group or channel (negative id) has limits
        of its own (20 messages a minute, slow mode), which a 429 there most likely means: only that
        chat is held, citizens' private chats keep going. We send to a private chat at most once a
        second, its own limit, so a 429 there is the bot-wide flood control (about 30 messages a
        second): the whole bot is held, every chat, in this process and (Redis pacing) in all."""
        chat = f"{self._bot_key}:{target}"
        return (chat,) if target.startswith("-") else (self._bot_key, chat)

    async def send(
        self,
        target: str,
        message: OutgoingMessage,
        *,
        last_inbound_at: datetime | None = None,
        reference: str | None = None,
    ) -> DeliveryResult:
        chunks = split_text(message.text)
        try:
            external_id = ""
            for index, chunk in enumerate(chunks):
                last = index == len(chunks) - 1
                sent = await self.bot.send_message(
                    chat_id=int(target),
                    text=chunk,
                    reply_markup=keyboard(message.choices) if last else None,
                    reply_parameters=(
                        ReplyParameters(message_id=int(message.reply_to))
                        if message.reply_to and index == 0
                        else None
                    ),
                )
                external_id = str(sent.message_id)
        except TelegramRetryAfter as error:
            return DeliveryResult(
                ok=False,
                error=str(error),
                retry_after_seconds=float(error.retry_after),
                hold=self.held_by_flood_limit(target),
            )
        except TelegramMigrateToChat as error:
            return DeliveryResult(
                ok=False,
                permanent=True,
                error=str(error),
                extra={"migrate_to": str(error.migrate_to_chat_id)},
            )
        except (TelegramForbiddenError, TelegramBadRequest, TelegramNotFound) as error:
            return DeliveryResult(ok=False, permanent=True, error=f"{type(error).__name__}: {error}")
        except (TelegramNetworkError, TelegramAPIError) as error:
            return DeliveryResult(ok=False, error=f"{type(error).__name__}: {error}")
        return DeliveryResult(ok=True, external_id=external_id)


def split_text(text: str, limit: int = MAX_TEXT) -> list[str]:
    """Telegram's 4096 characters per message: split at paragraph, then line, then word boundaries."""
    remaining = text.strip() or "-"
    chunks: list[str] = []
    while len(remaining) > limit:
        window = remaining[:limit]
        cut = max(window.rfind("\n\n"), window.rfind("\n"), window.rfind(" "))
        cut = cut if cut > limit // 2 else limit
        chunks.append(remaining[:cut].rstrip())
        remaining = remaining[cut:].lstrip()
    chunks.append(remaining)
    return chunks
