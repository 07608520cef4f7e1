"""What the accounts page shows: every account as a row (role, person, units, two-factor, state, last
sign-in), the people of the directory to link a new account to, and a refusal of the account
services in the catalogue's words (the services' own messages are the command line's English)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession
from starlette.requests import Request
from starlette.responses import Response

from core.errors import TanggapError
from escalation import repository as directory
from escalation.staff import repository as accounts
from escalation.staff.accounts import AccountInfo, list_accounts
from escalation.staff.errors import ReasonedError
from escalation.staff.models import StaffRole
from web.staff.deps import Staff
from web.staff.pages import Pages
from web.staff.site import StaffSite
from web.staff.texts import has, text

ROLES = tuple(role.value for role in StaffRole)


@dataclass(frozen=True)
class AccountRow:
    username: str
    role: str
    person: str | None
    units: list[str]
    two_factor: bool
    disabled: bool
    has_password: bool
    locked_until: datetime | None
    last_sign_in: datetime | None
    is_self: bool


def refusal(error: TanggapError) -> str:
    """The reason a service gave, as the page says it."""
    if isinstance(error, ReasonedError) and error.reason:
        key = f"users.error.{error.code}.{error.reason}"
        if has(key):
            return text(key, **error.values)
    key = f"users.error.{error.code}"
    return text(key) if has(key) else text("users.error.other")


def may_manage_users(staff: Staff) -> bool:
    return staff.principal.manages_users


class UserView:
    def __init__(self, site: StaffSite, pages: Pages) -> None:
        self.site = site
        self.pages = pages

    async def render(
        self,
        request: Request,
        staff: Staff,
        *,
        status_code: int = 200,
        error: str | None = None,
        notice: str | None = None,
        form: Mapping[str, str] | None = None,
    ) -> Response:
        async with self.site.db.reading() as session:
            found = await list_accounts(session, by=staff.principal)
            rows = await self._rows(session, found, staff)
            people = sorted(
                ((p.id, p.name) for p in (await directory.all_people(session)).values() if p.active),
                key=lambda item: item[1],
            )
        return self.pages.render(
            request,
            "pengguna.html",
            staff=staff,
            status_code=status_code,
            accounts=rows,
            people=people,
            roles=ROLES,
            error=error,
            notice=notice,
            form=dict(form or {}),
        )

    def forbidden(self, request: Request, staff: Staff) -> Response:
        return self.pages.render(
            request,
            "message.html",
            staff=staff,
            status_code=403,
            title="users.forbidden.title",
            body="users.forbidden.body",
        )

    async def _rows(self, session: AsyncSession, found: list[AccountInfo], staff: Staff) -> list[AccountRow]:
        people = await directory.all_people(session)
        units = await directory.all_units(session)
        unit_names: dict[str, set[str]] = {}
        for member in await directory.memberships(session):
            if member.unit_id in units:
                unit_names.setdefault(member.person_id, set()).add(units[member.unit_id].name)
        last = await accounts.last_sign_ins(session)
        return [
            AccountRow(
                username=item.username,
                role=item.role.value,
                person=people[item.person_id].name if item.person_id in people else item.person_id,
                units=sorted(unit_names.get(item.person_id or "", ())),
                two_factor=item.two_factor,
                disabled=item.disabled,
                has_password=item.has_password,
                locked_until=item.locked_until,
                last_sign_in=last.get(item.username),
                is_self=item.username == staff.principal.username,
            )
            for item in found
        ]


def kept_form(username: str, role: str, person: str) -> dict[str, Any]:
    """The add form's values shown again after a refusal (never the password)."""
    return {"username": username, "role": role, "person": person}
