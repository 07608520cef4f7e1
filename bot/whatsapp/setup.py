"""Assembling the WhatsApp channel from its settings: one pywa client for receiving and sending."""

from __future__ import annotations

from dataclasses import dataclass

import httpx
from fastapi import APIRouter
from pywa_async.client import WhatsApp

from bot.engine import ConversationEngine
from bot.whatsapp.channel import WhatsAppChannel
from bot.whatsapp.messenger import WhatsAppMessenger
from bot.whatsapp.settings import WhatsAppSettings
from bot.whatsapp.webhook import build_whatsapp_router
from core.db import Database
from messaging.handoff import Handoff, HandoffSettings


@dataclass(frozen=True)
class WhatsAppService:
    channel: WhatsAppChannel
    messenger: WhatsAppMessenger

    def router(self) -> APIRouter:
        return build_whatsapp_router(self.channel)


def build_whatsapp(
    settings: WhatsAppSettings,
    *,
    db: Database,
    engine: ConversationEngine,
    session: httpx.AsyncClient | None = None,
    handoff: HandoffSettings | None = None,
) -> WhatsAppService:
    if not settings.enabled or settings.token is None or settings.verify_token is None:
        raise ValueError("WhatsApp needs TANGGAP_WHATSAPP_PHONE_ID, _TOKEN, _VERIFY_TOKEN and _APP_SECRET")
    client = WhatsApp(
        phone_id=settings.phone_id,
        token=settings.token.get_secret_value(),
        session=session or httpx.AsyncClient(timeout=30.0),
        verify_token=settings.verify_token.get_secret_value(),
        app_secret=settings.app_secret.get_secret_value() if settings.app_secret else None,
        validate_updates=True,
        skip_duplicate_updates=False,
    )
    channel = WhatsAppChannel(
        client=client, db=db, engine=engine, settings=settings, handoff=Handoff("whatsapp", handoff)
    )

    def texts(key: str) -> str:
        return engine.deps.catalogue().render(key)

    return WhatsAppService(channel=channel, messenger=WhatsAppMessenger(client, settings, texts))
