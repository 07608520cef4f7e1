"""A supervisor signs in to the staff pages in Chromium against the real server: the password, then
enrolling an authenticator app (required for supervisors), the recovery codes, the home page, and
signing out."""

from __future__ import annotations

from pathlib import Path

import pyotp
from playwright.async_api import async_playwright

from core.db import Database
from escalation.staff.accounts import create_account
from escalation.staff.auth import StaffAuth
from escalation.staff.models import StaffRole
from tests.e2e.conftest import CHROMIUM, needs_chromium

PASSWORD = "kunci-rahasia-panjang-2026"


async def add_supervisor(tmp_path: Path) -> None:
    db = Database(f"sqlite+aiosqlite:///{tmp_path / 'e2e.db'}")
    try:
        async with db.session() as session:
            await create_account(
                session, StaffAuth(), by=None, username="kabid", role=StaffRole.SUPERVISOR, password=PASSWORD
            )
    finally:
        await db.dispose()


@needs_chromium
async def test_a_supervisor_signs_in_with_password_and_authenticator(server: str, tmp_path: Path) -> None:
    await add_supervisor(tmp_path)
    async with async_playwright() as playwright:
        browser = await playwright.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
        page = await browser.new_page()
        await page.goto(f"{server}/staff/sesi")
        assert "/staff/masuk" in page.url
        await page.fill("#username", "kabid")
        await page.fill("#password", "bukan-kata-sandinya")
        await page.click("button[type=submit]")
        assert "salah" in await page.locator(".error").inner_text()
        await page.fill("#username", "kabid")
        await page.fill("#password", PASSWORD)
        await page.click("button[type=submit]")
        assert "/staff/daftar-2fa?lanjut=%2Fstaff%2Fsesi" in page.url  # where they were headed is kept
        secret = (await page.locator("#secret").inner_text()).replace(" ", "")
        await page.fill("#code", pyotp.TOTP(secret).now())
        await page.click("form button[type=submit]")
        assert "hanya ditampilkan sekali" in await page.content()
        await page.click("text=Saya sudah menyimpan kode ini")
        assert page.url.endswith("/staff/sesi")
        assert "Masuk sebagai kabid" in await page.content()
        await page.click("form.bar__out button")
        assert "Anda telah keluar" in await page.locator(".notice").inner_text()
        await page.goto(f"{server}/staff")
        assert "/staff/masuk" in page.url
        await browser.close()
