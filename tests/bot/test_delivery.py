"""Every message is kept before it is answered, handled once, and the conversation survives restarts."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest
from sqlalchemy import func, select

from bot.handling import receive
from bot.incoming import ContentType, Incoming
from core.db import Database
from escalation import sync_units
from tests import images
from tests.bot.conftest import Citizen, build_engine
from tickets import Ticket, TicketAttachment


async def count(db: Database, model: type) -> int:
    async with db.session() as session:
        return int((await session.execute(select(func.count()).select_from(model))).scalar_one())


class TestRedelivery:
    async def test_the_same_message_delivered_three_times_files_one_ticket(
        self, citizen: Citizen, db: Database
    ) -> None:
        await citizen.send(choice="menu:complaint")
        await citizen.send(choice="cat:air-minum")
        await citizen.send("Air PDAM tidak mengalir sejak kemarin pagi di Perumahan Griya Asri.")
        await citizen.send(choice="skip")
        replies = [await citizen.says(choice="confirm:yes", key="confirm-1") for _ in range(3)]
        assert await count(db, Ticket) == 1
        assert replies[0] == replies[1] == replies[2]
        assert "ADU-2026-000001" in replies[2]

    async def test_concurrent_deliveries_of_one_message_are_handled_once(
        self, citizen: Citizen, db: Database
    ) -> None:
        await citizen.send(choice="menu:complaint")
        await citizen.send(choice="cat:air-minum")
        await citizen.send("Air PDAM tidak mengalir sejak kemarin pagi di Perumahan Griya Asri.")
        await citizen.send(choice="skip")
        await asyncio.gather(*(citizen.send(choice="confirm:yes", key="confirm-x") for _ in range(4)))
        assert await count(db, Ticket) == 1


class TestRestart:
    async def test_a_new_engine_continues_the_conversation_where_it_stopped(
        self, citizen: Citizen, db: Database, database_url: str, sample_kb_path: Path, tmp_path: Path
    ) -> None:
        await citizen.send(choice="menu:complaint")
        await citizen.send(choice="cat:sampah-lingkungan")
        await citizen.send("Sampah di TPS Jalan Melati belum diangkut selama satu minggu dan berbau.")

        restarted_db = Database(database_url)
        restarted = build_engine(sample_kb_path, tmp_path)
        async with restarted_db.session() as session:
            await sync_units(session, restarted.deps.kb.units)
        same_citizen = Citizen(db=restarted_db, engine=restarted, sender_id=citizen.sender_id)
        await same_citizen.send(choice="skip")
        reply = await same_citizen.says(choice="confirm:yes")
        await restarted_db.dispose()

        assert "ADU-2026-000001" in reply
        assert "Dinas Lingkungan Hidup" in reply


class TestPhotos:
    async def test_photos_sent_during_intake_are_kept_with_the_ticket(
        self, citizen: Citizen, db: Database, tmp_path: Path
    ) -> None:
        store = citizen.engine.deps.attachments
        await citizen.send(choice="menu:complaint")
        await citizen.send(choice="cat:jalan-drainase")
        photo = await store.check_photo(images.jpeg(), original_name="lubang.jpg")
        await citizen.send(
            "Jalan berlubang di depan SDN 1 sangat membahayakan pengendara.",
            content_type=ContentType.PHOTO,
            photo=photo,
        )
        await citizen.send(choice="skip")
        await citizen.send(choice="confirm:yes")
        async with db.session() as session:
            attachment = (await session.execute(select(TicketAttachment))).scalar_one()
            ticket = (await session.execute(select(Ticket))).scalar_one()
        assert attachment.ticket_id == ticket.id
        assert ticket.description.startswith("Jalan berlubang")
        assert (tmp_path / attachment.storage_path).read_bytes() == photo.content
        assert attachment.original_name == "lubang.jpg"

    async def test_the_inbound_message_is_stored_even_when_handling_fails(
        self, citizen: Citizen, db: Database, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        """A fault injected into handling: the message stays stored and is handled on the next delivery."""
        broken = Incoming(channel="web", sender_id=citizen.sender_id, text="halo")
        engine = citizen.engine

        async def explode(*_: object, **__: object) -> object:
            raise RuntimeError("database hiccup")

        with monkeypatch.context() as patch:
            patch.setattr(engine, "handle", explode)
            handled = await receive(
                db, engine, broken, dedupe_key="k1", payload={"text": "halo"}, delivered=True
            )
        assert handled.failed
        assert "sistem kami sedang terganggu" in handled.replies[0].text
        again = await receive(db, engine, broken, dedupe_key="k1", payload={"text": "halo"}, delivered=True)
        assert "Selamat datang" in again.replies[0].text

    async def test_a_failure_nobody_retries_asks_the_citizen_to_send_again_instead_of_promising(
        self, citizen: Citizen, db: Database, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        """Web chat and console are not retried by the server (their client sends again): the apology
        must not say the message will be processed again."""
        broken = Incoming(channel="web", sender_id=citizen.sender_id, text="halo")

        async def explode(*_: object, **__: object) -> object:
            raise RuntimeError("value too long for type character varying(255)")

        monkeypatch.setattr(citizen.engine, "handle", explode)
        handled = await receive(
            db, citizen.engine, broken, dedupe_key="k2", payload={"text": "halo"}, delivered=True
        )
        [apology] = handled.replies
        assert "akan kami proses kembali" not in apology.text
        assert "Mohon kirim ulang beberapa saat lagi" in apology.text
