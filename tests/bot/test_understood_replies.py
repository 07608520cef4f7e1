"""Each kind of message gets the right kind of answer (issue 11, items 4 and 5), on a real database."""

from __future__ import annotations

from datetime import datetime

import structlog
from sqlalchemy import select
from sqlmodel import col

from core.clock import FrozenClock
from core.db import Database
from escalation.config import load_escalation_config
from escalation.models import StaffNotification
from escalation.units import sync_directory
from tests.bot.conftest import Citizen
from tests.bot.test_conversation import count_tickets
from tests.conftest import WIB
from tickets import Ticket

SATURDAY_NIGHT = datetime(2026, 11, 28, 23, 0, tzinfo=WIB)


class TestEmergencies:
    async def test_a_fire_gets_the_emergency_numbers_first(self, citizen: Citizen) -> None:
        reply = await citizen.says("tolong ada kebakaran di pasar baru sekarang!!")
        assert reply.startswith("Segera hubungi nomor darurat:\n• Panggilan darurat (gratis, 24 jam): 112")
        for number in ("112", "113", "118 / 119", "BPBD Kota Contoh"):
            assert number in reply
        assert "complaint:emergency" in citizen.choices()

    async def test_a_question_for_an_officer_never_gets_the_emergency_numbers(self, citizen: Citizen) -> None:
        """The model once guessed "emergency" (0.38) for this, and the citizen got 112 instead of a person."""
        await citizen.says(choice="menu:officer")
        reply = await citizen.says("saya mau tanya soal tunggakan pbb rumah warisan orang tua")
        assert "112" not in reply
        assert "nomor darurat" not in reply

    async def test_a_flood_with_people_trapped_mid_complaint_still_gets_help_and_keeps_the_draft(
        self, citizen: Citizen
    ) -> None:
        await citizen.send(choice="menu:complaint")
        await citizen.send(choice="cat:jalan-drainase")
        reply = await citizen.says("banjir sepinggang, ada lansia terjebak")
        assert "112" in reply
        back = await citizen.says("Jl. Merdeka dekat Pasar Baru, RT 03/RW 05 lubangnya besar sekali")
        assert "112" not in back

    async def test_the_emergency_can_be_recorded_as_a_report_without_retyping(self, citizen: Citizen) -> None:
        await citizen.send("ada kecelakaan di jl sudirman, korbannya pingsan")
        reply = await citizen.says(choice="complaint:emergency")
        assert "Aduan ini tentang apa?" in reply
        assert "Jl. Sudirman" in await citizen.says("1")

    async def test_the_log_has_the_kind_but_never_the_text(self, citizen: Citizen) -> None:
        with structlog.testing.capture_logs() as logs:
            await citizen.send("rumah tetangga kebakaran apinya gede")
        handled = next(entry for entry in logs if entry["event"] == "message_handled")
        assert handled["kind"] == "emergency"
        assert handled["confidence"] > 0.5
        assert not any("tetangga" in str(value) for entry in logs for value in entry.values())


async def _file_at_night(citizen: Citizen, clock: FrozenClock, emergency: str | None) -> None:
    """Files a complaint on Saturday at 23:00, with the sample KB's staff directory in place."""
    kb = citizen.engine.deps.kb
    async with citizen.db.session() as session:
        await sync_directory(session, kb.units, load_escalation_config(kb))
        await session.commit()
    clock.set(SATURDAY_NIGHT)
    if emergency:
        await citizen.send(emergency)
        await citizen.send(choice="complaint:emergency")
        await citizen.send(choice="cat:jalan-drainase")
    else:
        await citizen.send(choice="menu:complaint")
        await citizen.send(choice="cat:jalan-drainase")
        await citizen.send("jalan di depan sdn 3 rusak parah banyak lubang")
    await citizen.send("Jl. Merdeka dekat Pasar Baru, RT 03/RW 05")
    await citizen.send(choice="confirm:yes")


async def _filed(db: Database) -> tuple[Ticket, list[StaffNotification]]:
    async with db.session() as session:
        ticket = (await session.execute(select(Ticket))).scalars().one()
        statement = select(StaffNotification).where(col(StaffNotification.ticket_id) == ticket.id)
        return ticket, list((await session.execute(statement)).scalars().all())


async def test_an_emergency_report_is_urgent_and_the_unit_is_told_at_once_at_night(
    citizen: Citizen, db: Database, clock: FrozenClock
) -> None:
    await _file_at_night(citizen, clock, "pohon tumbang menimpa rumah, ada orang tertimpa")
    ticket, told = await _filed(db)
    assert ticket.priority == "urgent"
    assert "tertimpa" in ticket.description
    assert told
    assert all(row.status != "held" for row in told)


async def test_an_ordinary_complaint_at_night_waits_for_working_hours(
    citizen: Citizen, db: Database, clock: FrozenClock
) -> None:
    await _file_at_night(citizen, clock, None)
    ticket, told = await _filed(db)
    assert ticket.priority == "normal"
    assert told
    assert all(row.status == "held" for row in told)


