"""Signing in to the staff pages as a person does in a browser: the password form, the second factor,
enrolling an authenticator app, the refusals, and where the browser goes afterwards."""

from __future__ import annotations

from core.clock import FrozenClock
from core.db import Database
from escalation.staff.auth import StaffAuth
from escalation.staff.models import StaffRole
from tests.escalation.staff.conftest import PASSWORD, add_account, auth, cheap_settings, code_now
from tests.web.staff_app import browser_for, staff_app
from tests.web.staff_steps import SECRET, audit_actions, csrf_of, submit_code, submit_password
from web.staff.cookies import PLAIN_NAME

__all__ = ["auth"]


async def test_an_officer_signs_in_with_the_password_and_goes_back_where_they_were(
    db: Database, auth: StaffAuth
) -> None:
    await add_account(db, auth, "sari")
    async with browser_for(staff_app(db, auth)) as browser:
        answer = await submit_password(browser, "sari", PASSWORD, lanjut="/staff/sesi")
        assert answer.status_code == 303
        assert answer.headers["location"] == "/staff/sesi"
        cookie = answer.headers["set-cookie"]
        assert f"{PLAIN_NAME}=" in cookie
        assert "HttpOnly" in cookie
        assert "SameSite=lax" in cookie
        home = await browser.get("/staff")
    assert home.status_code == 200
    assert "sari" in home.text


async def test_a_wrong_password_is_refused_with_one_message_and_no_session(
    db: Database, auth: StaffAuth
) -> None:
    await add_account(db, auth, "sari")
    async with browser_for(staff_app(db, auth)) as browser:
        wrong = await submit_password(browser, "sari", "salah-sekali-123")
        unknown = await submit_password(browser, "tidakada", "salah-sekali-123")
        home = await browser.get("/staff")
    assert wrong.status_code == 400
    assert unknown.status_code == 400
    assert "Nama pengguna atau kata sandi salah" in wrong.text
    assert home.status_code == 303
    assert (await audit_actions(db)).count("login_failed") == 2


async def test_a_sign_in_form_without_its_token_changes_nothing(db: Database, auth: StaffAuth) -> None:
    await add_account(db, auth, "sari")
    async with browser_for(staff_app(db, auth)) as browser:
        answer = await browser.post("/staff/masuk", data={"username": "sari", "password": PASSWORD})
    assert answer.status_code == 403
    assert "login" not in await audit_actions(db)


async def test_after_sign_in_the_browser_never_goes_to_another_site(db: Database, auth: StaffAuth) -> None:
    await add_account(db, auth, "sari")
    async with browser_for(staff_app(db, auth)) as browser:
        answer = await submit_password(browser, "sari", PASSWORD, lanjut="//evil.example/staff")
    assert answer.headers["location"] == "/staff"


async def test_repeated_failures_are_throttled_with_the_minutes_to_wait(db: Database) -> None:
    tight = StaffAuth(settings=cheap_settings(attempts_per_address=3))
    await add_account(db, tight, "sari")
    async with browser_for(staff_app(db, tight)) as browser:
        for _ in range(3):
            await submit_password(browser, "sari", "salah-sekali-123")
        throttled = await submit_password(browser, "sari", PASSWORD)
    assert throttled.status_code == 429
    assert "menit" in throttled.text
    assert "retry-after" in throttled.headers


async def test_a_supervisor_must_enrol_two_factor_then_sees_recovery_codes_once(
    db: Database, auth: StaffAuth
) -> None:
    await add_account(db, auth, "budi", role=StaffRole.SUPERVISOR)
    async with browser_for(staff_app(db, auth)) as browser:
        answer = await submit_password(browser, "budi", PASSWORD)
        assert answer.headers["location"].startswith("/staff/daftar-2fa")
        assert (await browser.get("/staff")).status_code == 303
        page = await browser.get("/staff/daftar-2fa")
        found = SECRET.search(page.text)
        assert found is not None
        secret = found.group(1).replace(" ", "")
        done = await browser.post("/staff/daftar-2fa", data={"csrf": csrf_of(page), "code": code_now(secret)})
        assert done.status_code == 200
        assert "hanya ditampilkan sekali" in done.text
        assert done.headers["cache-control"] == "no-store"
        home = await browser.get("/staff")
    assert home.status_code == 200
    assert "totp_enrolled" in await audit_actions(db)


async def test_an_enrolled_supervisor_gives_the_code_after_the_password(
    db: Database, auth: StaffAuth, clock: FrozenClock
) -> None:
    from tests.escalation.staff.conftest import enrol, log_in

    await add_account(db, auth, "budi", role=StaffRole.SUPERVISOR)
    pending = await log_in(db, auth, "budi")
    assert pending.token is not None
    _, secret, _ = await enrol(db, auth, pending.token)
    clock.advance(seconds=60)  # the enrolment's code is spent: the next one
    async with browser_for(staff_app(db, auth)) as browser:
        answer = await submit_password(browser, "budi", PASSWORD)
        assert answer.headers["location"].startswith("/staff/masuk/kode")
        refused = await submit_code(browser, "000000" if code_now(secret) != "000000" else "111111")
        assert refused.status_code == 400
        accepted = await submit_code(browser, code_now(secret))
        assert accepted.status_code == 303
        home = await browser.get("/staff")
    assert home.status_code == 200


async def test_a_supervisor_enrolling_at_first_sign_in_still_goes_where_they_were_headed(
    db: Database, auth: StaffAuth
) -> None:
    await add_account(db, auth, "budi", role=StaffRole.SUPERVISOR)
    async with browser_for(staff_app(db, auth)) as browser:
        answer = await submit_password(browser, "budi", PASSWORD, lanjut="/staff/antrean?status=open")
        page = await browser.get(answer.headers["location"])
        found = SECRET.search(page.text)
        assert found is not None
        code = code_now(found.group(1).replace(" ", ""))
        done = await browser.post(
            "/staff/daftar-2fa",
            data={"csrf": csrf_of(page), "code": code, "lanjut": "/staff/antrean?status=open"},
        )
    assert done.status_code == 200
    assert 'href="/staff/antrean?status=open"' in done.text


async def test_reloading_the_enrolment_page_keeps_the_secret_but_a_new_sign_in_gets_a_new_one(
    db: Database, auth: StaffAuth
) -> None:
    await add_account(db, auth, "budi", role=StaffRole.SUPERVISOR)
    shown: list[str] = []
    for _ in range(2):
        async with browser_for(staff_app(db, auth)) as browser:
            answer = await submit_password(browser, "budi", PASSWORD)
            for _ in range(2):
                found = SECRET.search((await browser.get(answer.headers["location"])).text)
                assert found is not None
                shown.append(found.group(1))
            if len(shown) == 4:
                page = await browser.get(answer.headers["location"])
                code = code_now(shown[3].replace(" ", ""))
                done = await browser.post("/staff/daftar-2fa", data={"csrf": csrf_of(page), "code": code})
    assert shown[0] == shown[1]  # a reload after scanning: the app's codes still fit
    assert shown[2] == shown[3]
    assert shown[0] != shown[2]  # another sign-in: a secret nobody saw before
    assert "hanya ditampilkan sekali" in done.text  # the secret shown on a reload is the one confirmed
