"""Follow-ups reach their ticket (issue 11, item 3): the citizen sees its status, the message joins its
history and reaches the unit, a ticket waiting for the citizen takes it as their reply."""

from __future__ import annotations

import pytest
from sqlalchemy import select
from sqlmodel import col

from bot.models import Conversation
from core.db import Database
from escalation import desk, load_escalation_config, sync_directory
from tests.bot.conftest import Citizen
from tests.bot.test_conversation import file_complaint
from tests.escalation.conftest import events, notifications
from tests.sla.conftest import clock_of
from tickets import Ticket

FIRST = "ADU-2026-000001"
SECOND = "ADU-2026-000002"
LAMP = "Lampu penerangan jalan di Jl. Kenanga depan SDN 3 mati sudah dua minggu, gelap sekali malam hari."


@pytest.fixture(autouse=True)
async def officers(db: Database, citizen: Citizen) -> None:
    """The sample agency's people: the units' groups are told of what citizens write."""
    kb = citizen.engine.deps.kb
    async with db.session() as session:
        await sync_directory(session, kb.units, load_escalation_config(kb))


async def ticket_of(db: Database, code: str) -> Ticket:
    async with db.session() as session:
        ticket = (await session.execute(select(Ticket).where(col(Ticket.code) == code))).scalar_one()
        return ticket


async def messages_on(db: Database, code: str) -> list[str]:
    ticket = await ticket_of(db, code)
    return [data["text"] for data in await events(db, ticket.id or 0, "citizen_message")]


class TestOneOpenTicket:
    @pytest.mark.parametrize(
        "text", ["udah ada kabar blm?", "kok belum dibenerin juga ya min", "kapan selesai sih"]
    )
    async def test_a_follow_up_shows_the_ticket_and_joins_its_history(
        self, citizen: Citizen, db: Database, text: str
    ) -> None:
        await file_complaint(citizen)
        reply = await citizen.says(text)
        assert f"Aduan {FIRST} " in reply
        assert "sudah diterima dan menunggu tindak lanjut" in reply
        assert f"sudah kami catat pada aduan {FIRST}" in reply
        assert "faq:" not in " ".join(citizen.choices())
        assert await messages_on(db, FIRST) == [text]

    async def test_a_correction_after_filing_joins_the_ticket_instead_of_an_faq_answer(
        self, citizen: Citizen, db: Database
    ) -> None:
        await file_complaint(citizen)
        reply = await citizen.says("eh salah, rt 05 bukan rt 04")
        assert "Informasi tentang" not in reply
        assert reply.startswith(f"Terima kasih, koreksi Bapak/Ibu sudah kami catat pada aduan {FIRST}")
        assert "menunggu tindak lanjut" not in reply  # no status block: nothing was asked
        assert await messages_on(db, FIRST) == ["eh salah, rt 05 bukan rt 04"]

    async def test_the_unit_is_told_what_the_citizen_wrote(self, citizen: Citizen, db: Database) -> None:
        await file_complaint(citizen)
        await citizen.send("udah seminggu belum ada petugas yang dateng")
        ticket = await ticket_of(db, FIRST)
        told = [row for row in await notifications(db, ticket.id) if row.reason == "citizen_message"]
        assert told
        assert all("udah seminggu belum ada petugas yang dateng" in row.text for row in told)
        assert all(FIRST in row.text for row in told)

    async def test_a_code_with_a_complaint_goes_to_that_ticket(self, citizen: Citizen, db: Database) -> None:
        await file_complaint(citizen)
        await file_complaint(citizen, LAMP)
        text = f"{FIRST} lubangnya makin besar pak, kok belum diperbaiki"
        reply = await citizen.says(text)
        assert f"Aduan {FIRST} " in reply
        assert await messages_on(db, FIRST) == [text]
        assert await messages_on(db, SECOND) == []

    async def test_a_status_request_shows_the_ticket_without_recording_it(
        self, citizen: Citizen, db: Database
    ) -> None:
        await file_complaint(citizen)
        reply = await citizen.says("cek status")
        assert f"Aduan {FIRST} " in reply
        assert "sudah kami catat" not in reply
        assert await messages_on(db, FIRST) == []


