"""The web chat page on a small phone loses nothing a citizen wrote and shows the conversation as it
happened: real Chromium, real server, real engine."""

from __future__ import annotations

import asyncio
from typing import TYPE_CHECKING

from tests import images
from tests.e2e.conftest import needs_chromium

if TYPE_CHECKING:
    from playwright.async_api import FilePayload, Page, Route

pytestmark = needs_chromium
JALAN: FilePayload = {"name": "jalan.png", "mimeType": "image/png", "buffer": images.png()}
ASK = "syarat bikin ktp apa ya min"


async def say(page: Page, text: str) -> None:
    await page.fill("#text", text)
    await page.press("#text", "Enter")


async def bubbles(page: Page) -> list[str]:
    texts: list[str] = await page.locator("#log > li:visible").evaluate_all(
        "items => items.map(item => (item.classList.contains('msg--in') ? 'in: ' : 'out: ')"
        " + item.firstChild.textContent)"
    )
    return texts


class TestNothingIsLost:
    async def test_a_failed_network_keeps_the_text_and_the_retry_sends_it(self, phone: Page) -> None:
        async def cut(route: Route) -> None:
            await route.abort("internetdisconnected")

        await phone.route("**/api/chat/messages", cut)
        await say(phone, ASK)
        await phone.locator(".msg--failed").wait_for()
        assert await phone.input_value("#text") == ASK
        await phone.get_by_text("koneksi terputus").wait_for()

        await phone.unroute("**/api/chat/messages")
        await phone.get_by_role("button", name="Kirim ulang").click()
        await phone.get_by_text("tidak dipungut biaya").first.wait_for()
        assert await phone.input_value("#text") == ""
        assert await phone.locator(".msg--failed").count() == 0
        assert (await bubbles(phone)).count(f"in: {ASK}") == 1

    async def test_a_message_the_server_refuses_stays_in_the_box(self, phone: Page) -> None:
        async def refuse(route: Route) -> None:
            await route.fulfill(
                status=429, json={"replies": [{"direction": "out", "text": "Mohon tunggu sebentar."}]}
            )

        await phone.route("**/api/chat/messages", refuse)
        await say(phone, ASK)
        await phone.get_by_text("Mohon tunggu sebentar.").wait_for()
        assert await phone.input_value("#text") == ASK
        await phone.unroute("**/api/chat/messages")
        await phone.press("#text", "Enter")
        await phone.get_by_text("tidak dipungut biaya").first.wait_for()
        assert (await bubbles(phone)).count(f"in: {ASK}") == 1, "the refused bubble gives way to the sent one"

    async def test_enter_does_not_send_while_a_photo_uploads_and_the_caption_goes_with_it(
        self, phone: Page, tmp_path: object
    ) -> None:
        release = asyncio.Event()

        async def slow(route: Route) -> None:
            await release.wait()
            await route.continue_()

        await phone.route("**/api/chat/photos", slow)
        await phone.set_input_files("#photo", files=[JALAN])
        await phone.locator("#attachment-thumb[src^='data:image/png']").wait_for()
        caption = "Jalan berlubang di depan SDN 3, Jalan Mawar."
        await say(phone, caption)
        await phone.locator(".msg--in progress").wait_for()
        await phone.locator(".msg--in img.msg__photo[src^='data:image/png']").wait_for()

        await say(phone, "pesan kedua")
        assert await phone.input_value("#text") == "pesan kedua", "held while the upload runs"
        release.set()
        await phone.locator(".msg--out").nth(1).wait_for()
        assert await phone.locator(".msg--in progress").count() == 0
        assert await phone.input_value("#text") == "pesan kedua"
        await phone.reload()
        await phone.get_by_text(f"[foto] {caption}").wait_for()


class TestTheComposer:
    async def test_the_box_takes_what_the_server_takes_grows_and_counts_near_the_limit(
        self, phone: Page
    ) -> None:
        limit = int(await phone.get_attribute("#text", "maxlength") or 0)
        assert limit == 20_000, "the engine's max_text_length, the server's limit too"
        before = (await phone.locator("#text").bounding_box() or {"height": 0})["height"]
        assert await phone.locator("#counter").is_hidden()
        await phone.fill("#text", "kata " * 3990)
        await phone.locator("#counter").wait_for()
        assert await phone.inner_text("#counter") == "Sisa 50 huruf"
        after = (await phone.locator("#text").bounding_box() or {"height": 0})["height"]
        assert after > before * 2

    async def test_buttons_are_big_enough_for_a_thumb(self, phone: Page) -> None:
        heights = await phone.locator("button:visible, label.chat__attach").evaluate_all(
            "items => items.map(item => item.getBoundingClientRect().height)"
        )
        assert heights
        assert min(heights) >= 44


class TestTheTranscript:
    async def test_the_page_opens_without_a_mulai_the_citizen_never_typed(self, phone: Page) -> None:
        assert (await bubbles(phone))[0].startswith("out: Yth. Bapak/Ibu")
        await phone.reload()
        await phone.get_by_text("Selamat datang").wait_for()
        assert not any(line.startswith("in: ") for line in await bubbles(phone))

    async def test_older_prompts_are_disabled_and_a_typed_number_picks_a_button(self, phone: Page) -> None:
        greeting = phone.locator(".msg--out").first
        second = await greeting.locator(".choices button").nth(1).inner_text()
        await say(phone, "2")
        await phone.locator(".msg--out").nth(1).wait_for()
        assert await greeting.locator(".choices button:enabled").count() == 0
        newest = phone.locator(".msg--out .choices").last
        assert await newest.locator("button:enabled").count() > 0
        assert second == "Sampaikan aduan"
        await phone.get_by_text("ceritakan masalahnya", exact=False).first.wait_for()

    async def test_after_a_reload_the_history_is_in_order_and_the_last_prompt_works(
        self, phone: Page
    ) -> None:
        await say(phone, ASK)
        await phone.get_by_text("tidak dipungut biaya").first.wait_for()
        await phone.get_by_role("button", name="Sampaikan aduan").last.click()
        await phone.locator(".msg--in", has_text="Sampaikan aduan").wait_for()
        await phone.locator(".msg--out", has_text="ceritakan masalahnya").wait_for()
        before = await bubbles(phone)

        await phone.reload()
        await phone.locator(".msg--out").nth(2).wait_for()
        assert await bubbles(phone) == before
        prompts = phone.locator(".msg--out .choices")
        assert await prompts.last.locator("button:enabled").count() > 0
        for index in range(await prompts.count() - 1):
            assert await prompts.nth(index).locator("button:enabled").count() == 0
        await prompts.last.locator("button").first.click()
        await phone.locator("#log > li").nth(len(before) + 1).wait_for()
        assert (await bubbles(phone))[len(before)].startswith("in: "), "the press arrived and was answered"

    async def test_a_long_answer_is_shown_from_its_start(self, phone: Page) -> None:
        await phone.set_viewport_size({"width": 360, "height": 480})  # a small phone: the answer overflows
        await say(phone, ASK)
        answer = phone.locator(".msg--out", has_text="tidak dipungut biaya").first
        await answer.wait_for()
        await phone.wait_for_timeout(50)
        log_box = await phone.locator("#log").bounding_box()
        answer_box = await answer.bounding_box()
        assert log_box
        assert answer_box
        assert answer_box["height"] > log_box["height"], "the answer is longer than the view"
        assert log_box["y"] <= answer_box["y"] <= log_box["y"] + 40, "its first line is in view"
