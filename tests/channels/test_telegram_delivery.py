"""Delivery guarantees on Telegram: nothing stored without the secret, every update handled once,
nothing lost when a process dies, every reply sent or visibly failed."""

from __future__ import annotations

import asyncio
from datetime import timedelta
from typing import Any

import pytest

from bot.engine import ConversationEngine
from core.clock import FrozenClock
from core.db import Database
from messaging import InboundMessage, InboundStatus, OutboundMessage, OutboundStatus
from messaging.handoff import HandoffSettings
from tests.channels import updates
from tests.channels.conftest import Service, ServiceFactory, count, rows, telegram_settings
from tests.channels.fake_telegram import FakeTelegram
from tickets import Ticket, TicketEvent

CITIZEN = 5151


async def up_to_confirmation(service: Service) -> None:
    await service.telegram(updates.button(1, CITIZEN, "menu:complaint"))
    await service.telegram(updates.button(2, CITIZEN, "cat:air-minum"))
    await service.telegram(
        updates.text(3, CITIZEN, "Air PDAM tidak mengalir sejak kemarin di Jalan Kenanga.")
    )
    await service.telegram(updates.button(4, CITIZEN, "skip"))


def confirmations(fake: FakeTelegram) -> list[str]:
    return [text for text in fake.sent_texts() if "ADU-2026-000001" in text]


class TestWebhookSecret:
    @pytest.mark.parametrize(("secret", "status"), [(None, 401), ("salah", 403), ("", 403)])
    async def test_a_missing_or_wrong_secret_is_refused_and_nothing_is_stored(
        self, make_service: ServiceFactory, fake_telegram: FakeTelegram, secret: str | None, status: int
    ) -> None:
        service = await make_service(telegram=telegram_settings(fake_telegram))
        response = await service.telegram(updates.text(1, CITIZEN, "halo"), secret=secret)
        assert response.status_code == status
        assert await count(service.db, InboundMessage) == 0


class TestExactlyOnce:
    async def test_the_same_update_delivered_three_times_files_one_ticket_and_one_reply(
        self, make_service: ServiceFactory, fake_telegram: FakeTelegram
    ) -> None:
        service = await make_service(telegram=telegram_settings(fake_telegram))
        await up_to_confirmation(service)
        for _ in range(3):
            assert (await service.telegram(updates.button(5, CITIZEN, "confirm:yes"))).status_code == 200
        await service.deliver()
        assert await count(service.db, Ticket) == 1
        assert len(confirmations(fake_telegram)) == 1

    async def test_the_same_update_at_two_processes_at_once_files_one_ticket_and_one_reply(
        self, make_service: ServiceFactory, fake_telegram: FakeTelegram, database_url: str
    ) -> None:
        first = await make_service(telegram=telegram_settings(fake_telegram), database=Database(database_url))
        second = await make_service(
            telegram=telegram_settings(fake_telegram), database=Database(database_url)
        )
        await up_to_confirmation(first)
        confirm = updates.button(5, CITIZEN, "confirm:yes")
        responses = await asyncio.gather(first.telegram(confirm), second.telegram(confirm))
        assert [response.status_code for response in responses] == [200, 200]
        await asyncio.gather(first.deliver(), second.deliver())
        assert await count(first.db, Ticket) == 1
        assert len(confirmations(fake_telegram)) == 1
        await first.db.dispose()
        await second.db.dispose()


