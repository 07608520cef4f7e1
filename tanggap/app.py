"""The FastAPI application."""

from __future__ import annotations

import gc
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

from fastapi import FastAPI
from fastapi.staticfiles import StaticFiles
from starlette.types import Lifespan

import bot.webchat
from bot.cleanup import PhotoCleanup
from bot.deps import BotSettings
from bot.telegram.settings import TelegramSettings
from bot.webchat import PHOTOS_PATH
from bot.webchat.router import build_webchat_router
from bot.webchat.sessions import WebSessions
from bot.webchat.settings import WebChatSettings
from bot.whatsapp.settings import WhatsAppSettings
from core.settings import CoreSettings
from escalation import EscalationJobs
from reports.jobs import ReportJobs, ReportSettings
from sla import SlaSettings, Sweeper, SweepRunner
from tanggap.logs import setup_logging
from tanggap.runtime import Runtime, start_runtime
from web import BodyLimits, WebSettings, build_health_router, install_error_handlers, install_http_guards
from web.api import install_api
from web.staff import StaffSite, install_staff_answers, install_staff_pages

WEBCHAT_STATIC = Path(bot.webchat.__file__).parent / "static"
DOCS_PATHS = ("/docs", "/docs/oauth2-redirect", "/redoc", "/openapi.json")


def create_app(
    core: CoreSettings | None = None, kb_path: Path | None = None, sla: SlaSettings | None = None
) -> FastAPI:
    """The app for an already migrated database (`tanggap serve` migrates first)."""
    from tanggap.settings import ServiceSettings

    core = core or CoreSettings()
    kb_path = kb_path or ServiceSettings().kb_path
    sla = sla or SlaSettings()

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        setup_logging(core)
        runtime = await start_runtime(core, kb_path)
        mount_routes(app, runtime)
        freeze_startup_heap()  # before the loops start: its full collection holds the event loop
        runtime.channels.start(runtime.db, ServiceSettings())
        sweep = start_sla_sweep(app, runtime, sla)
        jobs = EscalationJobs(runtime.db, runtime.escalation.context) if runtime.escalation else None
        if jobs is not None:
            jobs.start()
        context = runtime.escalation.context if runtime.escalation else None
        reports = ReportJobs(runtime.db, context, ReportSettings()) if context else None
        if reports is not None:
            reports.start()
        cleanup = start_photo_cleanup(runtime)
        try:
            yield
        finally:
            if cleanup is not None:
                await cleanup.stop()
            if reports is not None:
                await reports.stop()
            if jobs is not None:
                await jobs.stop()
            if sweep is not None:
                await sweep.stop()
            await runtime.close()
            gc.unfreeze()

    return build_http_app(WebSettings(), lifespan=lifespan)


def build_http_app(
    web: WebSettings,
    telegram: TelegramSettings | None = None,
    whatsapp: WhatsAppSettings | None = None,
    *,
    lifespan: Lifespan[FastAPI] | None = None,
) -> FastAPI:
    """The app before its routes are mounted: error handlers, HTTP guards, static files, API docs
    only when `web.api_docs`. Tests build theirs with it, so they meet the same guards."""
    docs = web.api_docs
    app = FastAPI(
        title="Tanggap",
        version="0.1.0",
        lifespan=lifespan,
        docs_url="/docs" if docs else None,
        redoc_url="/redoc" if docs else None,
        openapi_url="/openapi.json" if docs else None,
    )
    install_error_handlers(app)
    install_staff_answers(app)
    telegram, whatsapp = telegram or TelegramSettings(), whatsapp or WhatsAppSettings()
    install_http_guards(
        app,
        limits=body_limits(web, BotSettings(), telegram, whatsapp),
        verbatim_paths=frozenset({telegram.webhook_path, whatsapp.webhook_path}),
        without_policy=frozenset(DOCS_PATHS) if docs else frozenset(),
    )
    app.mount("/static/webchat", StaticFiles(directory=WEBCHAT_STATIC), name="webchat-static")
    return app


def body_limits(
    web: WebSettings, bot: BotSettings, telegram: TelegramSettings, whatsapp: WhatsAppSettings
) -> BodyLimits:
    """Per route: the photo upload a photo and its form, each webhook its own update limit, every
    other route (the web chat's JSON) `web.max_body_bytes`."""
    return BodyLimits(
        default=web.max_body_bytes,
        per_path={
            PHOTOS_PATH: bot.max_photo_bytes + web.upload_overhead_bytes,
            telegram.webhook_path: telegram.max_update_bytes,
            whatsapp.webhook_path: whatsapp.max_update_bytes,
        },
    )


def freeze_startup_heap() -> None:
    """Leave what start-up built (knowledge base, FAQ index, models) out of the garbage collector's
    full passes, which otherwise pause the event loop, and every webhook with it, for 150-250 ms."""
    gc.collect()
    gc.freeze()


def mount_routes(app: FastAPI, runtime: Runtime) -> None:
    app.state.runtime = runtime
    for router in runtime.channels.routers():  # first: platform webhooks are the busiest routes
        app.include_router(router)
    app.include_router(build_health_router(runtime.db))
    app.include_router(
        build_webchat_router(
            runtime.db, runtime.engine, settings=WebChatSettings(), guard=runtime.channels.guard
        )
    )
    site = staff_site(runtime, WebSettings())
    install_staff_pages(app, site)
    install_api(app, site)


def staff_site(runtime: Runtime, web: WebSettings) -> StaffSite:
    agency = runtime.engine.deps.kb.agency
    sla = runtime.config.sla if runtime.config else runtime.engine.deps.sla
    whatsapp = WhatsAppSettings()
    return StaffSite(
        db=runtime.db,
        auth=runtime.staff,
        agency_name=agency.name,
        timezone=ZoneInfo(agency.timezone),
        proxies=web.proxies,
        sla=sla,
        categories={category.id: category.label for category in runtime.engine.deps.kb.categories},
        escalation=runtime.escalation.context if runtime.escalation else None,
        whatsapp_template=whatsapp.template_name,
        whatsapp_window_hours=whatsapp.window_hours,
        attachments_root=runtime.engine.deps.attachments.root,
    )


def start_photo_cleanup(runtime: Runtime) -> PhotoCleanup | None:
    """Now and every TANGGAP_BOT_CLEANUP_INTERVAL_MINUTES, remove the photos nobody refers to and
    end the web chat sessions idle beyond their lifetime."""
    settings = runtime.engine.deps.settings
    if settings.cleanup_interval_minutes <= 0:
        return None
    cleanup = PhotoCleanup(
        runtime.db,
        runtime.engine.deps.attachments,
        grace=timedelta(hours=settings.orphan_grace_hours),
        every=timedelta(minutes=settings.cleanup_interval_minutes),
        web_sessions=WebSessions(runtime.db, WebChatSettings()),
    )
    cleanup.start()
    return cleanup


def start_sla_sweep(app: FastAPI, runtime: Runtime, settings: SlaSettings) -> SweepRunner | None:
    """Every SLA_SWEEP_SECONDS, fire the SLA warnings and breaches that fell due (sla.sweep)."""
    if not settings.sweep_enabled:
        return None
    sweeper = Sweeper(
        runtime.db,
        listener=runtime.sla_listener,
        batch_size=settings.sweep_batch,
        lease_seconds=settings.lease_seconds,
    )
    runner = SweepRunner(sweeper, interval_seconds=settings.sweep_seconds)
    runner.start()
    app.state.sla_sweep = runner
    return runner
