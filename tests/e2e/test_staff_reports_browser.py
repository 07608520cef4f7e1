"""A supervisor opens the report in Chromium against the real server: signs in (password, then
enrolling an authenticator), opens Laporan from the menu, chooses the last days, sees the charts drawn
(SVG images under the pages' Content Security Policy, no violation), follows a figure to its tickets
and one ticket to its page, and opens a chart on its own (its own policy, no violation either). On a
360px phone the page does not scroll sideways.

With TANGGAP_WRITE_SCREENSHOTS=1 the desktop (1200px), print and phone (360px) views are written to
docs/screenshots/laporan-desktop.png, laporan-cetak.png and laporan-ponsel.png."""

from __future__ import annotations

import os
from datetime import datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pyotp
from openpyxl import load_workbook
from playwright.async_api import Page, async_playwright
from sqlalchemy import select
from sqlmodel import col

from core import clock
from core.clock import FrozenClock, use_clock
from core.db import Database
from escalation import build_listener
from escalation.staff.accounts import create_account
from escalation.staff.auth import StaffAuth
from escalation.staff.models import StaffRole
from faq import load_kb
from reports.texts import text
from sla import load_sla_config
from tests.e2e.conftest import CHROMIUM, PHONE, needs_chromium
from tests.reports.conftest import Desk
from tickets import Ticket, TicketKind

PASSWORD = "kunci-rahasia-panjang-2026"
SCREENSHOTS = Path(__file__).parents[2] / "docs" / "screenshots"


async def add_tickets_and_supervisor(tmp_path: Path, kb_path: Path) -> datetime:
    """Four tickets of the last days, filed and handled through the desk; returns the first day's start."""
    kb = load_kb(kb_path)
    zone = ZoneInfo(kb.agency.timezone)
    days_ago = clock.now().astimezone(zone) - timedelta(days=9)
    first = days_ago.replace(hour=8, minute=0, second=0, microsecond=0)
    db = Database(f"sqlite+aiosqlite:///{tmp_path / 'e2e.db'}")
    try:
        frozen = FrozenClock(first)
        with use_clock(frozen):
            listener = await build_listener(db, kb=kb, sla=load_sla_config(kb_path, kb.agency.timezone))
            desk = Desk(db, kb, listener.context, frozen)
            answered = await desk.file(first, "pupr", "jalan-drainase")
            await desk.act(first + timedelta(hours=1), answered, "reply", person="petugas-pupr")
            await desk.file(first + timedelta(days=1), "dishub", "lampu-lalu-lintas", channel="web")
            await desk.file(first + timedelta(days=2, hours=2), "pupr", "jalan-drainase")
            comment = TicketKind.COMMENT
            done = await desk.file(first + timedelta(days=3), "dlh", "sampah-lingkungan", kind=comment)
            await desk.act(first + timedelta(days=3, hours=1), done, "reply", person="petugas-dlh")
            await desk.act(first + timedelta(days=3, hours=3), done, "resolve")
        async with db.session() as session:
            await create_account(
                session, StaffAuth(), by=None, username="kabid", role=StaffRole.SUPERVISOR, password=PASSWORD
            )
    finally:
        await db.dispose()
    return first


def xlsx_codes(path: Path) -> list[str]:
    """The ticket codes of the downloaded list, as openpyxl reads the file."""
    workbook = load_workbook(path, read_only=True)
    sheet = workbook[text("sheets.tickets")]
    codes = sorted(str(row[0]) for row in sheet.iter_rows(min_row=2, values_only=True) if row[0])
    workbook.close()
    return codes


async def codes_in_database(tmp_path: Path) -> list[str]:
    db = Database(f"sqlite+aiosqlite:///{tmp_path / 'e2e.db'}")
    try:
        async with db.reading() as session:
            return sorted((await session.execute(select(col(Ticket.code)))).scalars().all())
    finally:
        await db.dispose()


