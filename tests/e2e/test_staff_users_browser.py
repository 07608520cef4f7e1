"""An admin manages accounts in Chromium against the real server: signs in with an authenticator, adds
an officer (a weak password first, refused with its reason, the form kept), disables the account (the
browser insists on the confirmation box first), and finds both actions in the audit log."""

from __future__ import annotations

from pathlib import Path

import pyotp
from playwright.async_api import Page, async_playwright

from core.db import Database
from escalation.staff.accounts import create_account
from escalation.staff.auth import StaffAuth
from escalation.staff.models import StaffRole
from tests.e2e.conftest import CHROMIUM, needs_chromium

PASSWORD = "kunci-rahasia-panjang-2026"


async def add_admin(tmp_path: Path) -> None:
    db = Database(f"sqlite+aiosqlite:///{tmp_path / 'e2e.db'}")
    try:
        async with db.session() as session:
            await create_account(
                session, StaffAuth(), by=None, username="it-admin", role=StaffRole.ADMIN, password=PASSWORD
            )
    finally:
        await db.dispose()


async def sign_in_and_enrol(page: Page, server: str) -> None:
    await page.goto(f"{server}/staff/pengguna")
    await page.fill("#username", "it-admin")
    await page.fill("#password", PASSWORD)
    await page.click("button[type=submit]")
    secret = (await page.locator("#secret").inner_text()).replace(" ", "")
    await page.fill("#code", pyotp.TOTP(secret).now())
    await page.click("form button[type=submit]")
    await page.click("text=Saya sudah menyimpan kode ini")
    assert page.url.endswith("/staff/pengguna")


@needs_chromium
async def test_an_admin_adds_and_disables_an_officer_and_reads_the_log(server: str, tmp_path: Path) -> None:
    await add_admin(tmp_path)
    async with async_playwright() as playwright:
        browser = await playwright.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
        page = await browser.new_page()
        await sign_in_and_enrol(page, server)
        add = 'form[action="/staff/pengguna"]'
        await page.fill(f"{add} #username", "rina")
        await page.select_option("#person", "petugas-pupr")
        await page.fill(f"{add} #password", "pendek")
        await page.click(f"{add} button[type=submit]")
        assert "minimal 12 karakter" in await page.locator(".error").inner_text()
        assert await page.input_value(f"{add} #username") == "rina"
        assert await page.input_value("#person") == "petugas-pupr"
        assert await page.input_value(f"{add} #password") == ""
        await page.fill(f"{add} #password", "kunci-petugas-baru-2026")
        await page.click(f"{add} button[type=submit]")
        assert "Akun rina telah dibuat." in await page.locator(".notice").inner_text()

        disable = 'form[action="/staff/pengguna/rina/nonaktifkan"]'
        await page.click("text=Kelola akun rina")
        await page.click(f"{disable} button[type=submit]")  # not ticked: the browser does not send it
        assert await page.locator(".notice").count() == 1
        assert "dinonaktifkan" not in await page.locator(".notice").inner_text()
        await page.check(f"{disable} input[name=yakin]")
        await page.click(f"{disable} button[type=submit]")
        assert "Akun rina telah dinonaktifkan" in await page.locator(".notice").inner_text()

        await page.click("nav >> text=Log audit")
        rows = await page.locator("table.audit tbody").inner_text()
        assert rows.index("Akun dinonaktifkan") < rows.index("Akun dibuat")
        assert "127.0.0.1" in rows
        await browser.close()
