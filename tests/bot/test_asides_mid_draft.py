"""A question or a hoax check written in the middle of a complaint is answered, and the draft waits where
it was: the aside is never stored as the draft's category, place or story (seen in Chromium: a hoax
check typed while the bot asked the category of a fire report filed the fire under Kependudukan)."""

from __future__ import annotations

from bot.flows.emergency import RECORD
from tests.bot.conftest import Citizen

FIRE = "tolong pak ada kebakaran di gang mawar dekat pasar, apinya gede bgt!!"
RUMOUR = "katanya ktp elektronik mau diganti ktp digital dan yang lama ga berlaku lagi ya? bener ga tuh"


async def test_a_hoax_check_while_the_category_is_asked_is_answered_and_the_draft_waits(
    citizen: Citizen,
) -> None:
    await citizen.send(FIRE)
    await citizen.send(choice=RECORD)
    assert any(value.startswith("cat:") for value in citizen.choices())
    reply = await citizen.says(RUMOUR)
    assert "masih kami simpan dan belum dikirim" in reply
    assert "Kategori: Kependudukan" not in reply
    assert any(value.startswith("cat:") for value in citizen.choices())


async def test_a_question_while_the_place_is_asked_is_answered_and_not_taken_as_the_place(
    citizen: Citizen,
) -> None:
    await citizen.send("air pdam di rumah saya mati dari kemarin pagi, tolong dicek")
    reply = await citizen.says("oh iya, syarat bikin ktp apa aja ya?")
    assert "Informasi tentang:" in reply
    assert "masih kami simpan dan belum dikirim" in reply
    assert "Lokasi: oh iya" not in reply
