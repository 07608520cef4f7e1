"""Keeping the escalation tables in step with the knowledge base: units (with their notification targets
and chains), people and unit memberships. The KB is the source at start-up; rows are upserted, and what
is no longer listed is deactivated or removed, never breaking a ticket that points at it."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import delete, select
from sqlalchemy.ext.asyncio import AsyncSession

from core.sql import insert_ignoring_conflict, table_of
from escalation import repository
from escalation.config import EscalationConfig, Level
from escalation.models import MemberRole, Person, ServiceUnit, UnitMembership
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


async def sync_directory(session: AsyncSession, units: Sequence[Unit], config: EscalationConfig) -> None:
    """Units, then people, memberships, each unit's notification targets and chain, from the config."""
    await sync_units(session, units)
    people = await repository.all_people(session)
    for person_id, configured in config.people.items():
        row = people.get(person_id) or Person(id=person_id, name=configured.name)
        row.name, row.title, row.email = configured.name, configured.title, configured.email
        row.telegram_user_id = None
        row.is_supervisor, row.active = person_id == config.supervisor, True
        session.add(row)
    for person_id, row in people.items():
        if person_id not in config.people:
            row.active, row.is_supervisor, row.telegram_user_id = False, False, None
    await session.flush()  # telegram ids cleared first, so two people may swap them
    for person_id, configured in config.people.items():
        stored = await session.get(Person, person_id)
        if stored is not None:
            stored.telegram_user_id = configured.telegram_user_id
    await session.execute(delete(UnitMembership))
    for unit_id, unit_config in config.units.items():
        for person_id in dict.fromkeys(unit_config.officers):
            session.add(UnitMembership(unit_id=unit_id, person_id=person_id, role=MemberRole.OFFICER))
        if unit_config.head is not None:
            session.add(UnitMembership(unit_id=unit_id, person_id=unit_config.head, role=MemberRole.HEAD))
    rows = await repository.all_units(session)
    for unit in units:
        unit_row = rows[unit.id]
        own = config.units.get(unit.id)
        chat = own.telegram_chat_id if own else None
        unit_row.telegram_chat_id = str(chat) if chat is not None else None
        unit_row.emails = list(own.emails) if own else []
        unit_row.chain = [_level_data(level, config) for level in config.chains.get(unit.id, ())]
    await session.flush()


def _level_data(level: Level, config: EscalationConfig) -> dict[str, str]:
    data: dict[str, str] = {"kind": str(level.kind)}
    if level.ref is not None:
        data["ref"] = level.ref
    if level.kind == "outside" and level.ref is not None and level.ref in config.outside_bodies:
        body = config.outside_bodies[level.ref]
        data["name"] = body.name
        if body.email:
            data["email"] = body.email
    return data


async def ensure_unit(session: AsyncSession, unit: Unit) -> None:
    """Make sure a unit added to the knowledge base since start-up (hot reload) exists before a ticket
    points at it."""
    values: dict[str, object] = {
        "id": unit.id,
        "name": unit.name,
        "scope": unit.scope,
        "parent_id": None,
        "is_triage": unit.triage,
        "active": True,
        "telegram_chat_id": None,
        "emails": [],
        "chain": [],
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
