"""The one place the Telegram routers are composed, with per-chat isolation shared through Redis
when several processes serve the bot (one process: an in-memory lock per chat)."""

from __future__ import annotations

from aiogram import Dispatcher
from aiogram.fsm.storage.base import DefaultKeyBuilder
from aiogram.fsm.storage.memory import MemoryStorage, SimpleEventIsolation
from aiogram.fsm.storage.redis import RedisEventIsolation, RedisStorage
from redis.asyncio import Redis

from bot.telegram import buttons, discussion, private, staff
from bot.telegram.inbox import InboxMiddleware
from bot.telegram.settings import TelegramSettings


def build_dispatcher(
    settings: TelegramSettings, *, redis: Redis | None = None, redis_prefix: str = "tanggap"
) -> Dispatcher:
    served = frozenset(settings.discussion_chat_ids)
    if redis is not None:
        keys = DefaultKeyBuilder(prefix=f"{redis_prefix}:tg", with_bot_id=True)
        dispatcher = Dispatcher(
            storage=RedisStorage(redis, key_builder=keys),
            events_isolation=RedisEventIsolation(redis, key_builder=keys),
        )
    else:
        dispatcher = Dispatcher(storage=MemoryStorage(), events_isolation=SimpleEventIsolation())
    dispatcher.update.outer_middleware(InboxMiddleware(served))
    dispatcher.include_routers(
        private.build_router(), buttons.build_router(), discussion.build_router(served), staff.build_router()
    )
    return dispatcher
