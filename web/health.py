"""Liveness and readiness for the agency's monitoring."""

from __future__ import annotations

from fastapi import APIRouter
from sqlalchemy import text

from core.db import Database


def build_health_router(db: Database) -> APIRouter:
    router = APIRouter()

    @router.get("/healthz", tags=["ops"])
    async def healthz() -> dict[str, str]:
        async with db.session() as session:
            await session.execute(text("SELECT 1"))
        return {"status": "ok", "database": db.dialect}

    return router
