"""The admins' accounts page (`/staff/pengguna`): every staff account, and the forms to add one, set
a new password, disable or enable it, reset its two-factor sign-in, end all its sessions, and create
the accounts of the people of escalation.yaml. Each form carries the session's CSRF token; the
account services (escalation.staff.accounts, .session_admin) refuse non-admins and audit each change.
A refusal is shown with its reason (400) and the add form keeps what was typed, except the password.
Destructive actions need their confirmation box ticked.

No `from __future__ import annotations`: FastAPI reads the parameters' types at import."""

from collections.abc import Awaitable, Callable
from typing import Annotated, Any
from urllib.parse import urlencode

from fastapi import APIRouter, Depends, Form, Path, Query, Request, Response
from sqlalchemy.ext.asyncio import AsyncSession

from core.errors import PermissionDeniedError, TanggapError
from escalation.staff import accounts
from escalation.staff.session_admin import revoke_all_sessions
from web.staff.deps import Staff, StaffGate, check_csrf
from web.staff.pages import Pages
from web.staff.signin_routes import see_other
from web.staff.site import StaffSite
from web.staff.texts import text
from web.staff.user_view import UserView, kept_form, may_manage_users, refusal

USERS_PATH = "/staff/pengguna"
NOTICES = {
    "dibuat": "users.notice.created",
    "sandi": "users.notice.password",
    "nonaktif": "users.notice.disabled",
    "aktif": "users.notice.enabled",
    "2fa": "users.notice.two_factor",
    "sesi": "users.notice.sessions",
    "sinkron": "users.notice.synced",
}
USERNAME = Path(min_length=1, max_length=64, pattern=r"^[A-Za-z0-9._-]+$")
Csrf = Annotated[str | None, Form(max_length=128)]
Confirmed = Annotated[str, Form(max_length=8)]
Work = Callable[[AsyncSession], Awaitable[Any]]


