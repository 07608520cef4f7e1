"""The HTTP guards installed on the app, outermost first: security headers (on every answer, the
guards' own included), body limits (before anything reads a body), JSON text cleaning, NUL taken out
of query strings and urlencoded forms."""

from __future__ import annotations

from fastapi import FastAPI

from web.form_text import FormTextMiddleware
from web.headers import SecurityHeadersMiddleware
from web.json_text import JsonTextMiddleware
from web.limits import BodyLimitMiddleware, BodyLimits


def install_http_guards(
    app: FastAPI,
    *,
    limits: BodyLimits,
    verbatim_paths: frozenset[str] = frozenset(),
    without_policy: frozenset[str] = frozenset(),
) -> None:
    """`verbatim_paths`: bodies verified byte for byte (signed webhooks), never rewritten.
    `without_policy`: pages that cannot live under the Content Security Policy (API docs)."""
    # Starlette wraps the last one added outermost.
    app.add_middleware(FormTextMiddleware, untouched=verbatim_paths)
    app.add_middleware(JsonTextMiddleware, untouched=verbatim_paths)
    app.add_middleware(BodyLimitMiddleware, limits=limits)
    app.add_middleware(SecurityHeadersMiddleware, without_policy=without_policy)
