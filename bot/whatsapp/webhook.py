"""WhatsApp webhook routes on the service's FastAPI app: the verify-token challenge and the updates.

A body without a signature is refused before it is read; one that is read was bounded on its way in
(`TANGGAP_WHATSAPP_MAX_UPDATE_BYTES`, `web.limits`), then its signature is checked before parsing.
"""

from __future__ import annotations

import structlog
from fastapi import APIRouter, Request, Response
from pywa import utils

from bot.whatsapp.channel import WhatsAppChannel

log = structlog.get_logger(__name__)


def build_whatsapp_router(channel: WhatsAppChannel) -> APIRouter:
    router = APIRouter()
    path = channel.settings.webhook_path

    @router.get(path, include_in_schema=False)
    async def whatsapp_challenge(request: Request) -> Response:
        content, status = await channel.challenge(
            request.query_params.get(utils.HUB_VT), request.query_params.get(utils.HUB_CH)
        )
        return Response(content=content, status_code=status, media_type="text/plain")

    @router.post(path, include_in_schema=False)
    async def whatsapp_webhook(request: Request) -> Response:
        signature = request.headers.get(utils.HUB_SIG)
        if not signature:
            log.warning("whatsapp_webhook_rejected", reason="no signature header", status=401)
            return Response(status_code=401)
        status = await channel.receive_body(await request.body(), signature)
        return Response(status_code=status)

    return router
