"""Asking the citizen from the ticket's page in Chromium against the real server: the question reaches
the citizen's web chat, the ticket waits with its clocks paused, and the citizen's answer resumes them."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from playwright.async_api import async_playwright

from tests.e2e.conftest import CHROMIUM, needs_chromium
from tests.e2e.test_staff_desk_browser import DESKTOP, PASSWORD, add_officer, file_complaint

if TYPE_CHECKING:
    from playwright.async_api import Page

QUESTION = (
    "Mohon sebutkan patokan terdekat dari lubang tersebut, misalnya nama toko atau nomor tiang listrik."
)
ANSWER = "Patokannya depan toko bangunan Sinar Jaya, pak"


@needs_chromium
async def test_the_citizens_answer_to_an_officers_question_resumes_the_clocks(
    server: str, tmp_path: Path, phone: Page
) -> None:
    code = await file_complaint(phone)
    await add_officer(tmp_path)
    async with async_playwright() as playwright:
        browser = await playwright.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
        office = await (await browser.new_context(viewport=DESKTOP)).new_page()
        await office.goto(f"{server}/staff/tiket/{code}")
        await office.fill("#username", "andi")
        await office.fill("#password", PASSWORD)
        await office.click("button[type=submit]")
        await office.fill("#letter-text", QUESTION)
        await office.get_by_role("button", name="Minta keterangan warga").click()
        await office.get_by_text("Tenggat layanan dijeda sampai warga menjawab.").first.wait_for()
        assert "Menunggu warga" in await office.locator(".facts").inner_text()

        await phone.reload()
        await phone.locator(".msg--out", has_text="patokan terdekat").first.wait_for(timeout=20_000)
        replies = await phone.locator(".msg--out").count()
        await phone.fill("#text", ANSWER)
        await phone.press("#text", "Enter")
        await phone.locator(".msg--out").nth(replies).wait_for()
        assert (
            "keterangan Bapak/Ibu sudah kami catat"
            in await phone.locator(".msg--out").nth(replies).inner_text()
        )

        await office.reload()
        facts = await office.locator(".facts").inner_text()
        history = await office.locator(".timeline").inner_text()
        conversation = await office.locator(".transcript").inner_text()
        await browser.close()
    assert "Diproses" in facts
    assert "Tenggat dijeda" in history
    assert "Tenggat dilanjutkan" in history
    assert "Sinar Jaya" in conversation
