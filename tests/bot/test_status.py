"""Checking a ticket's status: only one's own tickets, by code or from the recent list."""

from __future__ import annotations

from tests.bot.conftest import Citizen
from tests.bot.test_conversation import file_complaint


class TestStatusCheck:
    async def test_the_citizen_sees_their_ticket_by_code(self, citizen: Citizen) -> None:
        await file_complaint(citizen)
        reply = await citizen.says("cek status ADU-2026-000001 dong")
        assert "Aduan ADU-2026-000001 sudah diterima dan menunggu tindak lanjut." in reply
        assert "Kami akan menanggapi paling lambat Kamis, 26 November 2026 pukul 10.30 WIB" in reply

    async def test_a_loosely_typed_code_is_understood(self, citizen: Citizen) -> None:
        await file_complaint(citizen)
        reply = await citizen.says("adu 2026 1")
        assert reply.startswith("Aduan ADU-2026-000001 ")

    async def test_the_status_menu_lists_recent_tickets_to_pick(self, citizen: Citizen) -> None:
        await file_complaint(citizen)
        await citizen.send(choice="menu:status")
        assert "ticket:ADU-2026-000001" in citizen.choices()
        reply = await citizen.says(choice="ticket:ADU-2026-000001")
        assert "Ditangani oleh: Dinas Pekerjaan Umum dan Penataan Ruang" in reply

    async def test_another_citizens_code_is_not_revealed(
        self, citizen: Citizen, another_citizen: Citizen
    ) -> None:
        await file_complaint(citizen)
        reply = await another_citizen.says("status ADU-2026-000001")
        assert "tidak ada dalam daftar aduan Bapak/Ibu" in reply
        assert "Pasar Baru" not in reply

    async def test_an_unknown_code_gets_a_polite_answer(self, citizen: Citizen) -> None:
        reply = await citizen.says("ADU-2026-999999")
        assert "kode tiket ADU-2026-999999 tidak ada dalam daftar aduan Bapak/Ibu" in reply

    async def test_without_a_code_the_citizen_is_shown_the_format(self, citizen: Citizen) -> None:
        await citizen.send(choice="menu:status")
        reply = await citizen.says("kode")
        assert "ADU-2026-000123" in reply

    async def test_thanks_while_a_code_is_awaited_is_answered_as_thanks(self, citizen: Citizen) -> None:
        await file_complaint(citizen)
        await citizen.send(choice="menu:status")
        reply = await citizen.says("makasih ya min 🙏")
        assert "kode tiket" not in reply.lower()
        assert "sama-sama" in reply.lower()

    async def test_a_new_report_while_a_code_is_awaited_starts_the_report(self, citizen: Citizen) -> None:
        await file_complaint(citizen)
        await citizen.send(choice="menu:status")
        reply = await citizen.says("sy mau ngadu")
        assert "tidak menemukan kode tiket" not in reply
        assert "ceritakan" in reply

    async def test_past_moments_are_plain_local_times(self, citizen: Citizen) -> None:
        await file_complaint(citizen)
        reply = await citizen.says("ADU-2026-000001")
        assert "Diterima: Senin, 23 November 2026 pukul 09.00 WIB\n" in reply
