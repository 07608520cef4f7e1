"""Keeping the service-unit table in step with the knowledge base."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from core.sql import insert_ignoring_conflict, table_of
from escalation.models import ServiceUnit
from faq import Unit


async def sync_units(session: AsyncSession, units: Sequence[Unit]) -> None:
    """Upsert the knowledge base's units; units no longer listed are deactivated, never deleted
    (tickets keep pointing at them)."""
    existing = {row.id: row for row in (await session.execute(select(ServiceUnit))).scalars()}
    listed = {unit.id for unit in units}
    for unit in _parents_first(units):
        row = existing.get(unit.id) or ServiceUnit(id=unit.id, name=unit.name)
        row.name, row.scope, row.parent_id = unit.name, unit.scope, unit.parent
        row.is_triage, row.active = unit.triage, True
        session.add(row)
        await session.flush()
    for unit_id, row in existing.items():
        if unit_id not in listed:
            row.active = False
    await session.flush()


async def ensure_unit(session: AsyncSession, unit: Unit) -> None:
    """Make sure a unit added to the knowledge base since start-up (hot reload) exists before a ticket
    points at it."""
    values = {
        "id": unit.id,
        "name": unit.name,
        "scope": unit.scope,
        "parent_id": None,
        "is_triage": unit.triage,
        "active": True,
    }
    await insert_ignoring_conflict(session, table_of(ServiceUnit), values, conflict_columns=["id"])


async def get_unit(session: AsyncSession, unit_id: str) -> ServiceUnit | None:
    return await session.get(ServiceUnit, unit_id)


def _parents_first(units: Sequence[Unit]) -> list[Unit]:
    by_id = {unit.id: unit for unit in units}
    ordered: list[Unit] = []
    seen: set[str] = set()

    def visit(unit: Unit) -> None:
        if unit.id in seen:
            return
        seen.add(unit.id)
        if unit.parent and unit.parent in by_id:
            visit(by_id[unit.parent])
        ordered.append(unit)

    for unit in units:
        visit(unit)
    return ordered
