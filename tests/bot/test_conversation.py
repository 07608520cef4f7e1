"""A citizen talking to the bot: greeting, questions, complaints, status checks, cancelling."""

from __future__ import annotations

from sqlalchemy import func, select
from sqlmodel import col

from core.db import Database
from tests.bot.conftest import Citizen
from tickets import Ticket, TicketEvent


async def count_tickets(db: Database) -> int:
    async with db.session() as session:
        return int((await session.execute(select(func.count()).select_from(Ticket))).scalar_one())


async def file_complaint(
    citizen: Citizen,
    description: str = "Jalan di depan Pasar Baru berlubang besar dan "
    "sudah tiga bulan belum diperbaiki, sering terjadi kecelakaan motor.",
) -> str:
    await citizen.send(choice="menu:complaint")
    await citizen.send(choice="cat:jalan-drainase")
    await citizen.send(description)
    await citizen.send("Jl. Merdeka dekat Pasar Baru, RT 03/RW 05")
    return await citizen.says(choice="confirm:yes")


class TestGreeting:
    async def test_first_contact_greets_formally_and_offers_the_menu(self, citizen: Citizen) -> None:
        reply = await citizen.says(choice="menu:start")
        assert reply.startswith("Yth. Bapak/Ibu")
        assert "Pemerintah Kota Contoh" in reply
        assert citizen.choices() == ["menu:ask", "menu:complaint", "menu:status", "menu:officer"]

    async def test_a_casual_hello_gets_the_same_greeting(self, citizen: Citizen) -> None:
        reply = await citizen.says("halooo min")
        assert "Selamat datang" in reply


class TestQuestions:
    async def test_a_casual_question_gets_the_formal_answer_signed_by_the_agency(
        self, citizen: Citizen
    ) -> None:
        reply = await citizen.says("syarat bikin ktp apa ya min")
        assert reply.startswith("Yth. Bapak/Ibu,")
        assert "KTP" in reply
        assert "Tim Layanan Pengaduan Pemerintah Kota Contoh" in reply

    async def test_an_unknown_question_is_admitted_plainly_with_next_steps(self, citizen: Citizen) -> None:
        reply = await citizen.says("berapa harga tiket pesawat ke bali bulan depan")
        assert "belum memiliki informasi" in reply
        assert "complaint:from_text" in citizen.choices()
        assert "menu:officer" in citizen.choices()

    async def test_an_unanswered_question_can_become_a_complaint_without_retyping(
        self, citizen: Citizen, db: Database
    ) -> None:
        question = "kapan jadwal pendaftaran sekolah dasar negeri tahun depan"
        await citizen.send(question)
        await citizen.send(choice="complaint:from_text")
        await citizen.send(choice="cat:lainnya")
        await citizen.send(choice="skip")
        reply = await citizen.says(choice="confirm:yes")
        assert "kode tiket ADU-2026-" in reply
        async with db.session() as session:
            ticket = (await session.execute(select(Ticket))).scalar_one()
        assert ticket.description == question

    async def test_political_questions_get_the_neutral_statement(self, citizen: Citizen) -> None:
        reply = await citizen.says("min pilkada besok enaknya pilih paslon yang mana ya")
        assert "netralitas" in reply
        assert "KPU" in reply

    async def test_rudeness_is_met_with_empathy_not_rudeness(self, citizen: Citizen) -> None:
        reply = await citizen.says("dasar goblok, air pdam mati terus")
        assert "Kami memahami kekecewaan Bapak/Ibu" in reply
        assert "goblok" not in reply


