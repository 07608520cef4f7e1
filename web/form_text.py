"""NUL characters are taken out of query strings and urlencoded form bodies before the application
reads them. PostgreSQL cannot store NUL in text (nor compare with it), so a NUL pasted into a staff
form or a search ended in a server error; no person means a NUL, so dropping it loses nothing.
Other control characters are harmless to the database and are cleaned where text is kept
(`core.text.clean_text`).

In urlencoded text `%` always starts an escape, so every `%00` is an encoded NUL (`%2500` is the
text "%00" and is left alone). Routes verified byte for byte (signed webhooks) are `untouched`;
multipart bodies (photos) are not rewritten. The body is bounded before it gets here."""

from __future__ import annotations

import re

from starlette.types import ASGIApp, Receive, Scope, Send

from web.json_text import _read_body, _replay, _with_length

ENCODED_NUL = re.compile(rb"%00|\x00")
FORM = b"application/x-www-form-urlencoded"


class FormTextMiddleware:
    def __init__(self, app: ASGIApp, *, untouched: frozenset[str] = frozenset()) -> None:
        self.app = app
        self.untouched = untouched

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["path"] in self.untouched:
            await self.app(scope, receive, send)
            return
        query = scope.get("query_string", b"")
        if ENCODED_NUL.search(query):
            scope = {**scope, "query_string": ENCODED_NUL.sub(b"", query)}
        if not _is_form(scope):
            await self.app(scope, receive, send)
            return
        body, last = await _read_body(receive)
        if ENCODED_NUL.search(body):
            body = ENCODED_NUL.sub(b"", body)
            scope = {**scope, "headers": _with_length(scope["headers"], len(body))}
        await self.app(scope, _replay(body, last, receive), send)


def _is_form(scope: Scope) -> bool:
    for name, value in scope.get("headers", []):
        if name == b"content-type":
            return bool(value.split(b";", 1)[0].strip().lower() == FORM)
    return False
