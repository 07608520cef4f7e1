"""A process killed while messages it stored still wait: the next process (or a live one) takes them
over within seconds of its handling lease lapsing, instead of after a fixed 30 s grace, and the
start-up scan goes through every page of what waits, not one page a minute."""

from __future__ import annotations

import asyncio
from datetime import timedelta
from typing import Any

import pytest

from bot.engine import ConversationEngine
from bot.handling import recover
from core.clock import FrozenClock
from core.db import Database
from messaging import InboundMessage, InboundStatus, OutboundMessage, OutboundStatus, leases
from messaging import service as messaging
from messaging.handoff import HandoffSettings
from tanggap.channels import RECOVERY_GRACE
from tests.channels import updates
from tests.channels.conftest import Service, ServiceFactory, count, rows, telegram_settings
from tests.channels.fake_telegram import FakeTelegram

CITIZEN = 6161


async def start_up_pass(service: Service, *, grace: timedelta | None = RECOVERY_GRACE) -> int:
    """The recovery pass as `tanggap serve` runs it (`grace=None`: its pass every 2 s)."""
    channels = service.runtime.channels
    replayed = await recover(service.db, channels.intakes(), grace=grace, me=channels.holder)
    await service.drain()
    return replayed


async def killed_while_handling(
    make_service: ServiceFactory,
    fake_telegram: FakeTelegram,
    database_url: str,
    engine: ConversationEngine,
    monkeypatch: pytest.MonkeyPatch,
) -> Service:
    """A process that took its lease, stored two updates and died handling the first (no release)."""
    doomed = await make_service(
        telegram=telegram_settings(fake_telegram),
        database=Database(database_url),
        handoff=HandoffSettings(stop_seconds=0),
    )
    assert await doomed.runtime.channels.renew_lease(doomed.db)
    stuck = asyncio.Event()

    async def hang(*_: Any, **__: Any) -> Any:
        stuck.set()
        await asyncio.Event().wait()

    with monkeypatch.context() as patch:
        patch.setattr(engine, "handle", hang)
        await doomed.telegram(updates.text(1, CITIZEN, "halo"))
        await doomed.telegram(updates.text(2, CITIZEN, "Apa syarat membuat KTP-el?"))
        await stuck.wait()
        await doomed.runtime.channels.close()
    await doomed.db.dispose()
    return doomed


class TestTakingOverADeadProcess:
    async def test_what_it_stored_just_before_dying_is_answered_seconds_after_its_lease_lapses(
        self,
        make_service: ServiceFactory,
        fake_telegram: FakeTelegram,
        database_url: str,
        engine: ConversationEngine,
        monkeypatch: pytest.MonkeyPatch,
        clock: FrozenClock,
    ) -> None:
        doomed = await killed_while_handling(make_service, fake_telegram, database_url, engine, monkeypatch)
        waiting = await rows(doomed.db, InboundMessage)
        assert {row.holder for row in waiting} == {doomed.runtime.channels.holder}
        assert {row.status for row in waiting} == {InboundStatus.RECEIVED}
        died_at = clock.now()

        restarted = await make_service(telegram=telegram_settings(fake_telegram))
        assert await restarted.runtime.channels.renew_lease(restarted.db)
        assert await start_up_pass(restarted) == 0, "its lease may still be renewed: not yet"
        clock.advance(seconds=leases.LEASE.total_seconds() + 0.1)
        assert await start_up_pass(restarted, grace=None) == 2, "lapsed: taken over, oldest first"
        await restarted.deliver()
        assert clock.now() - died_at < timedelta(seconds=10), "seconds, not the 30 s grace"
        assert (
            await count(restarted.db, InboundMessage, InboundMessage.status == InboundStatus.PROCESSED) == 2
        )
        replies = await rows(restarted.db, OutboundMessage)
        assert {reply.inbound_id for reply in replies} == {row.id for row in waiting}, "both answered"
        assert {reply.status for reply in replies} == {OutboundStatus.SENT}
        assert len(fake_telegram.sent_texts()) == len(replies), "once each"

    async def test_a_live_process_keeps_what_it_holds_and_a_clean_shutdown_hands_it_over_at_once(
        self, make_service: ServiceFactory, fake_telegram: FakeTelegram, database_url: str, clock: FrozenClock
    ) -> None:
        alive = await make_service(telegram=telegram_settings(fake_telegram), database=Database(database_url))
        other = await make_service(telegram=telegram_settings(fake_telegram))
        for service in (alive, other):
            assert await service.runtime.channels.renew_lease(service.db)
        [handoff] = alive.runtime.channels.handoffs()
        handoff.elsewhere = True  # not handed to its workers: as if queued behind others, `received`
        await alive.telegram(updates.text(1, CITIZEN, "halo"))
        handoff.elsewhere = False
        clock.advance(seconds=leases.LEASE.total_seconds() / 2)
        assert await alive.runtime.channels.renew_lease(alive.db)
        clock.advance(seconds=leases.LEASE.total_seconds() * 0.9)
        assert await start_up_pass(other, grace=None) == 0, "renewed (past its first expiry): still its own"
        async with alive.db.session() as session:
            await leases.release(session, holder=alive.runtime.channels.holder)
        assert await start_up_pass(other, grace=None) == 1, "released: taken at once"
        await alive.db.dispose()


class TestStartUpScan:
    async def test_every_page_of_what_waits_is_taken_in_one_pass(
        self, make_service: ServiceFactory, fake_telegram: FakeTelegram
    ) -> None:
        service = await make_service(telegram=telegram_settings(fake_telegram))
        async with service.db.session() as session:
            for n in range(1, 26):
                update = updates.text(n, 7000 + n, "halo")
                await messaging.store_inbound(
                    session,
                    channel="telegram",
                    dedupe_key=f"tg:7000001:{n}",
                    sender_id=str(7000 + n),
                    payload={"update": update},
                )
        channels = service.runtime.channels
        replayed = await recover(service.db, channels.intakes(), grace=timedelta(0), page=10)
        await service.deliver()
        assert replayed == 25
        assert await count(service.db, InboundMessage, InboundMessage.status == InboundStatus.PROCESSED) == 25
        assert len(fake_telegram.sent_texts()) == 25
