"""Who is acting: an `Actor` (an account and/or a person, as the audit log names them) and, for a
signed-in account, a `Principal` with its role and the units whose tickets it may see.

Visibility by role: a supervisor sees every unit; an officer or unit head sees the units they belong
to in `escalation.yaml` and the units below them; an admin manages accounts and sees the tickets of
their own person's units only (none without a person)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from sqlalchemy.ext.asyncio import AsyncSession

from escalation import repository as directory
from escalation.staff.models import StaffAccount, StaffRole


@dataclass(frozen=True)
class Actor:
    account_id: int | None = None
    username: str | None = None
    person_id: str | None = None
    label: str | None = None
    """A name for an actor with neither account nor person (the command line's operator)."""

    @property
    def actor(self) -> str:
        """How the audit log and ticket history name them."""
        if self.label is not None:
            return self.label
        if self.username is not None:
            return f"account:{self.username}"
        return f"officer:{self.person_id}" if self.person_id else "unknown"


OPERATOR = Actor(label="operator:cli")
"""Whoever runs `tanggap user ...` on the server."""


@dataclass(frozen=True)
class Principal(Actor):
    role: StaffRole = StaffRole.OFFICER
    units: frozenset[str] | None = frozenset()
    """The units whose tickets they see; None: every unit."""
    sees_unrouted: bool = False
    """They see tickets not routed to any unit yet (which belong to the triage unit)."""

    @property
    def sees_all(self) -> bool:
        return self.units is None

    @property
    def manages_users(self) -> bool:
        return self.role == StaffRole.ADMIN

    def sees_unit(self, unit_id: str | None) -> bool:
        """A ticket of `unit_id` (None: not routed yet) is theirs to see."""
        if self.units is None:
            return True
        return self.sees_unrouted if unit_id is None else unit_id in self.units


async def principal_of(session: AsyncSession, account: StaffAccount) -> Principal:
    """The principal of a signed-in account, its units read from the directory now (edits to
    `escalation.yaml` take effect at the next request)."""
    if account.id is None:
        raise ValueError("account has not been flushed")
    if account.role == StaffRole.SUPERVISOR:
        return Principal(
            account_id=account.id,
            username=account.username,
            person_id=account.person_id,
            role=account.role,
            units=None,
            sees_unrouted=True,
        )
    units = await units_of_person(session, account.person_id)
    triage = next((u.id for u in (await directory.all_units(session)).values() if u.is_triage), None)
    unrouted = triage is not None and triage in units
    return Principal(
        account_id=account.id,
        username=account.username,
        person_id=account.person_id,
        role=account.role,
        units=units,
        sees_unrouted=unrouted,
    )


async def units_of_person(session: AsyncSession, person_id: str | None) -> frozenset[str]:
    """The units an active person belongs to (as officer or head), with every unit below them."""
    if person_id is None:
        return frozenset()
    person = await directory.get_person(session, person_id)
    if person is None or not person.active:
        return frozenset()
    own = {m.unit_id for m in await directory.memberships(session) if m.person_id == person_id}
    return await with_units_below(session, own)


async def with_units_below(session: AsyncSession, unit_ids: Iterable[str]) -> frozenset[str]:
    """`unit_ids` and every unit below them in the directory."""
    units = await directory.all_units(session)
    children: dict[str, list[str]] = {}
    for unit in units.values():
        if unit.parent_id is not None:
            children.setdefault(unit.parent_id, []).append(unit.id)
    seen: set[str] = set()
    pending = list(unit_ids)
    while pending:
        current = pending.pop()
        if current not in seen:
            seen.add(current)
            pending.extend(children.get(current, ()))
    return frozenset(seen)
