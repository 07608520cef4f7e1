"""Request bodies bounded per route while they stream in, before anything reads or parses them.

A pure ASGI middleware: a declared Content-Length over the route's limit is answered 413 at once,
without reading a byte; a body without one (chunked) is counted as it arrives and refused as soon
as it passes the limit. Either way the application never holds more than the limit, and the
connection is closed after the answer, so the client cannot go on sending. The answer is a short
JSON error; what the application may have begun to answer for a refused body is replaced by it.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from web.responses import send_json
from web.texts import text

MiB = 1024 * 1024


@dataclass(frozen=True)
class BodyLimits:
    default: int
    """Every path not named in `per_path`."""
    per_path: Mapping[str, int] = field(default_factory=dict)

    def for_path(self, path: str) -> int:
        return self.per_path.get(path, self.default)


class BodyTooLargeError(Exception):
    """Raised into the application by `receive` when the body passes its limit."""


class BodyLimitMiddleware:
    def __init__(self, app: ASGIApp, *, limits: BodyLimits) -> None:
        self.app = app
        self.limits = limits

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        limit = self.limits.for_path(scope["path"])
        declared = _content_length(scope)
        if declared == -1:
            await send_json(send, 400, {"error": "bad_request", "detail": text("api.bad_length")})
            return
        if declared is not None and declared > limit:
            await _refuse(send, limit)
            return
        guard = _Guard(receive, send, limit)
        try:
            await self.app(scope, guard.receive, guard.send)
        except BodyTooLargeError:
            if not guard.started:
                await _refuse(send, limit)
            return
        if guard.exceeded and not guard.started:
            await _refuse(send, limit)


class _Guard:
    """Counts what the application receives; once over the limit, swallows what it answers."""

    def __init__(self, receive: Receive, send: Send, limit: int) -> None:
        self._receive = receive
        self._send = send
        self.limit = limit
        self.received = 0
        self.exceeded = False
        self.started = False

    async def receive(self) -> Message:
        if self.exceeded:
            raise BodyTooLargeError
        message = await self._receive()
        if message["type"] == "http.request":
            self.received += len(message.get("body", b""))
            if self.received > self.limit:
                self.exceeded = True
                raise BodyTooLargeError
        return message

    async def send(self, message: Message) -> None:
        if self.exceeded:
            if message["type"] == "http.response.start" and not self.started:
                self.started = True
                await _refuse(self._send, self.limit)
            return
        if message["type"] == "http.response.start":
            self.started = True
        await self._send(message)


async def _refuse(send: Send, limit: int) -> None:
    detail = text("api.too_large").format(size=_readable(limit))
    body = {"error": "too_large", "detail": detail, "limit_bytes": limit}
    await send_json(send, 413, body, close=True)


def _readable(size: int) -> str:
    """Whole units, as people say it (a photo route allowing 10 MB and its form reads "10 MB")."""
    return f"{size // MiB} MB" if size >= MiB else f"{max(1, size // 1024)} KB"


def _content_length(scope: Scope) -> int | None:
    """The declared length; None when there is none; -1 when it is not a number."""
    for name, value in scope.get("headers", []):
        if name == b"content-length":
            try:
                length = int(value)
            except ValueError:
                return -1
            return length if length >= 0 else -1
    return None