class TestComplaintIntake:
    async def test_a_complaint_becomes_a_ticket_with_code_unit_and_due_time(
        self, citizen: Citizen, db: Database
    ) -> None:
        reply = await file_complaint(citizen)
        async with db.session() as session:
            ticket = (await session.execute(select(Ticket))).scalar_one()
        assert ticket.code == "ADU-2026-000001"
        assert ticket.unit_id == "pupr"
        assert ticket.location == "Jl. Merdeka dekat Pasar Baru, RT 03/RW 05"
        assert ticket.code in reply
        assert "Dinas Pekerjaan Umum dan Penataan Ruang" in reply
        # Opened Monday 09:00 WIB; 24 working hours of 7.5-hour days end Thursday 10:30 WIB.
        assert "Kamis, 26 November 2026 pukul 10.30 WIB" in reply

    async def test_the_confirmation_shows_what_will_be_sent(self, citizen: Citizen) -> None:
        await citizen.send(choice="menu:complaint")
        await citizen.send(choice="cat:air-minum")
        await citizen.send("Air PDAM di rumah saya tidak mengalir sejak kemarin pagi sampai sekarang.")
        reply = await citizen.says(choice="skip")
        assert "Kategori: Air PDAM (air mati, tagihan)" in reply
        assert "Diteruskan kepada: Perumda Air Minum" in reply
        assert "Lokasi: belum diisi" in reply
        assert citizen.choices() == [
            "confirm:yes",
            "edit:location",
            "edit:category",
            "edit:description",
            "cancel",
        ]

    async def test_typed_numbers_pick_from_the_offered_guesses(self, citizen: Citizen) -> None:
        await citizen.send(choice="menu:complaint")
        await citizen.send("tetangga berisik tiap malam sampai jam 2, di gg. kenari rt 4")
        guesses = citizen.choices()
        assert 4 <= len(guesses) <= 5, "2-3 guesses, Lainnya and Batal: never the whole list"
        assert guesses[-2:] == ["cat:lainnya", "cancel"]
        reply = await citizen.says(str(len(guesses) - 1))
        assert "Kategori: Lainnya (pengaduan umum)" in reply
        assert "Diteruskan kepada: Bagian Layanan Pengaduan" in reply

    async def test_a_too_short_description_is_asked_again(self, citizen: Citizen, db: Database) -> None:
        await citizen.send(choice="menu:complaint")
        await citizen.send(choice="cat:air-minum")
        reply = await citizen.says("air mati")
        assert "terlalu singkat" in reply
        assert await count_tickets(db) == 0

    async def test_cancel_at_any_step_files_nothing(self, citizen: Citizen, db: Database) -> None:
        steps = [
            [],
            [{"choice": "cat:air-minum"}],
            [{"choice": "cat:air-minum"}, {"text": "Air tidak mengalir sejak kemarin pagi di rumah kami."}],
            [
                {"choice": "cat:air-minum"},
                {"text": "Air tidak mengalir sejak kemarin pagi di rumah kami."},
                {"choice": "skip"},
            ],
        ]
        for previous in steps:
            await citizen.send(choice="menu:complaint")
            for step in previous:
                await citizen.send(**step)  # type: ignore[arg-type]
            reply = await citizen.says("batal")
            assert "sudah kami batalkan" in reply
        assert await count_tickets(db) == 0

    async def test_the_bot_acknowledgement_does_not_count_as_a_response(
        self, citizen: Citizen, db: Database
    ) -> None:
        await file_complaint(citizen)
        async with db.session() as session:
            ticket = (await session.execute(select(Ticket))).scalar_one()
            events = (
                (await session.execute(select(TicketEvent).order_by(col(TicketEvent.id)))).scalars().all()
            )
        assert [event.kind for event in events] == [
            "opened",
            "sla_clock_started",
            "sla_clock_started",
            "acknowledged",
            "routed",
        ]
        assert ticket.first_responded_at is None

    async def test_codes_count_up_within_the_year(self, citizen: Citizen, another_citizen: Citizen) -> None:
        first = await file_complaint(citizen)
        second = await file_complaint(another_citizen)
        assert "ADU-2026-000001" in first
        assert "ADU-2026-000002" in second


class TestOfficer:
    async def test_asking_for_an_officer_opens_a_ticket_for_the_triage_unit(
        self, citizen: Citizen, db: Database
    ) -> None:
        await citizen.send("mau bicara dengan petugas")
        # a matter no unit has ("renovasi" alone, a tag of the permits office's PBG entry, now routes there)
        reply = await citizen.says("Saya ingin menanyakan kelanjutan bantuan bedah rumah dari kelurahan.")
        async with db.session() as session:
            ticket = (await session.execute(select(Ticket))).scalar_one()
        assert ticket.unit_id == "layanan-pengaduan"
        assert ticket.code in reply


class TestAnswerThenComplain:
    async def test_a_problem_told_in_the_first_message_becomes_a_complaint_without_retyping(
        self, citizen: Citizen
    ) -> None:
        first = await citizen.says("min air pdam di rumah saya mati dari kemarin")
        assert "Kami bantu menyiapkan aduannya" in first
        assert "Di mana tempatnya?" in first
        reply = await citizen.says("jl kenanga no 5 rt 2")
        assert "Kategori: Air PDAM" in reply
        assert "Lokasi: jl kenanga no 5 rt 2" in reply


class TestTypedCorrections:
    async def test_a_street_corrected_by_name_keeps_one_street_word(self, citizen: Citizen) -> None:
        story = "sampah di depan pasar kembang jl anggrek udah seminggu ga diangkut, bau bgt"
        first = await citizen.says(story)
        assert "Lokasi: Jl. Anggrek, depan Pasar Kembang" in first
        reply = await citizen.says("eh salah, jl mawar bukan anggrek")
        assert "Lokasi: Jl. Mawar, depan Pasar Kembang" in reply


class TestTypedChoices:
    async def test_a_citizen_without_buttons_can_type_the_menu_numbers(self, citizen: Citizen) -> None:
        await citizen.send("halo min")
        reply = await citizen.says("2")
        assert "ceritakan masalahnya" in reply
        await citizen.send("tetangga berisik tiap malam sampai jam 2, di gg. kenari rt 4")
        reply = await citizen.says("Lainnya (pengaduan umum)")
        assert "Kategori: Lainnya" in reply
