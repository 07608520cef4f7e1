"""A signed-in person's own pages: the home page (who they are, their role and units), the list of
their sessions with a button to end each one, and signing out. Every form carries the session's
CSRF token (`check_csrf`); the services audit what happens.

No `from __future__ import annotations`: FastAPI reads the parameters' types at import."""

from typing import Annotated

from fastapi import APIRouter, Depends, Form, Path, Query, Request, Response
from fastapi.responses import RedirectResponse

from escalation import repository as directory
from escalation.staff import repository as accounts
from escalation.staff.session_admin import revoke_session, sessions_of
from escalation.staff.signin import sign_out
from web.staff.browsers import browser_label
from web.staff.cookies import clear_session_cookie, cookie_name
from web.staff.deps import Staff, StaffGate, check_csrf
from web.staff.pages import Pages
from web.staff.signin_routes import HOME_PATH, see_other, sign_in_url
from web.staff.site import StaffSite
from web.staff.texts import text

SESSIONS_PATH = "/staff/sesi"
SIGN_OUT_PATH = "/staff/keluar"
SESSION_NOTICES = {"diakhiri": "sessions.ended"}


def build_account_routes(site: StaffSite, gate: StaffGate, pages: Pages) -> APIRouter:
    router = APIRouter()
    db, auth = site.db, site.auth
    CurrentStaff = Annotated[Staff, Depends(gate.current_staff)]

    @router.get(HOME_PATH, include_in_schema=False)
    async def home(request: Request, staff: CurrentStaff) -> Response:
        principal = staff.principal
        async with db.reading() as session:
            person = await directory.get_person(session, principal.person_id) if principal.person_id else None
            units = await directory.all_units(session)
            account = await accounts.get_account(session, principal.account_id or 0)
            two_factor = account is not None and account.totp_enabled_at is not None
            display_name = person.name if person is not None else principal.username
            # inside the session: the read-only session's rollback expires the units it loaded
            names = sorted(units[unit].name for unit in principal.units or () if unit in units)
        return pages.render(
            request,
            "beranda.html",
            staff=staff,
            display_name=display_name,
            role=text(f"role.{principal.role}"),
            all_units=principal.sees_all,
            units=names,
            two_factor=two_factor,
        )

    @router.get(SESSIONS_PATH, include_in_schema=False)
    async def session_list(
        request: Request, staff: CurrentStaff, pesan: Annotated[str | None, Query(max_length=32)] = None
    ) -> Response:
        async with db.session() as session:
            found = await sessions_of(
                session, auth, principal=staff.principal, current_session_id=staff.session_id
            )
        rows = [
            {
                "id": item.id,
                "browser": browser_label(item.user_agent),
                "ip": item.ip,
                "created_at": item.created_at,
                "last_seen_at": item.last_seen_at,
                "current": item.current,
            }
            for item in found
        ]
        key = SESSION_NOTICES.get(pesan or "")
        return pages.render(
            request, "sesi.html", staff=staff, sessions=rows, notice=text(key) if key else None
        )

    @router.post(SESSIONS_PATH + "/{session_id}/akhiri", include_in_schema=False)
    async def end_session(
        request: Request,
        staff: CurrentStaff,
        session_id: Annotated[int, Path(ge=1, le=2**62)],
        csrf: Annotated[str | None, Form(max_length=128)] = None,
    ) -> Response:
        check_csrf(staff, csrf)
        async with db.session() as session:
            await revoke_session(
                session, principal=staff.principal, session_id=session_id, ip=staff.client.address or None
            )
        if session_id == staff.session_id:
            response: Response = see_other(sign_in_url(notice="berakhir"))
            clear_session_cookie(response, staff.client)
            return response
        return see_other(SESSIONS_PATH + "?pesan=diakhiri")

    @router.post(SIGN_OUT_PATH, include_in_schema=False)
    async def sign_out_submit(
        request: Request, staff: CurrentStaff, csrf: Annotated[str | None, Form(max_length=128)] = None
    ) -> Response:
        check_csrf(staff, csrf)
        token = request.cookies.get(cookie_name(staff.client))
        async with db.session() as session:
            await sign_out(session, auth, token=token, ip=staff.client.address or None)
        response: RedirectResponse = see_other(sign_in_url(notice="keluar"))
        clear_session_cookie(response, staff.client)
        return response

    return router
