"""Ticket codes, ownership and history."""

from __future__ import annotations

import asyncio

from core.clock import FrozenClock
from core.db import Database
from tickets import NewTicket, TicketKind
from tickets import service as tickets
from tickets.models import ORIGINAL_NAME_LENGTH, fitted_file_name


async def open_one(db: Database, external_id: str = "warga-1") -> str:
    async with db.session() as session:
        citizen = await tickets.get_or_create_citizen(session, channel="web", external_id=external_id)
        ticket = await tickets.open_ticket(
            session,
            citizen=citizen,
            code_prefix="ADU",
            actor="citizen",
            ticket=NewTicket(
                channel="web", kind=TicketKind.DM, description="Lampu jalan mati sejak seminggu."
            ),
        )
        return ticket.code


class TestCodes:
    async def test_codes_carry_the_year_and_a_running_number(self, db: Database, clock: FrozenClock) -> None:
        assert await open_one(db) == "ADU-2026-000001"
        assert await open_one(db) == "ADU-2026-000002"

    async def test_numbering_starts_again_in_a_new_year(self, db: Database, clock: FrozenClock) -> None:
        await open_one(db)
        clock.advance(days=45)
        assert await open_one(db) == "ADU-2027-000001"

    async def test_concurrent_openings_never_share_a_code(self, db: Database, clock: FrozenClock) -> None:
        codes = await asyncio.gather(*(open_one(db, f"warga-{n}") for n in range(8)))
        assert len(set(codes)) == 8

    def test_codes_are_found_in_casual_text(self) -> None:
        assert tickets.find_code("min cek adu-2026-45 dong", "ADU") == "ADU-2026-000045"
        assert tickets.find_code("sejak 2026 5 bulan", "ADU") is None


class TestCitizens:
    async def test_the_same_sender_is_one_citizen_even_when_created_concurrently(
        self, db: Database, clock: FrozenClock
    ) -> None:
        async def create() -> int | None:
            async with db.session() as session:
                citizen = await tickets.get_or_create_citizen(session, channel="telegram", external_id="42")
                return citizen.id

        ids = await asyncio.gather(*(create() for _ in range(5)))
        assert len(set(ids)) == 1


class TestAttachmentNames:
    def test_a_name_that_fits_is_kept_as_it_is(self) -> None:
        assert fitted_file_name("lubang.jpg") == "lubang.jpg"
        assert fitted_file_name(None) is None

    def test_a_long_name_is_cut_to_the_column_keeping_its_extension(self) -> None:
        cut = fitted_file_name("a" * 400 + ".jpeg")
        assert cut == "a" * 249 + "….jpeg"
        assert len(cut or "") == ORIGINAL_NAME_LENGTH

    def test_a_name_without_a_short_extension_is_simply_cut(self) -> None:
        assert fitted_file_name("b" * 300) == "b" * 254 + "…"
        assert fitted_file_name("c" * 100 + "." + "d" * 200) == ("c" * 100 + "." + "d" * 200)[:254] + "…"
