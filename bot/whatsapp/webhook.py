"""WhatsApp webhook routes on the service's FastAPI app: the verify-token challenge and the updates."""

from __future__ import annotations

from fastapi import APIRouter, Request, Response
from pywa import utils

from bot.whatsapp.channel import WhatsAppChannel


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
        status = await channel.receive_body(await request.body(), request.headers.get(utils.HUB_SIG))
        return Response(status_code=status)

    return router
