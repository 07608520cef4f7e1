"""A citizen in a real (headless) browser: opens the page, asks, complains, reloads, checks the status."""

from __future__ import annotations

from typing import TYPE_CHECKING

from tests.e2e.conftest import needs_chromium

if TYPE_CHECKING:
    from playwright.async_api import Page

pytestmark = needs_chromium


class TestWebChatInABrowser:
    async def test_a_citizen_files_a_complaint_and_finds_it_after_a_reload(self, phone: Page) -> None:
        page = phone  # the greeting is shown; a Content Security Policy violation fails the test
        await page.fill("#text", "syarat bikin ktp apa ya min")
        await page.press("#text", "Enter")
        await page.get_by_text("tidak dipungut biaya").first.wait_for()

        await page.get_by_role("button", name="Sampaikan aduan").last.click()
        await page.get_by_text("Silakan ceritakan masalahnya").wait_for()
        await page.fill("#text", "Air PDAM di Jalan Kenanga tidak mengalir sejak dua hari yang lalu.")
        await page.press("#text", "Enter")
        draft = page.locator(".msg--out", has_text="Mohon periksa dulu")
        await draft.wait_for()  # category and location come from the story: no question asked
        assert "Lokasi: Jl. Kenanga" in await draft.inner_text()
        await page.get_by_role("button", name="Ya, kirim aduan").click()
        confirmation = page.locator(".msg--out", has_text="kode tiket ADU-")
        await confirmation.wait_for()
        code = _ticket_code(await confirmation.inner_text())

        await page.reload()
        await page.locator(".msg--out", has_text=code).first.wait_for()
        await page.fill("#text", f"cek status {code}")
        await page.press("#text", "Enter")
        await page.get_by_text("sudah diterima dan menunggu tindak lanjut").wait_for()


def _ticket_code(text: str) -> str:
    start = text.index("ADU-")
    return text[start : start + len("ADU-2026-000001")]
