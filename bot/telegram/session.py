"""The HTTP session the bot talks to the Bot API through: aiogram's, with one fix for speed.

aiogram validates every answer as `Response[T]` (T: what the method returns), a pydantic generic
model that pydantic caches only weakly: after a garbage collection it is built again, which costs
milliseconds per API call under load (measured: a tenth of a busy worker's time). The models are
kept here, once per result type, so each is built once per process.
"""

from __future__ import annotations

from typing import Any

from aiogram import Bot
from aiogram.client.session.aiohttp import AiohttpSession
from aiogram.methods import TelegramMethod
from aiogram.methods.base import Response, TelegramType

_RESPONSE: Any = Response
_RESPONSE_MODELS: dict[Any, Any] = {}


class BotApiSession(AiohttpSession):
    def check_response(
        self, bot: Bot, method: TelegramMethod[TelegramType], status_code: int, content: str
    ) -> Response[TelegramType]:
        returning = method.__returning__
        if returning not in _RESPONSE_MODELS:
            _RESPONSE_MODELS[returning] = _RESPONSE[returning]
        return super().check_response(bot, method, status_code, content)
