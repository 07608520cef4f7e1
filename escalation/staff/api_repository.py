"""Queries of API clients (`escalation.staff.api_clients`)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import or_, select, update
from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import col

from escalation.staff.models import ApiClient


async def api_client_by_hash(session: AsyncSession, token_hash: str) -> ApiClient | None:
    statement = select(ApiClient).where(col(ApiClient.token_hash) == token_hash)
    return (await session.execute(statement)).scalar_one_or_none()


async def api_client_by_name(session: AsyncSession, name: str) -> ApiClient | None:
    statement = select(ApiClient).where(col(ApiClient.name) == name)
    return (await session.execute(statement)).scalar_one_or_none()


async def lock_api_client(session: AsyncSession, client_id: int) -> ApiClient | None:
    statement = select(ApiClient).where(col(ApiClient.id) == client_id).with_for_update()
    return (await session.execute(statement.execution_options(populate_existing=True))).scalar_one_or_none()


async def all_api_clients(session: AsyncSession) -> Sequence[ApiClient]:
    return (await session.execute(select(ApiClient).order_by(col(ApiClient.id)))).scalars().all()


async def touch_api_client(session: AsyncSession, client_id: int, *, now: datetime, before: datetime) -> None:
    """Record a use, unless one was recorded since `before` (one write a minute, not one a request)."""
    await session.execute(
        update(ApiClient)
        .where(
            col(ApiClient.id) == client_id,
            or_(col(ApiClient.last_used_at).is_(None), col(ApiClient.last_used_at) < before),
        )
        .values(last_used_at=now)
    )