def build_user_routes(site: StaffSite, gate: StaffGate, pages: Pages) -> APIRouter:
    router = APIRouter()
    Signed = Annotated[Staff, Depends(gate.current_staff)]
    view = UserView(site, pages)

    async def act(request: Request, staff: Staff, work: Work, notice: str, **values: object) -> Response:
        """Run `work` in one transaction: back to the list with `notice` (and the values `work`
        returns as a dict, e.g. a count), or the page with the reason."""
        if not may_manage_users(staff):
            return view.forbidden(request, staff)
        try:
            async with site.db.session() as session:
                done = await work(session)
        except PermissionDeniedError:
            return view.forbidden(request, staff)
        except TanggapError as error:
            return await view.render(request, staff, status_code=400, error=refusal(error))
        shown = {**values, **(done if isinstance(done, dict) else {})}
        query = urlencode({"pesan": notice, **{key: str(value) for key, value in shown.items()}})
        return see_other(f"{USERS_PATH}?{query}")

    def ip_of(staff: Staff) -> str | None:
        return staff.client.address or None

    @router.get(USERS_PATH)
    async def user_list(
        request: Request,
        staff: Signed,
        pesan: Annotated[str, Query(max_length=16)] = "",
        akun: Annotated[str, Query(max_length=64)] = "",
        jumlah: Annotated[int, Query(ge=0, le=100_000)] = 0,
    ) -> Response:
        if not may_manage_users(staff):
            return view.forbidden(request, staff)
        key = NOTICES.get(pesan)
        notice = text(key, name=akun, count=jumlah) if key else None
        return await view.render(request, staff, notice=notice)

    @router.post(USERS_PATH)
    async def add_account(
        request: Request,
        staff: Signed,
        csrf: Csrf = None,
        username: Annotated[str, Form(max_length=64)] = "",
        role: Annotated[str, Form(max_length=16)] = "officer",
        person: Annotated[str, Form(max_length=64)] = "",
        password: Annotated[str, Form(max_length=2048)] = "",
    ) -> Response:
        check_csrf(staff, csrf)
        if not may_manage_users(staff):
            return view.forbidden(request, staff)
        try:
            async with site.db.session() as session:
                made = await accounts.create_account(
                    session, site.auth, by=staff.principal, username=username,
                    role=accounts.parse_role(role), password=password,
                    person_id=person or None, ip=ip_of(staff),
                )  # fmt: skip
        except PermissionDeniedError:
            return view.forbidden(request, staff)
        except TanggapError as error:
            return await view.render(
                request, staff, status_code=400, error=refusal(error),
                form=kept_form(username, role, person),
            )  # fmt: skip
        return see_other(f"{USERS_PATH}?{urlencode({'pesan': 'dibuat', 'akun': made.username})}")

    @router.post(USERS_PATH + "/sinkronkan")
    async def sync_people(request: Request, staff: Signed, csrf: Csrf = None) -> Response:
        check_csrf(staff, csrf)

        async def work(session: AsyncSession) -> dict[str, int]:
            changed = await accounts.sync_people_accounts(session, by=staff.principal, ip=ip_of(staff))
            return {"jumlah": len(changed)}

        return await act(request, staff, work, "sinkron")

    @router.post(USERS_PATH + "/{username}/sandi")
    async def new_password(
        request: Request,
        staff: Signed,
        username: Annotated[str, USERNAME],
        csrf: Csrf = None,
        password: Annotated[str, Form(max_length=2048)] = "",
    ) -> Response:
        check_csrf(staff, csrf)
        return await act(
            request, staff,
            lambda session: accounts.set_password(
                session, site.auth, by=staff.principal, username=username, password=password, ip=ip_of(staff)
            ),
            "sandi", akun=username,
        )  # fmt: skip

    @router.post(USERS_PATH + "/{username}/nonaktifkan")
    async def disable(
        request: Request, staff: Signed, username: Annotated[str, USERNAME], csrf: Csrf = None,
        yakin: Confirmed = "",
    ) -> Response:  # fmt: skip
        check_csrf(staff, csrf)
        if not yakin:
            return await unconfirmed(request, staff)
        return await act(
            request, staff,
            lambda session: accounts.set_disabled(
                session, by=staff.principal, username=username, disabled=True, ip=ip_of(staff)
            ),
            "nonaktif", akun=username,
        )  # fmt: skip

    @router.post(USERS_PATH + "/{username}/aktifkan")
    async def enable(
        request: Request, staff: Signed, username: Annotated[str, USERNAME], csrf: Csrf = None
    ) -> Response:
        check_csrf(staff, csrf)
        return await act(
            request, staff,
            lambda session: accounts.set_disabled(
                session, by=staff.principal, username=username, disabled=False, ip=ip_of(staff)
            ),
            "aktif", akun=username,
        )  # fmt: skip

    @router.post(USERS_PATH + "/{username}/reset-2fa")
    async def reset_two_factor(
        request: Request, staff: Signed, username: Annotated[str, USERNAME], csrf: Csrf = None,
        yakin: Confirmed = "",
    ) -> Response:  # fmt: skip
        check_csrf(staff, csrf)
        if not yakin:
            return await unconfirmed(request, staff)
        return await act(
            request, staff,
            lambda session: accounts.reset_two_factor(
                session, by=staff.principal, username=username, ip=ip_of(staff)
            ),
            "2fa", akun=username,
        )  # fmt: skip

    @router.post(USERS_PATH + "/{username}/akhiri-sesi")
    async def end_sessions(
        request: Request, staff: Signed, username: Annotated[str, USERNAME], csrf: Csrf = None,
        yakin: Confirmed = "",
    ) -> Response:  # fmt: skip
        check_csrf(staff, csrf)
        if not yakin:
            return await unconfirmed(request, staff)
        return await act(
            request, staff,
            lambda session: revoke_all_sessions(
                session, principal=staff.principal, username=username, keep=staff.session_id,
                ip=ip_of(staff),
            ),
            "sesi", akun=username,
        )  # fmt: skip

    async def unconfirmed(request: Request, staff: Staff) -> Response:
        if not may_manage_users(staff):
            return view.forbidden(request, staff)
        return await view.render(request, staff, status_code=400, error=text("users.error.unconfirmed"))

    return router
