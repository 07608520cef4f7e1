"""The Telegram webhook route: checks the secret token in constant time, stores, answers 200.

401 without the header, 403 with a wrong one: nothing is stored, and the body is not even read. A
body over `TANGGAP_TELEGRAM_MAX_UPDATE_BYTES` was refused (413) before it got here (`web.limits`).
A stored update is answered 200 even when its handling failed (the recovery pass retries it;
Telegram redelivering would not help). Only a failure to store answers 500, so that Telegram
delivers the update again.
"""

from __future__ import annotations

import secrets

import structlog
from fastapi import APIRouter, Request, Response

from bot.telegram.channel import TelegramChannel

SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"
log = structlog.get_logger(__name__)


def build_telegram_router(channel: TelegramChannel) -> APIRouter:
    router = APIRouter()
    expected = channel.settings.secret().encode()

    @router.post(channel.settings.webhook_path, include_in_schema=False)
    async def telegram_webhook(request: Request) -> Response:
        given = request.headers.get(SECRET_HEADER)
        client = request.client.host if request.client else None
        if given is None:
            log.warning("telegram_webhook_rejected", reason="no secret token header", client=client)
            return Response(status_code=401)
        if not secrets.compare_digest(given.encode(), expected):
            log.warning("telegram_webhook_rejected", reason="wrong secret token", client=client)
            return Response(status_code=403)
        await channel.receive_body(await request.body())
        return Response(status_code=200)

    return router
