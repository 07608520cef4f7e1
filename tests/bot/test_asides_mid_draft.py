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
    assert "Informasi tentang:" in reply or "belum dapat memastikan jawaban" in reply  # never ignored
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


async def test_more_of_the_story_at_the_confirmation_joins_the_description_shown_again(
    citizen: Citizen,
) -> None:
    await citizen.send(choice="menu:complaint")
    await citizen.send(choice="cat:jalan-drainase")
    await citizen.send("Jalan di depan Pasar Baru berlubang besar dan sudah tiga bulan belum diperbaiki.")
    assert "Ya, kirim aduan" in str(await citizen.send("Jl. Merdeka dekat Pasar Baru, RT 03/RW 05"))
    more = "oh iya pak, kemarin malam ada pengendara motor jatuh di lubang itu"
    reply = await citizen.says(more)
    assert "kami tambahkan ke isi aduan" in reply
    assert more in reply.split("Isi aduan:")[-1]
    assert "belum menangkap maksud" not in reply
