"""Answering from an ASGI middleware, before or instead of the application."""

from __future__ import annotations

import json
from typing import Any

from starlette.types import Send


async def send_json(send: Send, status: int, body: dict[str, Any], *, close: bool = False) -> None:
    """A complete JSON response. `close`: the connection ends after it (the client may still be
    sending a body nobody will read)."""
    content = json.dumps(body, ensure_ascii=False).encode()
    headers = [(b"content-type", b"application/json"), (b"content-length", str(len(content)).encode())]
    if close:
        headers.append((b"connection", b"close"))
    await send({"type": "http.response.start", "status": status, "headers": headers})
    await send({"type": "http.response.body", "body": content})
