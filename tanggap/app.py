"""The FastAPI application."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

from fastapi import FastAPI
from fastapi.staticfiles import StaticFiles

import bot.webchat
from bot.webchat.router import build_webchat_router
from core.logging import configure_logging
from core.settings import CoreSettings
from tanggap.runtime import Runtime, start_runtime
from web import build_health_router, install_error_handlers

WEBCHAT_STATIC = Path(bot.webchat.__file__).parent / "static"


def create_app(core: CoreSettings | None = None, kb_path: Path | None = None) -> FastAPI:
    """The app for an already migrated database (`tanggap serve` migrates first)."""
    from tanggap.settings import ServiceSettings

    core = core or CoreSettings()
    kb_path = kb_path or ServiceSettings().kb_path

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        configure_logging(core.log_level, json=core.log_json)
        runtime = await start_runtime(core, kb_path)
        mount_routes(app, runtime)
        try:
            yield
        finally:
            await runtime.close()

    app = FastAPI(title="Tanggap", version="0.1.0", lifespan=lifespan)
    install_error_handlers(app)
    app.mount("/static/webchat", StaticFiles(directory=WEBCHAT_STATIC), name="webchat-static")
    return app


def mount_routes(app: FastAPI, runtime: Runtime) -> None:
    app.state.runtime = runtime
    app.include_router(build_health_router(runtime.db))
    app.include_router(build_webchat_router(runtime.db, runtime.engine))
