"""A signed-in person's sessions: listed with where and when, another one ended from here, and
signing out, each only with the session's CSRF token and each in the audit log."""

from __future__ import annotations

from core.db import Database
from escalation.staff.auth import StaffAuth
from tests.escalation.staff.conftest import auth, log_in, signed_in
from tests.web.staff_app import browser_for, signed_in_browser, staff_app
from tests.web.staff_steps import audit_actions, csrf_of
from web.staff.cookies import PLAIN_NAME

__all__ = ["auth"]


async def test_the_list_shows_both_sessions_and_ends_the_other_one(db: Database, auth: StaffAuth) -> None:
    app = staff_app(db, auth)
    async with await signed_in_browser(app, db, auth, "sari") as office:
        laptop_token = signed_in(await log_in(db, auth, "sari", ip="10.0.0.77"))
        page = await office.get("/staff/sesi")
        assert page.status_code == 200
        assert "10.0.0.77" in page.text
        assert "Firefox" in page.text
        laptop_id = await session_id_from(db, "10.0.0.77")
        async with browser_for(app) as laptop:
            laptop.cookies.set(PLAIN_NAME, laptop_token)
            assert (await laptop.get("/staff")).status_code == 200
            ended = await office.post(f"/staff/sesi/{laptop_id}/akhiri", data={"csrf": csrf_of(page)})
            assert ended.status_code == 303
            assert (await laptop.get("/staff")).status_code == 303
        assert (await office.get("/staff")).status_code == 200
        assert "10.0.0.77" not in (await office.get("/staff/sesi")).text


async def session_id_from(db: Database, ip: str) -> int:
    from sqlmodel import select

    from escalation.staff.models import StaffSession

    async with db.reading() as session:
        found = (await session.execute(select(StaffSession.id).where(StaffSession.ip == ip))).scalar_one()
        assert found is not None
        return int(found)


async def test_signing_out_needs_the_token_and_ends_the_session(db: Database, auth: StaffAuth) -> None:
    app = staff_app(db, auth)
    async with await signed_in_browser(app, db, auth, "sari") as browser:
        page = await browser.get("/staff")
        refused = await browser.post("/staff/keluar", data={"csrf": "bukan-token"})
        assert refused.status_code == 403
        assert (await browser.get("/staff")).status_code == 200
        token = browser.cookies[PLAIN_NAME]
        out = await browser.post("/staff/keluar", data={"csrf": csrf_of(page)})
        assert out.status_code == 303
    async with browser_for(app) as later:
        later.cookies.set(PLAIN_NAME, token)
        assert (await later.get("/staff")).status_code == 303
    assert "logout" in await audit_actions(db)