async def test_a_cancel_phrase_mid_complaint_cancels_it(citizen: Citizen, db: Database) -> None:
    await citizen.send(choice="menu:complaint")
    await citizen.send(choice="cat:jalan-drainase")
    reply = await citizen.says("udah ga usah")
    assert "dibatalkan" in reply or "batalkan" in reply
    assert await count_tickets(db) == 0


class TestTheRightKindOfAnswer:
    async def test_a_bribe_request_is_a_complaint_not_a_hoax_clarification(self, citizen: Citizen) -> None:
        reply = await citizen.says("petugas kelurahan minta uang 100rb buat ngurus surat pindah")
        assert "tidak benar" not in reply
        assert "Kami bantu menyiapkan aduannya" in reply

    async def test_a_job_question_gets_no_fake_recruitment_clarification(self, citizen: Citizen) -> None:
        reply = await citizen.says("info lowongan kerja pemkot dong")
        assert "tidak benar" not in reply
        assert "sebelum menyebarkan" not in reply

    async def test_without_the_hoax_clarification_nothing_unrelated_is_offered(
        self, citizen: Citizen
    ) -> None:
        reply = await citizen.says("min, ada info lowongan cpns pemkot ga?")
        assert "belum memiliki informasi" in reply
        assert not any(value.startswith("faq:") for value in citizen.choices())

    async def test_thanks_gets_thanks(self, citizen: Citizen) -> None:
        assert (await citizen.says("terima kasih banyak pak, sangat membantu 🙏")).startswith("Sama-sama")
        assert (await citizen.says("👍")).startswith("Sama-sama")

    async def test_salam_gets_salam(self, citizen: Citizen) -> None:
        assert (await citizen.says("assalamualaikum")).startswith("Waalaikumsalam")

    async def test_a_wish_to_ask_is_welcomed_and_asked_for_the_question(self, citizen: Citizen) -> None:
        for text in ("pagi pak, mau nanya dong", "permisi min, boleh tanya?"):
            reply = await citizen.says(text)
            assert "belum memiliki informasi" not in reply
            assert "Silakan tulis pertanyaan" in reply
        answer = await citizen.says("mau nanya syarat bikin ktp dong")
        assert "Informasi tentang:" in answer

    async def test_small_talk_gets_one_friendly_line_and_the_menu(self, citizen: Citizen) -> None:
        reply = await citizen.says("min udah makan belum?")
        assert "aduan resmi" not in reply
        assert citizen.choices() == ["menu:ask", "menu:complaint", "menu:status", "menu:officer"]

    async def test_asking_for_a_person_hands_over(self, citizen: Citizen) -> None:
        await citizen.send("mau ngomong sama orang aja, bukan robot")
        assert citizen.choices() == ["cancel"]
        assert not any(value.startswith("faq:") for value in citizen.choices())

    async def test_spam_gets_no_ticket(self, citizen: Citizen, db: Database) -> None:
        reply = await citizen.says("slot gacor hari ini maxwin link di bio")
        assert "hanya untuk pertanyaan dan aduan" in reply
        assert await count_tickets(db) == 0


async def test_a_political_question_without_an_election_word_gets_the_neutrality_statement(
    citizen: Citizen,
) -> None:
    reply = await citizen.says("menurut admin walikota sekarang bagus ga sih kerjanya")
    assert "netralitas" in reply


class TestCancelSaidInTheMiddleOfAComplaint:
    async def _draft_at_confirmation(self, citizen: Citizen) -> None:
        await citizen.send(choice="menu:complaint")
        await citizen.send(choice="cat:air-minum")
        await citizen.send("Air PDAM di rumah saya tidak mengalir sejak kemarin pagi sampai sekarang.")
        await citizen.send(choice="skip")

    async def test_a_cancel_with_its_reason_at_the_confirmation_cancels_the_draft(
        self, citizen: Citizen, db: Database
    ) -> None:
        await self._draft_at_confirmation(citizen)
        reply = await citizen.says("jangan diproses dulu, saya mau pastiin ke pak rt")
        assert "dibatalkan" in reply or "batalkan" in reply
        assert "confirm:yes" not in citizen.choices()
        await citizen.send(choice="confirm:yes")
        assert await count_tickets(db) == 0

    async def test_a_typed_cancel_while_asked_where_is_not_stored_as_the_location(
        self, citizen: Citizen, db: Database
    ) -> None:
        await citizen.send(choice="menu:complaint")
        await citizen.send(choice="cat:jalan-drainase")
        await citizen.send("Jalan di depan Pasar Baru berlubang besar dan sudah tiga bulan belum diperbaiki.")
        reply = await citizen.says("gk jd dh")
        assert "dibatalkan" in reply or "batalkan" in reply
        assert await count_tickets(db) == 0


async def test_a_procedure_question_beginning_apa_benar_is_answered_as_a_question(citizen: Citizen) -> None:
    reply = await citizen.says("apa benar harus bawa fotokopi KK buat bikin KTP?")
    assert "tidak benar" not in reply
    assert "sebelum menyebarkan" not in reply
