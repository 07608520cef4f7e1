"""Every staff page is behind the sign-in gate: without a signed-in session the browser is sent to the
sign-in page and comes back to where it was going; the session cookie is believed only under the name
the connection allows."""

from __future__ import annotations

from core.db import Database
from escalation.staff.auth import StaffAuth
from escalation.staff.models import StaffRole
from tests.escalation.staff.conftest import add_account, auth, log_in
from tests.web.staff_app import AGENCY, browser_for, signed_in_browser, staff_app
from web.staff.cookies import PLAIN_NAME, SECURE_NAME

__all__ = ["auth"]


async def test_without_a_session_the_page_sends_the_browser_to_sign_in(db: Database, auth: StaffAuth) -> None:
    async with browser_for(staff_app(db, auth)) as browser:
        response = await browser.get("/staff?tab=1")
    assert response.status_code == 303
    assert response.headers["location"] == "/staff/masuk?lanjut=/staff%3Ftab%3D1"


async def test_a_signed_in_officer_sees_the_home_page_with_the_agency_and_role(
    db: Database, auth: StaffAuth
) -> None:
    app = staff_app(db, auth)
    async with await signed_in_browser(app, db, auth, "sari", role=StaffRole.OFFICER) as browser:
        response = await browser.get("/staff")
    assert response.status_code == 200
    assert AGENCY in response.text
    assert "Masuk sebagai sari" in response.text
    assert "Petugas" in response.text
    assert response.headers["cache-control"] == "no-store"


async def test_a_session_still_waiting_for_the_second_factor_opens_no_page(
    db: Database, auth: StaffAuth
) -> None:
    await add_account(db, auth, "budi", role=StaffRole.SUPERVISOR)
    pending = await log_in(db, auth, "budi")
    assert pending.token is not None
    async with browser_for(staff_app(db, auth)) as browser:
        browser.cookies.set(PLAIN_NAME, pending.token)
        response = await browser.get("/staff")
    assert response.status_code == 303


async def test_a_made_up_cookie_opens_no_page(db: Database, auth: StaffAuth) -> None:
    async with browser_for(staff_app(db, auth)) as browser:
        browser.cookies.set(PLAIN_NAME, "x" * 43)
        response = await browser.get("/staff")
    assert response.status_code == 303


async def test_behind_https_only_the_host_prefixed_cookie_counts(db: Database, auth: StaffAuth) -> None:
    app = staff_app(db, auth, proxies="127.0.0.1")
    async with await signed_in_browser(app, db, auth, "sari") as browser:
        token = browser.cookies[PLAIN_NAME]
        https = {"x-forwarded-proto": "https", "x-forwarded-for": "203.0.113.9"}
        plain_refused = await browser.get("/staff", headers=https)
        browser.cookies.clear()
        browser.cookies.set(SECURE_NAME, token)
        secure_accepted = await browser.get("/staff", headers=https)
    assert plain_refused.status_code == 303
    assert secure_accepted.status_code == 200
