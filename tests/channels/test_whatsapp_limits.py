"""Flood limits on the WhatsApp intake, against the fake Graph API with the real pywa client: a
flooding number is stored, handled only up to its limit and told once per window; the check comes
before the store (a refused message is one write, already `ignored`, never handed to a worker);
Meta's delivery statuses for our own replies never count against the citizen; others are answered."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlmodel import col

from core.clock import FrozenClock
from messaging import InboundMessage, InboundStatus, OutboundMessage
from tests.channels.conftest import Service, ServiceFactory, rows, whatsapp_settings
from tests.channels.fake_graph import FakeGraph, contact, sign, status_body, text_message, webhook_body
from tests.statements import statements

FLOODER_WA, FLOODER = "6281111111111", "ID.1111111111111"
OTHER_WA, OTHER = "6282222222222", "ID.2222222222222"
NOTICE = "Mohon tunggu sebentar"


async def say(service: Service, wa_id: str, user_id: str, message_id: str, text: str) -> int:
    message = text_message(message_id, wa_id, user_id, text)
    body = webhook_body(message, contacts=[contact(wa_id, user_id)])
    return (await service.whatsapp(body, sign(body))).status_code


def texts_to(fake: FakeGraph, user_id: str) -> list[str]:
    """What reached `user_id`, as the text of each message (plain or interactive)."""
    return [_text(sent) for sent in fake.messages if sent.get("recipient", sent.get("to")) == user_id]


def _text(sent: dict[str, Any]) -> str:
    if sent.get("type") == "interactive":
        return str(sent["interactive"]["body"]["text"])
    return str(sent["text"]["body"])


async def inbound(service: Service) -> list[InboundMessage]:
    async with service.db.session() as session:
        statement = select(InboundMessage).order_by(col(InboundMessage.id))
        return list((await session.execute(statement)).scalars().all())


class TestWhatsAppIntakeLimits:
    async def test_a_flooder_is_stored_told_once_and_another_number_is_answered(
        self, make_service: ServiceFactory, fake_graph: FakeGraph, clock: FrozenClock
    ) -> None:
        service = await make_service(whatsapp=whatsapp_settings(), graph=fake_graph)
        for n in range(25):
            assert await say(service, FLOODER_WA, FLOODER, f"wamid.F{n}", f"pesan {n}") == 200
        assert await say(service, OTHER_WA, OTHER, "wamid.O1", "halo") == 200
        await service.deliver()
        flooder = texts_to(fake_graph, FLOODER)
        assert len(flooder) == 21, flooder  # 20 answers and one notice
        assert sum(NOTICE in text for text in flooder) == 1
        assert len(texts_to(fake_graph, OTHER)) == 1
        stored = await inbound(service)
        assert len(stored) == 26, "every acknowledged message is stored"
        refused = [row for row in stored if row.last_error == "rate_limited"]
        assert [row.dedupe_key for row in refused] == [f"wa:wamid.F{n}" for n in range(20, 25)]
        assert all(
            (row.status, row.attempts, row.holder) == (InboundStatus.IGNORED, 0, None) for row in refused
        ), "a refused message is never handed to a worker"
        handled = [row for row in stored if row.status == InboundStatus.PROCESSED]
        assert len(handled) == 21

    async def test_a_refused_message_is_stored_ignored_in_one_write(
        self, make_service: ServiceFactory, fake_graph: FakeGraph, clock: FrozenClock
    ) -> None:
        """Checked before the store: the webhook's one INSERT already says `ignored`; no second
        write marks it and no worker claims it, so a flood costs the others one row per message."""
        service = await make_service(whatsapp=whatsapp_settings(), graph=fake_graph)
        for n in range(21):
            await say(service, FLOODER_WA, FLOODER, f"wamid.F{n}", f"pesan {n}")
        await service.deliver()
        with statements(service.db) as seen:
            assert await say(service, FLOODER_WA, FLOODER, "wamid.F99", "pesan lagi") == 200
            await service.drain()
        assert seen.count("INSERT") == 1, seen
        assert "UPDATE" not in seen, seen
        last = (await inbound(service))[-1]
        assert (last.dedupe_key, last.status, last.last_error, last.attempts) == (
            "wa:wamid.F99",
            InboundStatus.IGNORED,
            "rate_limited",
            0,
        )

    async def test_a_redelivered_refused_message_is_not_counted_again(
        self, make_service: ServiceFactory, fake_graph: FakeGraph, clock: FrozenClock
    ) -> None:
        """Meta redelivers what it thinks we missed: the copy finds the stored row, no new notice."""
        service = await make_service(whatsapp=whatsapp_settings(), graph=fake_graph)
        for n in range(21):
            await say(service, FLOODER_WA, FLOODER, f"wamid.F{n}", f"pesan {n}")
        for _ in range(3):
            assert await say(service, FLOODER_WA, FLOODER, "wamid.F20", "pesan 20") == 200
        await service.deliver()
        flooder = texts_to(fake_graph, FLOODER)
        assert sum(NOTICE in text for text in flooder) == 1
        assert len(await inbound(service)) == 21

    async def test_delivery_statuses_of_our_replies_do_not_use_the_citizens_allowance(
        self, make_service: ServiceFactory, fake_graph: FakeGraph, clock: FrozenClock
    ) -> None:
        """Meta sends sent, delivered and read for each reply, with the citizen as the contact."""
        service = await make_service(whatsapp=whatsapp_settings(), graph=fake_graph)
        for n in range(10):
            await say(service, OTHER_WA, OTHER, f"wamid.A{n}", f"pertanyaan {n}")
        await service.deliver()
        for reply in await rows(service.db, OutboundMessage):
            for status in ("sent", "delivered", "read"):
                body = status_body(reply.external_id or "", status, OTHER_WA, OTHER)
                assert (await service.whatsapp(body, sign(body))).status_code == 200
        for n in range(10):
            await say(service, OTHER_WA, OTHER, f"wamid.B{n}", f"pertanyaan lagi {n}")
        await service.deliver()
        answers = texts_to(fake_graph, OTHER)
        assert len(answers) == 20, answers
        assert not any(NOTICE in text for text in answers)