class TestRestart:
    async def test_an_update_stored_by_a_process_that_died_before_handling_is_handled_after_restart(
        self,
        make_service: ServiceFactory,
        fake_telegram: FakeTelegram,
        database_url: str,
        engine: ConversationEngine,
        monkeypatch: pytest.MonkeyPatch,
    ) -> None:
        doomed = await make_service(
            telegram=telegram_settings(fake_telegram),
            database=Database(database_url),
            handoff=HandoffSettings(stop_seconds=0),
        )
        await up_to_confirmation(doomed)
        await doomed.deliver()
        stuck = asyncio.Event()

        async def hang(*_: Any, **__: Any) -> Any:
            stuck.set()
            await asyncio.Event().wait()

        with monkeypatch.context() as patch:
            patch.setattr(engine, "handle", hang)
            response = await doomed.telegram(updates.button(5, CITIZEN, "confirm:yes"))
            assert response.status_code == 200, "answered as soon as it was stored"
            await stuck.wait()
            await doomed.runtime.channels.close()  # the process dies while handling it
        await doomed.db.dispose()
        [row] = await rows(doomed.db, InboundMessage, InboundMessage.dedupe_key == "tg:7000001:5")
        assert row.status == InboundStatus.RECEIVED, "stored, never handled"

        restarted = await make_service(telegram=telegram_settings(fake_telegram))
        assert await restarted.recover() == 1
        await restarted.deliver()
        assert len(confirmations(fake_telegram)) == 1
        assert await count(restarted.db, Ticket) == 1
        answered = [p["callback_query_id"] for p in fake_telegram.sent("answerCallbackQuery")]
        assert answered.count("cb5") == 1, "answered once, by the handling that claimed it after the crash"

    async def test_a_failing_update_gets_one_apology_is_retried_and_parked_after_five_attempts(
        self,
        make_service: ServiceFactory,
        fake_telegram: FakeTelegram,
        engine: ConversationEngine,
        clock: FrozenClock,
        monkeypatch: pytest.MonkeyPatch,
    ) -> None:
        from typer.testing import CliRunner

        from tanggap.cli import app

        service = await make_service(telegram=telegram_settings(fake_telegram))

        async def explode(*_: Any, **__: Any) -> Any:
            raise RuntimeError("database hiccup")

        monkeypatch.setattr(engine, "handle", explode)
        assert (await service.telegram(updates.text(1, CITIZEN, "halo"))).status_code == 200
        for _ in range(6):
            clock.advance(hours=1)
            await service.recover()
        await service.deliver()
        [row] = await rows(service.db, InboundMessage)
        assert row.status == InboundStatus.PARKED
        assert row.attempts == 5
        assert "database hiccup" in (row.last_error or "")
        [apology] = [t for t in fake_telegram.sent_texts() if "sistem kami sedang terganggu" in t]
        assert "akan kami coba baca lagi secara otomatis" in apology, "it was retried, four more times"
        assert "mohon kirim ulang pesan Bapak/Ibu" in apology, "and may still fail for good"

        monkeypatch.setenv("TANGGAP_DATABASE_URL", str(service.db.url))
        listed = await asyncio.to_thread(CliRunner().invoke, app, ["inbox", "failed"])
        assert listed.exit_code == 0, listed.output
        assert "parked" in listed.output
        assert "tg:7000001:1" in listed.output


class TestSending:
    async def test_a_429_is_retried_no_sooner_than_retry_after(
        self, make_service: ServiceFactory, fake_telegram: FakeTelegram, clock: FrozenClock
    ) -> None:
        service = await make_service(telegram=telegram_settings(fake_telegram))
        fake_telegram.fail_next("sendMessage", 429, retry_after=7)
        await service.telegram(updates.text(1, CITIZEN, "halo"))
        await service.deliver()
        clock.advance(seconds=6)
        await service.deliver()
        assert len(fake_telegram.sent()) == 1, "nothing more before retry_after has passed"
        clock.advance(seconds=1)
        await service.deliver()
        calls = [call for call in fake_telegram.calls if call.method == "sendMessage"]
        assert len(calls) == 2
        assert calls[0].at is not None
        assert calls[1].at is not None
        assert calls[1].at - calls[0].at >= timedelta(seconds=7)
        [row] = await rows(service.db, OutboundMessage)
        assert row.status == OutboundStatus.SENT
        assert row.attempts == 2

    async def test_server_errors_are_retried_with_growing_delays(
        self, make_service: ServiceFactory, fake_telegram: FakeTelegram, clock: FrozenClock
    ) -> None:
        service = await make_service(telegram=telegram_settings(fake_telegram))
        for _ in range(3):
            fake_telegram.fail_next("sendMessage", 500, text="Internal Server Error")
        await service.telegram(updates.text(1, CITIZEN, "halo"))
        delays = []
        for _ in range(4):
            await service.deliver()
            [row] = await rows(service.db, OutboundMessage)
            if row.next_attempt_at is not None:
                delays.append((row.next_attempt_at - clock.now()).total_seconds())
                clock.set(row.next_attempt_at)
        assert delays == [2.0, 4.0, 8.0]
        [row] = await rows(service.db, OutboundMessage)
        assert row.status == OutboundStatus.SENT

    async def test_a_blocked_bot_fails_the_reply_visibly_on_the_ticket(
        self, make_service: ServiceFactory, fake_telegram: FakeTelegram, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        from typer.testing import CliRunner

        from tanggap.cli import app

        service = await make_service(telegram=telegram_settings(fake_telegram))
        await up_to_confirmation(service)
        await service.deliver()
        fake_telegram.fail_next("sendMessage", 403, text="Forbidden: bot was blocked by the user")
        await service.telegram(updates.button(5, CITIZEN, "confirm:yes"))
        await service.deliver()
        [failed] = await rows(service.db, OutboundMessage, OutboundMessage.status == OutboundStatus.FAILED)
        assert "blocked" in (failed.last_error or "")
        events = await rows(service.db, TicketEvent, TicketEvent.kind == "delivery_failed")
        assert len(events) == 1
        assert events[0].data["outbound_id"] == failed.id
        monkeypatch.setenv("TANGGAP_DATABASE_URL", str(service.db.url))
        listed = await asyncio.to_thread(CliRunner().invoke, app, ["outbox", "failed"])
        assert listed.exit_code == 0, listed.output
        assert "blocked" in listed.output
        assert f"ticket={events[0].ticket_id}" in listed.output
