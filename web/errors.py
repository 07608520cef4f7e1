"""Errors become clear JSON for API callers, never a stack trace, and never an echo of the input.

A request that does not validate is answered 422 with the fields at fault and what is wrong with
each, not the values sent: FastAPI's default answer repeats them, which sent megabytes back and
failed (500) on what JSON cannot encode (NaN, half a surrogate pair).
"""

from __future__ import annotations

from typing import Any

import structlog
from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse

from core.errors import TanggapError
from web.texts import text

log = structlog.get_logger(__name__)
MAX_FIELDS = 10
MAX_TEXT = 200


def install_error_handlers(app: FastAPI) -> None:
    @app.exception_handler(TanggapError)
    async def tanggap_error(_: Request, error: TanggapError) -> JSONResponse:
        headers: dict[str, str] | None = getattr(error, "headers", None)
        body: dict[str, Any] = {"error": error.code, "detail": error.message}
        body.update(getattr(error, "extra", None) or {})
        return JSONResponse(body, status_code=error.status_code, headers=headers)

    @app.exception_handler(RequestValidationError)
    async def invalid_request(_: Request, error: RequestValidationError) -> JSONResponse:
        problems = list(error.errors())
        body = {
            "error": "invalid_request",
            "detail": text("api.invalid_request"),
            "fields": [_field(problem) for problem in problems[:MAX_FIELDS]],
        }
        return JSONResponse(body, status_code=422)

    @app.exception_handler(Exception)
    async def unexpected(request: Request, error: Exception) -> JSONResponse:
        log.exception("unhandled_error", path=request.url.path)
        return JSONResponse(
            {"error": "internal", "detail": text("api.internal")},
            status_code=500,
        )


def _field(problem: Any) -> dict[str, str]:
    """Where and what, in the validator's words; no input, no context values."""
    where = ".".join(_safe(str(part), 64) for part in problem.get("loc", ()))
    return {"field": where, "problem": _safe(str(problem.get("msg", "invalid")), MAX_TEXT)}


def _safe(text: str, limit: int) -> str:
    """Short, and encodable (a field name taken from the request may hold anything)."""
    return text[:limit].encode("utf-8", "replace").decode("utf-8")
