"""Assembling the Telegram channel from its settings: one Bot shared by receiving and sending."""

from __future__ import annotations

from dataclasses import dataclass

from aiogram import Bot
from aiogram.client.session.base import BaseSession
from aiogram.client.telegram import PRODUCTION, TelegramAPIServer
from fastapi import APIRouter

from bot.engine import ConversationEngine
from bot.telegram.channel import TelegramChannel
from bot.telegram.dispatcher import build_dispatcher
from bot.telegram.messenger import TelegramMessenger
from bot.telegram.session import BotApiSession
from bot.telegram.settings import ALLOWED_UPDATES, TelegramSettings
from bot.telegram.webhook import build_telegram_router
from core.db import Database
from messaging.handoff import Handoff, HandoffSettings


@dataclass(frozen=True)
class Telegram:
    channel: TelegramChannel
    messenger: TelegramMessenger

    @property
    def settings(self) -> TelegramSettings:
        return self.channel.settings

    def router(self) -> APIRouter:
        return build_telegram_router(self.channel)


def new_bot(settings: TelegramSettings, session: BaseSession | None = None) -> Bot:
    if settings.token is None:
        raise ValueError("TANGGAP_TELEGRAM_TOKEN is not set")
    api = TelegramAPIServer.from_base(settings.api_base) if settings.api_base else PRODUCTION
    return Bot(settings.token.get_secret_value(), session=session or BotApiSession(api=api))


async def register_webhook(
    settings: TelegramSettings, url: str, *, session: BaseSession | None = None
) -> str:
    """`tanggap telegram set-webhook URL`: once, with the secret token and the update types served."""
    bot = new_bot(settings, session)
    target = settings.webhook_target(url)
    try:
        await bot.set_webhook(
            url=target,
            secret_token=settings.secret(),
            allowed_updates=ALLOWED_UPDATES,
            drop_pending_updates=False,
        )
    finally:
        await bot.session.close()
    return target


def build_telegram(
    settings: TelegramSettings,
    *,
    db: Database,
    engine: ConversationEngine,
    session: BaseSession | None = None,
    handoff: HandoffSettings | None = None,
) -> Telegram:
    bot = new_bot(settings, session)
    channel = TelegramChannel(
        bot=bot,
        dispatcher=build_dispatcher(settings),
        db=db,
        engine=engine,
        settings=settings,
        handoff=Handoff("telegram", handoff),
    )
    return Telegram(channel=channel, messenger=TelegramMessenger(bot, settings))
