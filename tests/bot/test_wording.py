"""How the bot words its replies: a letter's greeting only where a letter has one, empathy that
fits the report, and a catalogue without jargon, "&" or straight quotes."""

from __future__ import annotations

import re

import yaml

from bot.catalogue import DEFAULT_CATALOGUE
from core.clock import FrozenClock
from tests.bot.conftest import Citizen

JARGON = ("basis pengetahuan", "kanal", "uraian", "karakter", "proses yang sedang berjalan")


class TestLetterGreeting:
    async def test_only_the_first_reply_of_a_conversation_opens_and_signs_as_a_letter(
        self, citizen: Citizen
    ) -> None:
        first = await citizen.says("syarat bikin ktp apa ya min")
        assert first.startswith("Yth. Bapak/Ibu,")
        assert "Salam hormat," in first
        second = await citizen.says("kalau ktp saya hilang gimana?")
        assert "Yth." not in second
        assert "Salam hormat," not in second
        assert "surat keterangan kehilangan" in second.casefold()

    async def test_after_a_long_pause_the_conversation_opens_again(
        self, citizen: Citizen, clock: FrozenClock
    ) -> None:
        await citizen.send("syarat bikin ktp apa ya min")
        clock.advance(hours=13)
        assert (await citizen.says("kalau ktp saya hilang gimana?")).startswith("Yth. Bapak/Ibu,")


class TestEmpathyFitsTheReport:
    async def test_an_officer_asking_for_money_is_thanked_for_the_courage(self, citizen: Citizen) -> None:
        reply = await citizen.says("petugas kelurahan minta uang 100rb buat ngurus surat pindah")
        assert "keberanian Bapak/Ibu melaporkan hal ini" in reply

    async def test_a_dangerous_road_asks_the_citizen_to_take_care(self, citizen: Citizen) -> None:
        reply = await citizen.says("jalan di jl melati berlubang besar, kemarin ada motor jatuh")
        assert "mohon tetap berhati-hati" in reply
        assert "keberanian" not in reply


class TestCatalogue:
    def test_no_jargon_no_ampersand_and_curly_quotes_in_prose(self) -> None:
        texts = yaml.safe_load(DEFAULT_CATALOGUE.read_text(encoding="utf-8"))
        for key, text in texts.items():
            if key == "console_intro":
                continue
            prose = re.sub(r"{[{%].*?[}%]}", "", str(text))
            assert "&" not in prose, key
            assert '"' not in prose, f"{key}: straight quotes; use “ ”"
            for word in JARGON:
                assert word not in prose.casefold(), f"{key}: {word}"