async def sign_in_as_supervisor(page: Page, server: str) -> None:
    await page.goto(f"{server}/staff/masuk")
    await page.fill("#username", "kabid")
    await page.fill("#password", PASSWORD)
    await page.click("button[type=submit]")
    secret = (await page.locator("#secret").inner_text()).replace(" ", "")
    await page.fill("#code", pyotp.TOTP(secret).now())
    await page.click("form button[type=submit]")
    await page.click("text=Saya sudah menyimpan kode ini")


async def charts_drawn(page: Page) -> list[int]:
    images = page.locator(".charts img")
    for index in range(await images.count()):
        await images.nth(index).scroll_into_view_if_needed()
    await page.wait_for_function("[...document.querySelectorAll('.charts img')].every(i => i.complete)")
    widths: list[int] = await page.eval_on_selector_all(".charts img", "all => all.map(i => i.naturalWidth)")
    return widths


@needs_chromium
async def test_a_supervisor_opens_the_report_sees_its_charts_and_follows_a_figure(
    server: str, tmp_path: Path, sample_kb_path: Path
) -> None:
    first = await add_tickets_and_supervisor(tmp_path, sample_kb_path)
    today = clock.now().astimezone(first.tzinfo).date()
    async with async_playwright() as playwright:
        browser = await playwright.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
        page = await browser.new_page(viewport={"width": 1200, "height": 900}, locale="id-ID")
        blocked: list[str] = []
        page.on("console", lambda m: blocked.append(m.text) if "Content Security Policy" in m.text else None)
        await sign_in_as_supervisor(page, server)
        await page.click("nav >> text=Laporan")
        assert page.url.endswith("/staff/laporan")
        await page.check("input[value=rentang]")
        await page.fill("#dari", first.date().isoformat())
        await page.fill("#sampai", today.isoformat())
        await page.click("text=Tampilkan laporan")
        assert "Tiket diterima" in await page.content()
        assert all(width > 0 for width in await charts_drawn(page))
        report_url = page.url
        chart_url = await page.locator(".charts img").first.get_attribute("src")
        async with page.expect_download() as downloading:
            await page.click("text=Daftar tiket (XLSX)")
        saved = tmp_path / "daftar-tiket.xlsx"
        await (await downloading.value).save_as(saved)
        sheet_codes = xlsx_codes(saved)
        assert sheet_codes == await codes_in_database(tmp_path)
        if os.environ.get("TANGGAP_WRITE_SCREENSHOTS"):
            await page.screenshot(path=SCREENSHOTS / "laporan-desktop.png", full_page=True)
        await page.goto(f"{report_url}&cetak=1")
        await page.emulate_media(media="print")
        assert not await page.locator("form.filters").count()
        assert not await page.locator(".bar__nav").is_visible()
        assert all(width > 0 for width in await charts_drawn(page))
        if os.environ.get("TANGGAP_WRITE_SCREENSHOTS"):
            await page.screenshot(path=SCREENSHOTS / "laporan-cetak.png", full_page=True)
        await page.emulate_media(media="screen")
        await page.set_viewport_size(PHONE)
        await page.goto(report_url)
        assert all(width > 0 for width in await charts_drawn(page))
        sideways = await page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
        assert sideways <= 0
        if os.environ.get("TANGGAP_WRITE_SCREENSHOTS"):
            await page.screenshot(path=SCREENSHOTS / "laporan-ponsel.png", full_page=True)
        await page.click(".figures a[href*='angka=received']")
        assert "Tiket di balik angka: Tiket diterima" in await page.content()
        codes = page.locator("table.tickets a[href^='/staff/tiket/']")
        assert await codes.count() == 4
        code = await codes.first.inner_text()
        await codes.first.click()
        assert f"Tiket {code}" in await page.content()
        opened = await page.goto(f"{server}{chart_url}")  # on its own: a document under its own policy
        assert opened is not None
        assert opened.headers["content-type"] == "image/svg+xml"
        await browser.close()
    assert blocked == [], "the report page and its charts run under their Content Security Policies"
