"""Who is told at each level of a unit's chain, read from the escalation tables (so edits made later,
e.g. from the dashboard, take effect). A unit without its own head, group or mailbox uses the closest
unit above it that has one; a unit nobody can be reached for falls back to the triage unit."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any, TypeVar

from sqlalchemy.ext.asyncio import AsyncSession

from escalation import repository
from escalation.models import MemberRole, Person, ServiceUnit
from escalation.texts import Texts

T = TypeVar("T")
DEFAULT_LEVEL: dict[str, Any] = {"kind": "officers"}


@dataclass(frozen=True)
class Recipients:
    level: int
    top: bool
    """This is the last level of the chain."""
    kind: str
    label: str
    """Who this is, in words ("Siti Rahma, kepala Dinas ...")."""
    telegram: tuple[str, ...] = ()
    emails: tuple[str, ...] = ()
    people: tuple[str, ...] = ()


async def chain_length(session: AsyncSession, unit_id: str) -> int:
    units = await repository.all_units(session)
    return len(_chain(unit_id, units))


async def recipients(
    session: AsyncSession,
    *,
    unit_id: str,
    level: int,
    texts: Texts,
    units: Mapping[str, ServiceUnit] | None = None,
) -> Recipients:
    """The recipients of `level` (clamped to the chain) of `unit_id`'s chain. `units`: every unit, when
    the caller has already read them in this transaction."""
    if units is None:
        units = await repository.all_units(session)
    chain = _chain(unit_id, units)
    level = max(0, min(level, len(chain) - 1))
    step = chain[level]
    top = level == len(chain) - 1
    kind = str(step.get("kind", "officers"))
    unit = units.get(unit_id)
    unit_name = unit.name if unit else unit_id
    if kind == "officers":
        group = _inherited(unit_id, units, lambda u: u.telegram_chat_id)
        emails = _inherited(unit_id, units, lambda u: u.emails or None) or []
        officers = await repository.members_of(session, unit_id, MemberRole.OFFICER)
        if group is None and not emails:
            return await _triage_fallback(session, units, level, top, texts)
        label = texts.render("level.officers", unit=unit_name)
        people = tuple(p.id for p in officers)
        return Recipients(level, top, kind, label, (group,) if group else (), tuple(emails), people)
    if kind == "outside":
        name = str(step.get("name", step.get("ref", "")))
        email = step.get("email")
        label = texts.render("level.outside", name=name)
        return Recipients(level, top, kind, label, (), (str(email),) if email else ())
    person, about_unit = await _person_of(session, step, unit_id, units)
    if person is None:
        return await _triage_fallback(session, units, level, top, texts)
    about = units.get(about_unit)
    label = texts.render(f"level.{kind}", name=person.name, unit=about.name if about else unit_name)
    group = _inherited(unit_id, units, lambda u: u.telegram_chat_id)
    chat = str(person.telegram_user_id) if person.telegram_user_id else group
    return Recipients(
        level,
        top,
        kind,
        label,
        (chat,) if chat else (),
        (person.email,) if person.email else (),
        (person.id,),
    )


async def _person_of(
    session: AsyncSession, step: Mapping[str, Any], unit_id: str, units: Mapping[str, ServiceUnit]
) -> tuple[Person | None, str]:
    kind, ref = step.get("kind"), step.get("ref")
    if kind == "supervisor":
        return await repository.supervisor(session), unit_id
    if kind == "person":
        people = await repository.all_people(session)
        found = people.get(str(ref))
        return (found if found is not None and found.active else None), unit_id
    target = str(ref) if kind == "head_of" and ref else unit_id
    current: str | None = target
    seen: set[str] = set()
    while current is not None and current not in seen:
        seen.add(current)
        heads = await repository.members_of(session, current, MemberRole.HEAD)
        if heads:
            return heads[0], current
        row = units.get(current)
        current = row.parent_id if row else None
    return None, target


async def _triage_fallback(
    session: AsyncSession, units: Mapping[str, ServiceUnit], level: int, top: bool, texts: Texts
) -> Recipients:
    triage = next((u for u in units.values() if u.is_triage), None)
    if triage is None or not (triage.telegram_chat_id or triage.emails):
        return Recipients(level, top, "nobody", texts.render("level.officers", unit="-"))
    label = texts.render("level.officers", unit=triage.name)
    chats = (triage.telegram_chat_id,) if triage.telegram_chat_id else ()
    return Recipients(level, top, "triage", label, chats, tuple(triage.emails))


def _chain(unit_id: str, units: Mapping[str, ServiceUnit]) -> list[dict[str, Any]]:
    return _inherited(unit_id, units, lambda u: u.chain or None) or [DEFAULT_LEVEL]


def _inherited(
    unit_id: str, units: Mapping[str, ServiceUnit], value: Callable[[ServiceUnit], T | None]
) -> T | None:
    seen: set[str] = set()
    current: str | None = unit_id
    while current is not None and current not in seen and current in units:
        seen.add(current)
        found = value(units[current])
        if found is not None:
            return found
        current = units[current].parent_id
    return None
