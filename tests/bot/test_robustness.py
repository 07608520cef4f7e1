"""Bad input gets a clear, polite answer; nothing crashes and nothing stored is lost."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select
from sqlmodel import col

from bot.incoming import ContentType
from core.db import Database
from messaging import InboundMessage, InboundStatus
from tests.bot.conftest import Citizen

POLITE = ("Mohon maaf", "Yth. Bapak/Ibu", "Silakan", "Sama-sama", "Ada yang dapat kami bantu")


async def stored_inbound(db: Database) -> list[InboundMessage]:
    async with db.session() as session:
        return list(
            (await session.execute(select(InboundMessage).order_by(col(InboundMessage.id)))).scalars()
        )


class TestBadInput:
    @pytest.mark.parametrize(
        "text",
        [
            "",
            "   \n\t  ",
            "😀😀😀🙏",
            "\x00\x07\x1b[31m halo \u202e",
            "'; DROP TABLE tickets; --",
            "Робот? 机器人? ロボット?",
            "x" * 10_000,
        ],
    )
    async def test_strange_messages_get_a_polite_answer_and_are_kept(
        self, citizen: Citizen, db: Database, text: str
    ) -> None:
        reply = await citizen.says(text)
        assert reply
        assert any(phrase in reply for phrase in POLITE)
        assert "Traceback" not in reply
        [row] = await stored_inbound(db)
        assert row.status == InboundStatus.PROCESSED
        assert row.payload["text"] == text

    async def test_a_very_long_message_is_refused_with_the_limit(self, citizen: Citizen) -> None:
        reply = await citizen.says("tolong " * 3_000)
        assert "terlalu panjang" in reply
        assert "paling banyak 20.000 huruf" in reply

    async def test_a_long_story_is_understood_from_its_start(self, citizen: Citizen) -> None:
        story = "tolong ada kebakaran di gang mawar sekarang, apinya besar! " + "warga panik. " * 400
        assert 4_000 < len(story) < 20_000
        reply = await citizen.says(story)
        assert "112" in reply
        assert "terlalu panjang" not in reply

    async def test_sql_looking_text_is_treated_as_text(self, citizen: Citizen, db: Database) -> None:
        await citizen.send("'; DROP TABLE tickets; --")
        async with db.session() as session:
            assert (await session.execute(select(func.count()).select_from(InboundMessage))).scalar_one() == 1

    @pytest.mark.parametrize(
        ("content_type", "word"),
        [(ContentType.STICKER, "stiker"), (ContentType.VOICE, "pesan suara"), (ContentType.VIDEO, "video")],
    )
    async def test_non_text_messages_get_an_explanation(
        self, citizen: Citizen, content_type: ContentType, word: str
    ) -> None:
        reply = await citizen.says(content_type=content_type)
        assert f"belum dapat menerima {word}" in reply

    async def test_a_sticker_in_the_middle_of_intake_keeps_the_intake_going(self, citizen: Citizen) -> None:
        await citizen.send(choice="menu:complaint")
        await citizen.send(choice="cat:air-minum")
        await citizen.send(content_type=ContentType.STICKER)
        reply = await citizen.says(choice="cancel")
        assert "sudah kami batalkan" in reply

    async def test_cancel_with_nothing_running_says_so(self, citizen: Citizen) -> None:
        reply = await citizen.says("batal")
        assert "Tidak ada yang perlu dibatalkan" in reply
