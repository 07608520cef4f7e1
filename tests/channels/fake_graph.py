"""A fake WhatsApp Cloud (Graph) API on 127.0.0.1 for pywa: records sent messages, serves media,
answers errors on demand. pywa gets an httpx.AsyncClient whose transport sends every request here."""

from __future__ import annotations

import hashlib
import hmac
import json
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import Any

import httpx
from aiohttp import web

PHONE_ID = "109876543210"
APP_SECRET = "graph-app-secret-for-tests"
VERIFY_TOKEN = "verify-me-please"
MiB = 1024 * 1024


class RedirectTransport(httpx.AsyncBaseTransport):
    """Every request pywa makes (graph.facebook.com, media hosts) goes to the fake server instead."""

    def __init__(self, base_url: str) -> None:
        self.base = httpx.URL(base_url)
        self.inner = httpx.AsyncHTTPTransport()

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        request.url = request.url.copy_with(scheme=self.base.scheme, host=self.base.host, port=self.base.port)
        return await self.inner.handle_async_request(request)

    async def aclose(self) -> None:
        await self.inner.aclose()


@dataclass
class FakeGraph:
    messages: list[dict[str, Any]] = field(default_factory=list)
    media: dict[str, bytes] = field(default_factory=dict)
    declared_sizes: dict[str, int] = field(default_factory=dict)
    """A media's `file_size` as the fake announces it, when it should not be the truth."""
    served: dict[str, int] = field(default_factory=dict)
    failures: list[tuple[int, dict[str, Any]]] = field(default_factory=list)
    before_answer: Callable[[dict[str, Any]], Awaitable[None]] | None = None
    """Runs once a message is taken (recorded, with its id), before the API answers."""
    counter: int = 0
    url: str = ""
    _runner: web.AppRunner | None = None

    async def start(self) -> str:
        app = web.Application()
        app.router.add_post("/{version}/{phone}/messages", self._send)
        app.router.add_get("/whatsapp_business/attachments/", self._download)
        app.router.add_get("/{version}/{media_id}", self._media_url)
        self._runner = web.AppRunner(app)
        await self._runner.setup()
        site = web.TCPSite(self._runner, "127.0.0.1", 0)
        await site.start()
        port = site._server.sockets[0].getsockname()[1]  # type: ignore[union-attr]
        self.url = f"http://127.0.0.1:{port}"
        return self.url

    async def stop(self) -> None:
        if self._runner is not None:
            await self._runner.cleanup()

    def client(self) -> httpx.AsyncClient:
        return httpx.AsyncClient(transport=RedirectTransport(self.url), timeout=10.0)

    def fail_next(self, code: int, *, status: int = 400, message: str = "error") -> None:
        self.failures.append(
            (status, {"error": {"message": message, "type": "OAuthException", "code": code}})
        )

    async def _send(self, request: web.Request) -> web.Response:
        body = await request.json()
        self.messages.append(body)
        if self.failures:
            status, error = self.failures.pop(0)
            return web.json_response(error, status=status)
        self.counter += 1
        if self.before_answer is not None:
            await self.before_answer(body)
        recipient = body.get("to") or body.get("recipient")
        contact = {"input": recipient, "wa_id" if str(recipient).isdigit() else "user_id": recipient}
        return web.json_response(
            {
                "messaging_product": "whatsapp",
                "contacts": [contact],
                "messages": [{"id": f"wamid.OUT{self.counter}"}],
            }
        )

    async def _media_url(self, request: web.Request) -> web.Response:
        media_id = request.match_info["media_id"]
        content = self.media.get(media_id)
        if content is None:
            return web.json_response(
                {"error": {"message": "not found", "code": 100, "type": "x"}}, status=404
            )
        return web.json_response(
            {
                "messaging_product": "whatsapp",
                "url": f"https://lookaside.fbsbx.com/whatsapp_business/attachments/?mid={media_id}",
                "mime_type": "image/jpeg",
                "sha256": hashlib.sha256(content).hexdigest(),
                "file_size": self.declared_sizes.get(media_id, len(content)),
                "id": media_id,
            }
        )

    async def _download(self, request: web.Request) -> web.StreamResponse:
        """Streamed in 1 MiB pieces; `served` counts what went out before the client hung up."""
        media_id = request.query.get("mid", "")
        content = self.media.get(media_id)
        if not content:
            return web.Response(status=404)
        response = web.StreamResponse()
        response.content_length = len(content)
        await response.prepare(request)
        for start in range(0, len(content), MiB):
            try:
                await response.write(content[start : start + MiB])
            except (ConnectionError, RuntimeError):
                break
            self.served[media_id] = self.served.get(media_id, 0) + min(MiB, len(content) - start)
        return response


def sign(body: bytes, secret: str = APP_SECRET) -> str:
    return "sha256=" + hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()


def webhook_body(*messages: dict[str, Any], contacts: list[dict[str, Any]] | None = None) -> bytes:
    value: dict[str, Any] = {
        "messaging_product": "whatsapp",
        "metadata": {"display_phone_number": "6281100000000", "phone_number_id": PHONE_ID},
        "contacts": contacts or [],
        "messages": list(messages),
    }
    body = {
        "object": "whatsapp_business_account",
        "entry": [{"id": "WABA1", "changes": [{"field": "messages", "value": value}]}],
    }
    return json.dumps(body).encode()


def status_body(
    message_id: str,
    status: str,
    wa_id: str,
    user_id: str,
    *,
    tracker: str | None = None,
    errors: list[dict[str, Any]] | None = None,
) -> bytes:
    """A status webhook as Meta sends it for a message we sent (`tracker`: its biz_opaque_callback_data)."""
    one: dict[str, Any] = {
        "id": message_id,
        "status": status,
        "timestamp": "1795000100",
        "recipient_id": wa_id,
        "recipient_user_id": user_id,
    }
    if tracker is not None:
        one["biz_opaque_callback_data"] = tracker
    if errors:
        one["errors"] = errors
    value = {
        "messaging_product": "whatsapp",
        "metadata": {"display_phone_number": "6281100000000", "phone_number_id": PHONE_ID},
        "contacts": [contact(wa_id, user_id)],
        "statuses": [one],
    }
    body = {
        "object": "whatsapp_business_account",
        "entry": [{"id": "WABA1", "changes": [{"field": "messages", "value": value}]}],
    }
    return json.dumps(body).encode()


def contact(wa_id: str, user_id: str, name: str = "Warga") -> dict[str, Any]:
    return {"profile": {"name": name}, "wa_id": wa_id, "user_id": user_id}


def text_message(
    message_id: str, wa_id: str, user_id: str, text: str, timestamp: int = 1_795_000_000
) -> dict[str, Any]:
    return {
        "from": wa_id,
        "from_user_id": user_id,
        "id": message_id,
        "timestamp": str(timestamp),
        "type": "text",
        "text": {"body": text},
    }


def button_reply(message_id: str, wa_id: str, user_id: str, data: str, title: str) -> dict[str, Any]:
    return {
        "from": wa_id,
        "from_user_id": user_id,
        "id": message_id,
        "timestamp": "1795000000",
        "type": "interactive",
        "interactive": {"type": "button_reply", "button_reply": {"id": data, "title": title}},
    }
