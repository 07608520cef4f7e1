"""A reply is not sent twice, and a chat does not stall, when the process dies or the database
fails between Telegram taking a reply and the outbox recording it (the kill -9 and outage runs)."""

from __future__ import annotations

import asyncio
from datetime import timedelta
from typing import Any

from core.clock import FrozenClock
from core.db import Database
from messaging import OutboundMessage, OutboundStatus
from messaging.outbox import OutboxSettings
from messaging.outbox_doubt import PRESUMED
from tests.channels import updates
from tests.channels.conftest import Service, ServiceFactory, rows, telegram_settings
from tests.channels.fake_telegram import FakeTelegram
from tests.channels.faults import Crash, Outage

CITIZEN = 6262
SETTINGS = OutboxSettings()
TAKEN_OVER_AFTER = timedelta(seconds=SETTINGS.lease_seconds + SETTINGS.settle_seconds)


def welcome_count(fake: FakeTelegram) -> int:
    return len([text for text in fake.sent_texts() if "Selamat datang" in text])


async def outbox_rows(db: Database) -> list[OutboundMessage]:
    return sorted(await rows(db, OutboundMessage), key=lambda row: row.id or 0)


async def killed_after_telegram_took_the_reply(
    make_service: ServiceFactory, fake: FakeTelegram, database_url: str
) -> Service:
    """A process whose outbox dies once Telegram took the citizen's first reply, before its answer."""
    doomed = await make_service(telegram=telegram_settings(fake), database=Database(database_url))
    await doomed.telegram(updates.text(1, CITIZEN, "halo"))
    await doomed.drain()
    crash = Crash()
    fake.before_answer["sendMessage"] = crash.kill
    outbox = doomed.runtime.channels.outbox
    assert outbox is not None
    await crash.run(outbox.run_once())
    assert crash.killed
    del fake.before_answer["sendMessage"]
    await doomed.runtime.channels.close()
    await doomed.db.dispose()
    return doomed


class TestDatabaseOutageAfterASend:
    async def test_the_outcome_is_kept_until_the_database_is_back_and_the_reply_is_sent_once(
        self, make_service: ServiceFactory, fake_telegram: FakeTelegram, database_url: str, clock: FrozenClock
    ) -> None:
        db = Database(database_url)
        service = await make_service(telegram=telegram_settings(fake_telegram), database=db)
        outage = Outage(db, clock)
        await service.telegram(updates.text(1, CITIZEN, "halo"))
        await service.drain()

        async def database_goes_down(_: dict[str, Any]) -> None:
            outage.start(seconds=10)

        fake_telegram.before_answer["sendMessage"] = database_goes_down
        await service.deliver()
        del fake_telegram.before_answer["sendMessage"]
        assert outage.refused > 0, "recording the send met the outage"
        [row] = await outbox_rows(db)
        assert row.status == OutboundStatus.SENT
        assert row.external_id == str(fake_telegram.next_message_id)
        assert row.attempted_at is None

        clock.advance(minutes=5)
        await service.deliver()
        await service.telegram(updates.text(2, CITIZEN, "apa syarat membuat KTP?"))
        await service.deliver()
        assert welcome_count(fake_telegram) == 1, "not sent again after the outage"
        replies = await outbox_rows(db)
        assert [row.status for row in replies] == [OutboundStatus.SENT] * len(replies)
        assert len(fake_telegram.sent()) == len(replies) > 1, "and the chat's next replies went out, once"
        await db.dispose()


class TestProcessKilledAfterASend:
    async def test_a_reply_the_citizen_answered_is_not_sent_again_and_the_chat_goes_on_within_seconds(
        self, make_service: ServiceFactory, fake_telegram: FakeTelegram, database_url: str, clock: FrozenClock
    ) -> None:
        await killed_after_telegram_took_the_reply(make_service, fake_telegram, database_url)
        [doubtful] = await outbox_rows(Database(database_url))
        assert doubtful.status == OutboundStatus.SENDING
        assert doubtful.attempted_at is not None, "the attempt was recorded before the send"

        restarted = await make_service(telegram=telegram_settings(fake_telegram))
        clock.advance(seconds=2)
        await restarted.telegram(updates.text(2, CITIZEN, "apa syarat membuat KTP?"))
        clock.advance(TAKEN_OVER_AFTER)
        await restarted.deliver()
        clock.advance(seconds=SETTINGS.settle_seconds)
        await restarted.deliver()

        first, *later = await outbox_rows(restarted.db)
        assert welcome_count(fake_telegram) == 1, "the welcome the citizen already answered is not resent"
        assert first.status == OutboundStatus.SENT
        assert first.last_error == PRESUMED
        assert later, "the citizen's second message was answered"
        assert [row.status for row in later] == [OutboundStatus.SENT] * len(later), "no 120 s wait behind it"
        assert len(fake_telegram.sent()) == 1 + len(later)

    async def test_an_unanswered_reply_is_sent_again_within_seconds_of_the_crash(
        self, make_service: ServiceFactory, fake_telegram: FakeTelegram, database_url: str, clock: FrozenClock
    ) -> None:
        await killed_after_telegram_took_the_reply(make_service, fake_telegram, database_url)
        restarted = await make_service(telegram=telegram_settings(fake_telegram))
        clock.advance(seconds=SETTINGS.lease_seconds - 1)
        assert await restarted.deliver() == 0, "still leased to the dead process"
        clock.advance(seconds=1)
        await restarted.deliver()
        assert welcome_count(fake_telegram) == 1, "in doubt: left to settle first"
        clock.advance(seconds=SETTINGS.settle_seconds)
        await restarted.deliver()
        [row] = await outbox_rows(restarted.db)
        assert row.status == OutboundStatus.SENT
        assert welcome_count(fake_telegram) == 2, "Telegram cannot be asked: sent again, at least once"


class TestSlowSend:
    async def test_a_send_in_progress_keeps_its_lease_and_no_other_process_takes_it(
        self, make_service: ServiceFactory, fake_telegram: FakeTelegram, database_url: str, clock: FrozenClock
    ) -> None:
        first = await make_service(telegram=telegram_settings(fake_telegram), database=Database(database_url))
        second = await make_service(
            telegram=telegram_settings(fake_telegram), database=Database(database_url)
        )
        await first.telegram(updates.text(1, CITIZEN, "halo"))
        await first.drain()
        taken, release = asyncio.Event(), asyncio.Event()

        async def slow(_: dict[str, Any]) -> None:
            taken.set()
            await release.wait()

        fake_telegram.before_answer["sendMessage"] = slow
        outbox = first.runtime.channels.outbox
        assert outbox is not None
        sending = asyncio.create_task(outbox.run_once())
        await taken.wait()
        for _ in range(3):
            clock.advance(seconds=SETTINGS.lease_seconds * 0.75)
            assert await outbox.renew_leases() == 1
            assert await second.deliver() == 0, "the lease is renewed while the send is in progress"
        release.set()
        await sending
        [row] = await outbox_rows(first.db)
        assert row.status == OutboundStatus.SENT
        assert welcome_count(fake_telegram) == 1
        for service in (first, second):
            await service.db.dispose()
