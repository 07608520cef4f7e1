"""Cancels however and wherever a citizen says them (issue 11, item 1), and the messages that only
look like one: a draft cancelled mid-flow files nothing; a filed complaint withdrawn reaches its
officer instead of "nothing to cancel"; a report naming an ambulance is no emergency."""

from __future__ import annotations

import pytest

from core.db import Database
from escalation import load_escalation_config, sync_directory
from tests.bot.conftest import Citizen
from tests.bot.test_conversation import count_tickets, file_complaint
from tests.bot.test_followups import FIRST, messages_on

POTHOLE = "Jalan di depan Pasar Baru berlubang besar dan sudah tiga bulan belum diperbaiki."


async def _asked_where(citizen: Citizen) -> None:
    await citizen.send(choice="menu:complaint")
    await citizen.send(choice="cat:jalan-drainase")
    await citizen.send(POTHOLE)


def _cancelled(reply: str) -> bool:
    return "sudah kami batalkan" in reply


class TestMidFlow:
    @pytest.mark.parametrize(
        "text",
        [
            "gajadi deh ntar aja",
            "saya ga jadi lapor deh soalnya udah dibetulin tetangga",
            "tos teu kedah kang, hatur nuhun",
            "tarik aja laporannya min",
        ],
    )
    async def test_a_cancel_while_asked_where_cancels_the_draft_and_files_nothing(
        self, citizen: Citizen, db: Database, text: str
    ) -> None:
        await _asked_where(citizen)
        reply = await citizen.says(text)
        assert _cancelled(reply)
        assert "confirm:yes" not in citizen.choices()
        await citizen.send(choice="confirm:yes")
        assert await count_tickets(db) == 0

    async def test_withdrawing_at_the_confirmation_files_nothing(
        self, citizen: Citizen, db: Database
    ) -> None:
        await _asked_where(citizen)
        await citizen.send("Jl. Merdeka dekat Pasar Baru, RT 03/RW 05")
        assert "confirm:yes" in citizen.choices()
        reply = await citizen.says("saya tarik lagi laporannya ya, mau tanya pak rt dulu")
        assert _cancelled(reply)
        await citizen.send(choice="confirm:yes")
        assert await count_tickets(db) == 0

    async def test_after_a_cancel_the_address_typed_next_starts_no_draft(
        self, citizen: Citizen, db: Database
    ) -> None:
        await _asked_where(citizen)
        await citizen.send("ga jadi lapor deh, udah diperbaiki warga")
        await citizen.send("Jl. Merdeka dekat Pasar Baru, RT 03/RW 05")
        assert "confirm:yes" not in citizen.choices()
        assert await count_tickets(db) == 0


class TestAfterFiling:
    @pytest.fixture(autouse=True)
    async def officers(self, db: Database, citizen: Citizen) -> None:
        kb = citizen.engine.deps.kb
        async with db.session() as session:
            await sync_directory(session, kb.units, load_escalation_config(kb))

    async def test_withdrawing_a_filed_complaint_reaches_its_ticket(
        self, citizen: Citizen, db: Database
    ) -> None:
        await file_complaint(citizen)
        text = "tolong batalkan laporan saya tadi, ternyata sudah diperbaiki warga"
        reply = await citizen.says(text)
        assert f"sudah kami catat pada aduan {FIRST}" in reply
        assert "Tidak ada yang perlu dibatalkan" not in reply
        assert await messages_on(db, FIRST) == [text]

    async def test_a_bare_cancel_after_filing_has_nothing_to_cancel(
        self, citizen: Citizen, db: Database
    ) -> None:
        await file_complaint(citizen)
        reply = await citizen.says("batal")
        assert "Tidak ada yang perlu dibatalkan" in reply
        assert await messages_on(db, FIRST) == []

    async def test_asking_why_it_was_cancelled_is_a_follow_up(self, citizen: Citizen, db: Database) -> None:
        await file_complaint(citizen)
        await citizen.send("kok laporan saya dibatalkan? jalannya belum diperbaiki")
        assert await messages_on(db, FIRST) == ["kok laporan saya dibatalkan? jalannya belum diperbaiki"]


async def test_a_report_naming_an_ambulance_gets_no_emergency_numbers(citizen: Citizen) -> None:
    reply = await citizen.says("parkir liar di depan puskesmas bikin ambulans susah masuk")
    assert "112" not in reply
    assert "Kami bantu menyiapkan aduannya" in reply


async def test_asking_whether_anyone_is_there_gets_the_welcome_not_a_hand_over(citizen: Citizen) -> None:
    reply = await citizen.says("halo, ada orang?")
    assert "Selamat datang" in reply
    assert citizen.choices() == ["menu:ask", "menu:complaint", "menu:status", "menu:officer"]
