"""An officer works a citizen's complaint in Chromium against the real server: the citizen files it in
the web chat on a phone, the PUPR officer signs in on an office PC, finds it in the queue, takes it,
replies, and the reply appears in the citizen's chat.

With TANGGAP_SCREENSHOTS set to a directory, the pages are saved there (docs/screenshots/ is made so)."""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING

from playwright.async_api import async_playwright

from core.db import Database
from escalation.staff.accounts import create_account
from escalation.staff.auth import StaffAuth
from escalation.staff.models import StaffRole
from tests.e2e.conftest import CHROMIUM, PHONE, needs_chromium

if TYPE_CHECKING:
    from playwright.async_api import Page, ViewportSize

PASSWORD = "kunci-rahasia-panjang-2026"
STORY = "Jalan Melati depan SD Negeri 3 berlubang besar, kemarin dua motor jatuh di situ."
REPLY = "Lubang jalan di Jalan Melati akan kami tambal paling lambat pekan ini. Terima kasih atas laporannya."
DESKTOP: ViewportSize = {"width": 1200, "height": 900}


async def add_officer(tmp_path: Path) -> None:
    db = Database(f"sqlite+aiosqlite:///{tmp_path / 'e2e.db'}")
    try:
        async with db.session() as session:
            await create_account(
                session,
                StaffAuth(),
                by=None,
                username="andi",
                role=StaffRole.OFFICER,
                password=PASSWORD,
                person_id="petugas-pupr",
            )
    finally:
        await db.dispose()


async def file_complaint(page: Page, story: str = STORY) -> str:
    """Tell the story, confirm the draft, and return the new ticket's code (earlier ones stay above)."""
    drafts = page.locator(".msg--out", has_text="Mohon periksa dulu")
    confirmations = page.locator(".msg--out", has_text="kode tiket ADU-")
    before = await confirmations.count()
    drafted = await drafts.count()
    await page.fill("#text", story)
    await page.press("#text", "Enter")
    await drafts.nth(drafted).wait_for()
    await page.get_by_role("button", name="Ya, kirim aduan").last.click()
    confirmation = confirmations.nth(before)
    await confirmation.wait_for()
    text = await confirmation.inner_text()
    start = text.index("ADU-")
    return text[start : start + len("ADU-2026-000001")]


async def shoot(page: Page, name: str) -> None:
    target = os.environ.get("TANGGAP_SCREENSHOTS")
    if target:
        await page.screenshot(path=str(Path(target) / name), full_page=True)


@needs_chromium
async def test_an_officer_takes_a_complaint_and_the_reply_reaches_the_citizens_chat(
    server: str, tmp_path: Path, phone: Page
) -> None:
    code = await file_complaint(phone)
    await add_officer(tmp_path)
    async with async_playwright() as playwright:
        browser = await playwright.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
        context = await browser.new_context(viewport=DESKTOP)
        office = await context.new_page()
        blocked: list[str] = []
        office.on(
            "console",
            lambda line: blocked.append(line.text) if "Content Security Policy" in line.text else None,
        )
        await office.goto(f"{server}/staff/antrean")
        await office.fill("#username", "andi")
        await office.fill("#password", PASSWORD)
        await office.click("button[type=submit]")
        assert office.url.endswith("/staff/antrean")
        await shoot(office, "antrean-desktop.png")
        await office.click(f"text={code}")
        assert "berlubang besar" in await office.content()
        await office.get_by_role("button", name="Ambil tiket ini").click()
        await office.get_by_text("Tiket telah Anda ambil.").wait_for()
        await office.fill("#letter-text", REPLY)
        await shoot(office, "tiket-desktop.png")
        await office.get_by_role("button", name="Kirim balasan").click()
        await office.get_by_text("Balasan telah dikirim kepada warga").wait_for()
        assert "Dibalas petugas · Andi Saputra" in await office.content()
        small = await context.new_page()  # the same session
        await small.set_viewport_size(PHONE)
        await small.goto(f"{server}/staff/antrean")
        await shoot(small, "antrean-ponsel.png")
        await office.goto(f"{server}/staff/antrean")
        second = await file_complaint(phone, "Saluran air di Gang Kenanga tersumbat, air meluap ke jalan.")
        await office.evaluate("document.dispatchEvent(new Event('visibilitychange'))")  # the list refreshes
        await office.locator("#queue-list", has_text=second).wait_for(timeout=10_000)
        await browser.close()
    assert blocked == [], "the staff pages' script and styles run under the Content Security Policy"
    await phone.reload()
    await phone.locator(".msg--out", has_text="akan kami tambal").first.wait_for(timeout=20_000)
    assert code in await phone.locator(".msg--out", has_text="akan kami tambal").first.inner_text()
