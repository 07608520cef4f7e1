"""JSON request bodies with broken text are cleaned instead of failing.

JSON may escape half of a UTF-16 surrogate pair ("\\ud800"): a browser sends one when a message was
cut in the middle of an emoji. Python reads it into a string no database can store and no response
can encode, so such a message used to end in a 500 and was lost. Here every lone surrogate in a
JSON request body becomes U+FFFD (the replacement character) before the application parses it; the
message is then stored and answered like any other. Bodies without a surrogate escape (nearly all)
pass untouched, unparsed.

Routes whose bodies are verified byte for byte (signed webhooks) are given as `untouched`. The body
is bounded before it gets here (`web.limits`).
"""

from __future__ import annotations

import json
import re
from typing import Any

from starlette.types import ASGIApp, Message, Receive, Scope, Send

SURROGATE_ESCAPE = re.compile(rb"\\u[dD][89a-fA-F][0-9a-fA-F]{2}")
LONE_SURROGATE = re.compile("[\ud800-\udfff]")
REPLACEMENT = "\ufffd"


class JsonTextMiddleware:
    def __init__(self, app: ASGIApp, *, untouched: frozenset[str] = frozenset()) -> None:
        self.app = app
        self.untouched = untouched

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["path"] in self.untouched or not _is_json(scope):
            await self.app(scope, receive, send)
            return
        body, last = await _read_body(receive)
        cleaned = clean_json_body(body)
        if cleaned is not body:
            scope = {**scope, "headers": _with_length(scope["headers"], len(cleaned))}
        await self.app(scope, _replay(cleaned, last, receive), send)


def clean_json_body(body: bytes) -> bytes:
    """`body` itself when it needs nothing (or is not JSON: the application says so), else the same
    JSON with each lone surrogate replaced."""
    if not SURROGATE_ESCAPE.search(body):
        return body
    try:
        parsed = json.loads(body)
    except ValueError:
        return body
    cleaned, changed = _clean(parsed)
    if not changed:
        return body
    return json.dumps(cleaned, ensure_ascii=False).encode()


def _clean(value: Any) -> tuple[Any, bool]:
    if isinstance(value, str):
        fixed = LONE_SURROGATE.sub(REPLACEMENT, value)
        return fixed, fixed != value
    if isinstance(value, list):
        items = [_clean(item) for item in value]
        return [item for item, _ in items], any(changed for _, changed in items)
    if isinstance(value, dict):
        pairs = [(_clean(key), _clean(item)) for key, item in value.items()]
        cleaned = {key: item for (key, _), (item, _) in pairs}
        return cleaned, any(k_changed or v_changed for (_, k_changed), (_, v_changed) in pairs)
    return value, False


def _is_json(scope: Scope) -> bool:
    for name, value in scope.get("headers", []):
        if name == b"content-type":
            media_type: bytes = value.split(b";", 1)[0].strip().lower()
            return media_type == b"application/json" or media_type.endswith(b"+json")
    return False


async def _read_body(receive: Receive) -> tuple[bytes, Message | None]:
    """The whole body, and the message that ended it early (a disconnect), if any."""
    chunks: list[bytes] = []
    while True:
        message = await receive()
        if message["type"] != "http.request":
            return b"".join(chunks), message
        chunks.append(message.get("body", b""))
        if not message.get("more_body", False):
            return b"".join(chunks), None


def _replay(body: bytes, last: Message | None, receive: Receive) -> Receive:
    """The body in one message; a client gone before the end is only reported as gone (the
    application must not take a truncated body for a whole one)."""
    pending: list[Message] = [last] if last is not None else [{"type": "http.request", "body": body}]

    async def replayed() -> Message:
        return pending.pop(0) if pending else await receive()

    return replayed


def _with_length(headers: list[tuple[bytes, bytes]], length: int) -> list[tuple[bytes, bytes]]:
    kept = [(name, value) for name, value in headers if name not in (b"content-length", b"transfer-encoding")]
    return [*kept, (b"content-length", str(length).encode())]
