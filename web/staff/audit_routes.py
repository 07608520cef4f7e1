"""The audit log in the browser (`/staff/audit`, supervisors and admins): every staff action, newest
first, 50 a page, filtered by action, by who did it, by ticket code and by a period in the agency's
dates. Read-only. Detail values are ids, counts and reasons (no personal data is audited); they are
still shown through `mask_pii`, as is every free text a page shows from the log.

No `from __future__ import annotations`: FastAPI reads the parameters' types at import."""

from datetime import date, datetime, time, timedelta
from typing import Annotated, Any
from urllib.parse import urlencode

from fastapi import APIRouter, Depends, Query, Request, Response

from core.privacy import mask_pii
from escalation import repository as directory
from escalation.staff.audit_log import AuditEntry, AuditSearch, may_read_audit, read_audit_log
from web.staff.deps import Staff, StaffGate
from web.staff.pages import Pages
from web.staff.site import StaffSite
from web.staff.texts import label, text

AUDIT_PATH = "/staff/audit"
PAGE_SIZE = 50
Text = Annotated[str, Query(max_length=64)]


class BadPeriod(ValueError):
    """A date that cannot be read, or a period that ends before it starts (the reason's key)."""


def build_audit_routes(site: StaffSite, gate: StaffGate, pages: Pages) -> APIRouter:
    router = APIRouter()
    Signed = Annotated[Staff, Depends(gate.current_staff)]

    @router.get(AUDIT_PATH)
    async def audit_log(
        request: Request,
        staff: Signed,
        tindakan: Text = "",
        pengguna: Text = "",
        tiket: Text = "",
        dari: Text = "",
        sampai: Text = "",
        halaman: Annotated[int, Query(ge=1, le=100_000)] = 1,
    ) -> Response:
        if not may_read_audit(staff.principal):
            return pages.render(
                request, "message.html", staff=staff, status_code=403,
                title="audit.forbidden.title", body="audit.forbidden.body",
            )  # fmt: skip
        chosen = {"tindakan": tindakan, "pengguna": pengguna, "tiket": tiket, "dari": dari, "sampai": sampai}
        try:
            since, until = period(dari, sampai, site)
        except BadPeriod as error:
            return await render(request, staff, chosen, status_code=400, error=text(str(error)))
        search = AuditSearch(
            action=tindakan.strip() or None, username=pengguna.strip() or None,
            ticket_code=tiket.strip() or None, since=since, until=until,
        )  # fmt: skip
        return await render(request, staff, chosen, search=search, page=halaman)

    async def render(
        request: Request,
        staff: Staff,
        chosen: dict[str, str],
        *,
        search: AuditSearch | None = None,
        page: int = 1,
        status_code: int = 200,
        error: str | None = None,
    ) -> Response:
        async with site.db.reading() as session:
            found = await read_audit_log(
                session, by=staff.principal, search=search or AuditSearch(), page=page, size=PAGE_SIZE
            )
            people = {p.id: p.name for p in (await directory.all_people(session)).values()}
        entries = [] if search is None else [row(entry, people) for entry in found.entries]
        query = urlencode({key: value for key, value in chosen.items() if value})
        return pages.render(
            request, "audit.html", staff=staff, status_code=status_code, entries=entries,
            total=found.total if search is not None else 0, page=page, pages=found.pages,
            actions=found.actions, chosen=chosen, query=query, error=error,
        )  # fmt: skip

    return router


def period(since: str, until: str, site: StaffSite) -> tuple[datetime | None, datetime | None]:
    """The period's bounds in UTC-aware datetimes: from the start of `since` to the end of `until`,
    both the agency's local dates (YYYY-MM-DD, as the date fields send them)."""
    start, end = _date(since), _date(until)
    if start is not None and end is not None and end < start:
        raise BadPeriod("audit.error.period")
    zone = site.timezone
    return (
        datetime.combine(start, time(0), zone) if start else None,
        datetime.combine(end + timedelta(days=1), time(0), zone) if end else None,
    )


def _date(value: str) -> date | None:
    if not value.strip():
        return None
    try:
        return date.fromisoformat(value.strip())
    except ValueError:
        raise BadPeriod("audit.error.date") from None


def row(entry: AuditEntry, people: dict[str, str]) -> dict[str, Any]:
    """One entry as the page shows it: who by username or name, what in the catalogue's words."""
    kind, _, name = entry.actor.partition(":")
    if kind == "account":
        who = name
    elif kind == "officer":
        who = people.get(name, name)
    else:
        who = label("actor", entry.actor)
    detail = [
        (label("audit.detail", key), mask_pii(_value(key, value)))
        for key, value in sorted(entry.detail.items())
    ]
    return {
        "at": entry.at,
        "who": mask_pii(who),
        "action": label("audit.action", entry.action),
        "ticket_code": entry.ticket_code,
        "detail": detail,
        "ip": entry.ip,
        "channel": label("audit.channel", entry.channel) if entry.channel else None,
    }


def _value(key: str, value: object) -> str:
    """A detail's value as staff read it: roles and sign-in stages by their names, the rest as stored."""
    if key in ("role", "stage"):
        return label("role" if key == "role" else "audit.stage", value)
    return _shown(value)


def _shown(value: object) -> str:
    if value is None:
        return "–"
    if isinstance(value, bool):
        return text("audit.yes") if value else text("audit.no")
    if isinstance(value, list | tuple):
        return ", ".join(_shown(item) for item in value)
    return str(value)
