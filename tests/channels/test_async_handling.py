"""The webhook answers once the update is stored; workers handle it: nothing handled twice, each chat in
arrival order, even when the workers are full (recovery pass) or the chat's updates reach two processes."""

from __future__ import annotations

import asyncio
from collections import defaultdict
from collections.abc import Iterator
from datetime import timedelta
from typing import Any

import pytest
from sqlalchemy import text

import bot.handling
import bot.telegram.inbox
import bot.whatsapp.handlers
from bot.engine import ConversationEngine
from bot.handling import Handled, recover
from bot.incoming import Incoming
from core.db import Database
from messaging import InboundMessage, InboundStatus, OutboundMessage
from messaging.handoff import HandoffSettings
from tests.channels import updates
from tests.channels.conftest import (
    Service,
    ServiceFactory,
    count,
    rows,
    telegram_settings,
    whatsapp_settings,
)
from tests.channels.fake_graph import FakeGraph, button_reply, contact, sign, text_message, webhook_body
from tests.channels.fake_telegram import FakeTelegram
from tickets import Ticket

COMPLAINT = ["menu:complaint", "cat:air-minum", "Air PDAM mati sejak kemarin di Jalan Kenanga.", "skip"]


class Gate:
    """Holds the next handlings of a sender's updates before they start (no transaction open yet),
    and records the order in which the engine saw each sender's updates."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch, engine: ConversationEngine) -> None:
        self.held: dict[str, int] = {}
        self.release = asyncio.Event()
        self.entered = asyncio.Event()
        self.seen: dict[str, list[str]] = defaultdict(list)
        original_store, original_handle = bot.handling.handle_stored, engine.handle

        async def gated(db: Database, engine_: ConversationEngine, incoming: Incoming, **kw: Any) -> Handled:
            if self.held.get(incoming.sender_id, 0) > 0:
                self.held[incoming.sender_id] -= 1
                self.entered.set()
                await self.release.wait()
            return await original_store(db, engine_, incoming, **kw)

        async def recorded(session: Any, incoming: Incoming) -> Any:
            self.seen[incoming.sender_id].append(incoming.choice or incoming.text or "")
            return await original_handle(session, incoming)

        monkeypatch.setattr(bot.handling, "handle_stored", gated)  # both channels' handlers call it
        monkeypatch.setattr(engine, "handle", recorded)

    def hold(self, sender: int | str, times: int = 1) -> None:
        self.held[str(sender)] = times


@pytest.fixture
def gate(monkeypatch: pytest.MonkeyPatch, engine: ConversationEngine) -> Gate:
    return Gate(monkeypatch, engine)


def say(update_id: int, citizen: int, what: str) -> dict[str, Any]:
    if what.startswith(("menu:", "cat:", "skip", "confirm:")):
        return updates.button(update_id, citizen, what)
    return updates.text(update_id, citizen, what)


def ids(start: int) -> Iterator[int]:
    return iter(range(start, start + 1000))


async def two_processes(
    make_service: ServiceFactory, fake: FakeTelegram, database_url: str, **options: Any
) -> tuple[Service, Service]:
    """Two services on one database, each with its own engine connections (two processes)."""
    settings = telegram_settings(fake)
    first = await make_service(telegram=settings, database=Database(database_url), **options)
    second = await make_service(telegram=settings, database=Database(database_url), **options)
    return first, second


async def statuses(service: Service) -> dict[str, tuple[str, int]]:
    return {row.dedupe_key: (row.status, row.attempts) for row in await rows(service.db, InboundMessage)}


class TestAnsweringEarly:
    async def test_the_webhook_answers_200_while_the_handling_is_still_blocked(
        self, make_service: ServiceFactory, fake_telegram: FakeTelegram, gate: Gate
    ) -> None:
        service = await make_service(telegram=telegram_settings(fake_telegram))
        gate.hold(4242)
        response = await service.telegram(updates.text(1, 4242, "halo"))
        assert response.status_code == 200
        await gate.entered.wait()
        assert await statuses(service) == {"tg:7000001:1": (InboundStatus.RECEIVED, 0)}
        assert await count(service.db, OutboundMessage) == 0
        gate.release.set()
        await service.deliver()
        assert await statuses(service) == {"tg:7000001:1": (InboundStatus.PROCESSED, 1)}
        assert "Selamat datang" in fake_telegram.sent_texts()[0]

    async def test_whatsapp_too_and_the_messages_of_one_body_keep_their_order(
        self, make_service: ServiceFactory, fake_graph: FakeGraph, gate: Gate
    ) -> None:
        service = await make_service(whatsapp=whatsapp_settings(), graph=fake_graph)
        wa_id, bsuid = "6281234567890", "ID.1234567890123"
        body = webhook_body(
            button_reply("wamid.1", wa_id, bsuid, "menu:complaint", "Sampaikan aduan"),
            button_reply("wamid.2", wa_id, bsuid, "cat:air-minum", "Air minum"),
            text_message("wamid.3", wa_id, bsuid, COMPLAINT[2]),
            contacts=[contact(wa_id, bsuid)],
        )
        gate.hold(bsuid)
        assert (await service.whatsapp(body, sign(body))).status_code == 200
        await gate.entered.wait()
        assert {status for status, _ in (await statuses(service)).values()} == {InboundStatus.RECEIVED}
        gate.release.set()
        await service.deliver()
        assert gate.seen[bsuid] == COMPLAINT[:3]
        assert len(fake_graph.messages) == 3


class TestChatOrder:
    async def test_concurrent_citizens_each_have_their_updates_handled_in_arrival_order(
        self, make_service: ServiceFactory, fake_telegram: FakeTelegram, gate: Gate
    ) -> None:
        service = await make_service(
            telegram=telegram_settings(fake_telegram), handoff=HandoffSettings(workers=3)
        )
        citizens = list(range(9001, 9009))
        script = [*COMPLAINT, "confirm:yes", "Apa syarat membuat KTP-el?"]
        numbers = ids(100)

        async def citizen(user_id: int) -> None:
            for what in script:
                assert (await service.telegram(say(next(numbers), user_id, what))).status_code == 200

        await asyncio.gather(*(citizen(user_id) for user_id in citizens))
        await service.deliver()
        assert dict(gate.seen) == {str(user_id): script for user_id in citizens}
        assert await count(service.db, Ticket) == len(citizens)
        assert {status for status, _ in (await statuses(service)).values()} == {InboundStatus.PROCESSED}

    async def test_an_earlier_update_still_waiting_at_another_process_is_handled_first(
        self,
        make_service: ServiceFactory,
        fake_telegram: FakeTelegram,
        gate: Gate,
        database_url: str,
    ) -> None:
        one = HandoffSettings(workers=1)
        first, second = await two_processes(make_service, fake_telegram, database_url, handoff=one)
        gate.hold(1111)
        await first.telegram(updates.text(1, 1111, "halo"))
        await gate.entered.wait()
        await first.telegram(updates.button(2, 2222, "menu:complaint"))  # queued behind 1111
        await second.telegram(updates.button(3, 2222, "cat:air-minum"))
        await second.drain()
        assert gate.seen["2222"] == ["menu:complaint", "cat:air-minum"], "2 was handled first, by 3"
        gate.release.set()
        await asyncio.gather(first.deliver(), second.deliver())
        assert gate.seen["2222"] == ["menu:complaint", "cat:air-minum"], "and not again by its own process"
        answered = [p["callback_query_id"] for p in fake_telegram.sent("answerCallbackQuery")]
        assert sorted(answered) == ["cb2", "cb3"], "each button answered once, by the process that handled it"
        replies = await rows(first.db, OutboundMessage, OutboundMessage.target == "2222")
        assert [row.inbound_id for row in sorted(replies, key=lambda row: row.id)] == [2, 3]
        assert all(attempts == 1 for _, attempts in (await statuses(first)).values())
        for service in (first, second):
            await service.db.dispose()

    async def test_a_press_that_reached_two_processes_is_answered_once(
        self, make_service: ServiceFactory, fake_telegram: FakeTelegram, database_url: str
    ) -> None:
        first, second = await two_processes(make_service, fake_telegram, database_url)
        press = updates.button(1, 3333, "menu:complaint")
        await asyncio.gather(first.telegram(press), second.telegram(press))
        await asyncio.gather(first.deliver(), second.deliver())
        answered = [p["callback_query_id"] for p in fake_telegram.sent("answerCallbackQuery")]
        assert answered == ["cb1"], "the spinner is stopped by the one handling that claimed the press"
        assert len(fake_telegram.sent_texts()) == 1, "and it is answered with one reply"
        for service in (first, second):
            await service.db.dispose()


class TestWorkersFull:
    async def test_refused_updates_wait_in_the_inbox_and_the_recovery_pass_handles_each_once_in_order(
        self, make_service: ServiceFactory, fake_telegram: FakeTelegram, gate: Gate
    ) -> None:
        service = await make_service(
            telegram=telegram_settings(fake_telegram), handoff=HandoffSettings(workers=1, capacity=1)
        )
        gate.hold(1111)
        await service.telegram(updates.text(1, 1111, "halo"))
        await gate.entered.wait()
        numbers = ids(2)
        for what in [*COMPLAINT, "confirm:yes"]:
            assert (await service.telegram(say(next(numbers), 2222, what))).status_code == 200
        await service.telegram(updates.text(next(numbers), 3333, "halo"))
        [handoff] = service.runtime.channels.handoffs()
        assert handoff.backlog == 5, "one queued; the rest refused, waiting in the inbox"
        assert {status for status, _ in (await statuses(service)).values()} == {InboundStatus.RECEIVED}

        gate.release.set()
        await service.drain()
        assert await count(service.db, InboundMessage, InboundMessage.status == InboundStatus.RECEIVED) == 5
        assert await service.recover() == 5
        assert await service.recover() == 0
        await service.deliver()

        assert set((await statuses(service)).values()) == {(InboundStatus.PROCESSED, 1)}
        assert gate.seen["2222"] == [*COMPLAINT, "confirm:yes"]
        assert await count(service.db, Ticket) == 1
        replies: defaultdict[int | None, int] = defaultdict(int)
        for row in await rows(service.db, OutboundMessage):
            replies[row.inbound_id] += 1
        assert sorted(replies.values()) == [1] * 7, "one reply per update, none twice"


class TestWorkerAndRecoveryPass:
    async def test_a_row_held_by_a_worker_is_skipped_here_and_handled_once_when_another_process_recovers_it(
        self,
        make_service: ServiceFactory,
        fake_telegram: FakeTelegram,
        gate: Gate,
        database_url: str,
    ) -> None:
        first, second = await two_processes(make_service, fake_telegram, database_url)
        gate.hold(4242)
        await first.telegram(updates.text(1, 4242, "halo"))
        await gate.entered.wait()
        intakes = first.runtime.channels.intakes()
        assert await recover(first.db, intakes, grace=timedelta(0)) == 0, "its own worker has it"
        assert await second.recover() == 1, "another process's recovery pass takes it"
        gate.release.set()
        await asyncio.gather(first.deliver(), second.deliver())
        assert gate.seen["4242"] == ["halo"], "handled once"
        assert await statuses(first) == {"tg:7000001:1": (InboundStatus.PROCESSED, 1)}
        assert len(fake_telegram.sent()) == 1
        for service in (first, second):
            await service.db.dispose()

    async def test_a_recovery_pass_racing_a_handling_in_progress_waits_for_its_claim(
        self,
        make_service: ServiceFactory,
        fake_telegram: FakeTelegram,
        engine: ConversationEngine,
        database_url: str,
        monkeypatch: pytest.MonkeyPatch,
    ) -> None:
        """The worker has claimed the row (locked on PostgreSQL, SQLite's write lock) and is inside the
        engine when another process's recovery pass replays it: the claim makes that a no-op."""
        first, second = await two_processes(make_service, fake_telegram, database_url)
        inside, release, calls = asyncio.Event(), asyncio.Event(), []
        original = engine.handle

        async def slow(session: Any, incoming: Incoming) -> Any:
            calls.append(incoming.text)
            if len(calls) == 1:
                inside.set()
                await release.wait()
            return await original(session, incoming)

        monkeypatch.setattr(engine, "handle", slow)
        await first.telegram(updates.text(1, 4242, "halo"))
        await inside.wait()
        racing = asyncio.create_task(second.recover())
        await until_someone_waits_for_a_lock(first.db)
        release.set()
        await racing
        await asyncio.gather(first.deliver(), second.deliver())
        assert calls == ["halo"], "the replay found the row claimed, then processed"
        assert await statuses(first) == {"tg:7000001:1": (InboundStatus.PROCESSED, 1)}
        assert len(fake_telegram.sent()) == 1
        for service in (first, second):
            await service.db.dispose()


async def until_someone_waits_for_a_lock(db: Database) -> None:
    """PostgreSQL: until the replay's claim is blocked on the row lock. SQLite (the replay waits for
    the write lock in a thread, invisible here): a few turns of the loop."""
    for _ in range(500):
        await asyncio.sleep(0.01)
        if db.dialect != "postgresql":
            return
        async with db.engine.connect() as connection:
            query = "SELECT count(*) FROM pg_stat_activity WHERE wait_event_type = 'Lock'"
            if (await connection.execute(text(query))).scalar_one() > 0:
                return
    raise AssertionError("the replay never waited for the claim")
