"""A fake Telegram Bot API server on 127.0.0.1: answers what aiogram asks, records every call, and
fails on demand (429 with retry_after, 500, 403 blocked). `before_answer[method]` runs once a call
is taken (recorded, as Telegram would have sent the message), before it is answered: a test makes
the client's process die or its database fail right there."""

from __future__ import annotations

import asyncio
import json
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from aiohttp import web

BOT_ID = 7000001
TOKEN = f"{BOT_ID}:AAFakeTokenForTestsOnly_abcdefghijklmno"


@dataclass
class Call:
    method: str
    params: dict[str, Any]
    at: datetime | None


@dataclass
class FakeTelegram:
    clock: Callable[[], datetime] | None = None
    calls: list[Call] = field(default_factory=list)
    files: dict[str, bytes] = field(default_factory=dict)
    failures: dict[str, list[tuple[int, dict[str, Any]]]] = field(default_factory=dict)
    updates: list[dict[str, Any]] = field(default_factory=list)
    before_answer: dict[str, Callable[[dict[str, Any]], Awaitable[None]]] = field(default_factory=dict)
    next_message_id: int = 5000
    url: str = ""
    _runner: web.AppRunner | None = None

    async def start(self) -> str:
        app = web.Application(client_max_size=50 * 1024 * 1024)
        app.router.add_post("/bot{token}/{method}", self._method)
        app.router.add_get("/file/bot{token}/{path:.+}", self._file)
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

    def fail_next(self, method: str, status: int, *, retry_after: int | None = None, text: str = "") -> None:
        body: dict[str, Any] = {"ok": False, "error_code": status, "description": text or f"Error {status}"}
        if retry_after is not None:
            body["parameters"] = {"retry_after": retry_after}
            body["description"] = f"Too Many Requests: retry after {retry_after}"
        self.failures.setdefault(method, []).append((status, body))

    def sent(self, method: str = "sendMessage") -> list[dict[str, Any]]:
        return [call.params for call in self.calls if call.method == method]

    def sent_texts(self) -> list[str]:
        return [str(params["text"]) for params in self.sent()]

    async def _method(self, request: web.Request) -> web.Response:
        method = request.match_info["method"]
        form = await request.post()
        params = {key: _decode(value) for key, value in form.items()}
        self.calls.append(Call(method, params, self.clock() if self.clock else None))
        if method == "getFile" and str(params.get("file_id")) not in self.files:
            return web.json_response(
                {"ok": False, "error_code": 400, "description": "Bad Request: invalid file_id"}, status=400
            )
        queued = self.failures.get(method)
        if queued:
            status, body = queued.pop(0)
            return web.json_response(body, status=status)
        result = await self._result(method, params)
        hook = self.before_answer.get(method)
        if hook is not None:
            await hook(params)
        return web.json_response({"ok": True, "result": result})

    async def _result(self, method: str, params: dict[str, Any]) -> Any:
        if method == "getMe":
            return {"id": BOT_ID, "is_bot": True, "first_name": "Tanggap", "username": "tanggap_kota_bot"}
        if method == "sendMessage":
            self.next_message_id += 1
            chat_id = int(params["chat_id"])
            chat = {"id": chat_id, "type": "private" if chat_id > 0 else "supergroup"}
            return {
                "message_id": self.next_message_id,
                "date": 1_800_000_000,
                "chat": chat,
                "text": params["text"],
            }
        if method == "getFile":
            file_id = str(params["file_id"])
            size = len(self.files[file_id])
            return {
                "file_id": file_id,
                "file_unique_id": file_id,
                "file_size": size,
                "file_path": f"photos/{file_id}",
            }
        if method == "getUpdates":
            batch, self.updates = self.updates, []
            if not batch:
                await asyncio.sleep(0.05)
            return batch
        return True

    async def _file(self, request: web.Request) -> web.Response:
        file_id = request.match_info["path"].removeprefix("photos/")
        if file_id not in self.files:
            return web.Response(status=404)
        return web.Response(body=self.files[file_id], content_type="application/octet-stream")


def _decode(value: Any) -> Any:
    if not isinstance(value, str):
        return value
    if value[:1] in "{[":
        try:
            return json.loads(value)
        except json.JSONDecodeError:
            return value
    return value
