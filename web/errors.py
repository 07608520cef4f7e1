"""Errors become clear JSON for API callers, never a stack trace."""

from __future__ import annotations

import structlog
from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse

from core.errors import TanggapError

log = structlog.get_logger(__name__)


def install_error_handlers(app: FastAPI) -> None:
    @app.exception_handler(TanggapError)
    async def tanggap_error(_: Request, error: TanggapError) -> JSONResponse:
        return JSONResponse({"error": error.code, "detail": error.message}, status_code=error.status_code)

    @app.exception_handler(Exception)
    async def unexpected(request: Request, error: Exception) -> JSONResponse:
        log.exception("unhandled_error", path=request.url.path)
        return JSONResponse(
            {"error": "internal", "detail": "Terjadi kendala pada sistem. Silakan coba beberapa saat lagi."},
            status_code=500,
        )