class TestSeveralOpenTickets:
    async def test_the_citizen_is_asked_which_newest_first(self, citizen: Citizen) -> None:
        await file_complaint(citizen)
        await file_complaint(citizen, LAMP)
        reply = await citizen.says("udah ada kabar blm?")
        assert "2 aduan yang sedang kami proses" in reply
        assert "menunggu tindak lanjut" not in reply
        assert citizen.choices() == [f"followup:{SECOND}", f"followup:{FIRST}", "cancel"]
        assert citizen.last is not None
        labels = [choice.label for choice in citizen.last.replies[-1].choices]
        assert labels[0].startswith(f"{SECOND}: Lampu penerangan jalan")
        assert labels[1].startswith(f"{FIRST}: Jalan di depan Pasar Baru")

    async def test_the_message_joins_the_ticket_picked(self, citizen: Citizen, db: Database) -> None:
        await file_complaint(citizen)
        await file_complaint(citizen, LAMP)
        await citizen.send("udah ada kabar blm?")
        reply = await citizen.says(choice=f"followup:{FIRST}")
        assert f"Aduan {FIRST} " in reply
        assert await messages_on(db, FIRST) == ["udah ada kabar blm?"]
        assert await messages_on(db, SECOND) == []

    async def test_a_typed_number_picks_the_button(self, citizen: Citizen, db: Database) -> None:
        await file_complaint(citizen)
        await file_complaint(citizen, LAMP)
        await citizen.send("kapan selesai sih")
        reply = await citizen.says("1")
        assert f"Aduan {SECOND} " in reply
        assert await messages_on(db, SECOND) == ["kapan selesai sih"]

    async def test_something_else_instead_of_a_pick_is_answered_as_it_is(
        self, citizen: Citizen, db: Database
    ) -> None:
        await file_complaint(citizen)
        await file_complaint(citizen, LAMP)
        await citizen.send("udah ada kabar blm?")
        reply = await citizen.says("terima kasih banyak pak, sangat membantu 🙏")
        assert "sama-sama" in reply.lower()
        assert await messages_on(db, FIRST) == []
        assert await messages_on(db, SECOND) == []


class TestNoOpenTicket:
    async def test_a_follow_up_without_a_ticket_says_so_and_offers_a_complaint(
        self, citizen: Citizen
    ) -> None:
        reply = await citizen.says("udah ada kabar blm?")
        assert "belum menemukan aduan Bapak/Ibu yang sedang diproses" in reply
        assert citizen.choices() == ["complaint:from_text", "menu:status", "menu:main"]

    async def test_the_story_of_the_follow_up_becomes_the_complaint(self, citizen: Citizen) -> None:
        story = "jalan rusak depan sd udah saya laporin seminggu lalu tapi belum dibenerin"
        await citizen.send(story)
        await citizen.send(choice="complaint:from_text")
        async with citizen.db.session() as session:
            conversation = (await session.execute(select(Conversation))).scalar_one()
        assert conversation.state.startswith("complaint.")
        assert conversation.data["description"] == story

    async def test_another_citizens_code_is_never_revealed(
        self, citizen: Citizen, another_citizen: Citizen, db: Database
    ) -> None:
        await file_complaint(citizen)
        reply = await another_citizen.says(f"{FIRST} kok belum ada perkembangan")
        assert "tidak ada dalam daftar aduan Bapak/Ibu" in reply
        assert "Pasar Baru" not in reply
        assert "Dinas Pekerjaan Umum" not in reply
        assert await messages_on(db, FIRST) == []


class TestWaitingTicket:
    async def test_a_follow_up_is_the_reply_the_ticket_waits_for(
        self, citizen: Citizen, db: Database
    ) -> None:
        await file_complaint(citizen)
        await file_complaint(citizen, LAMP)
        deps = citizen.engine.deps
        async with db.session() as session:
            await desk.ask_citizen(
                session,
                ticket=FIRST,
                person_id="asisten-pemerintahan",
                question="Mohon kirimkan nomor rumah terdekat.",
                context=deps.escalation_context(),
            )
        ticket = await ticket_of(db, FIRST)
        assert ticket.status == "waiting_citizen"
        assert (await clock_of(db, ticket.id or 0, "resolution")).status == "paused"

        reply = await citizen.says("kapan selesai ya pak? rumah saya nomor 12")
        assert f"Aduan {FIRST} " in reply
        assert "Batas waktu kami berjalan lagi" in reply
        ticket = await ticket_of(db, FIRST)
        assert ticket.status == "in_progress"
        assert (await clock_of(db, ticket.id or 0, "resolution")).status == "running"
        assert await messages_on(db, FIRST) == ["kapan selesai ya pak? rumah saya nomor 12"]
        assert await messages_on(db, SECOND) == []


class TestAMaybeFollowUp:
    async def test_an_unsure_addition_is_offered_to_the_ticket_instead_of_answered_from_the_faq(
        self, citizen: Citizen, db: Database
    ) -> None:
        await file_complaint(citizen)
        text = "eh iya pak lubangnya pas di depan warung bu siti"
        reply = await citizen.says(text)
        assert "keterangan tambahan untuk aduan" in reply
        assert f"followup:{FIRST}" in citizen.choices()
        assert "menu:ask" in citizen.choices()
        assert await messages_on(db, FIRST) == []
        recorded = await citizen.says(choice=f"followup:{FIRST}")
        assert f"sudah kami catat pada aduan {FIRST}" in recorded
        assert await messages_on(db, FIRST) == [text]

    async def test_without_an_open_ticket_the_faq_answers_as_usual(self, citizen: Citizen) -> None:
        reply = await citizen.says("syarat bikin ktp apa aja ya")
        assert "keterangan tambahan" not in reply
