"""The one place the Telegram routers are composed.

No lock is shared between processes: a citizen's updates keep their order through the inbox (each
is claimed in one transaction, after the sender's earlier ones, `claim_inbound_in_order`), their
conversation row is locked while an update changes it, and a process's handoff gives each citizen
one queue. aiogram's `RedisEventIsolation`, used before, held a 60 s Redis lock per chat that a
killed process left behind: the citizen's next update waited for it to expire. In a process, the
in-memory isolation is released even when the handling fails.
"""

from __future__ import annotations

from aiogram import Dispatcher
from aiogram.fsm.storage.memory import MemoryStorage, SimpleEventIsolation

from bot.telegram import buttons, discussion, private, staff
from bot.telegram.inbox import InboxMiddleware
from bot.telegram.settings import TelegramSettings


def build_dispatcher(settings: TelegramSettings) -> Dispatcher:
    served = frozenset(settings.discussion_chat_ids)
    dispatcher = Dispatcher(storage=MemoryStorage(), events_isolation=SimpleEventIsolation())
    dispatcher.update.outer_middleware(InboxMiddleware(served))
    dispatcher.include_routers(
        private.build_router(), buttons.build_router(), discussion.build_router(served), staff.build_router()
    )
    return dispatcher
