"""WhatsApp replies whose sending was never recorded (the process died once Meta took them) are
settled by Meta's status webhooks, which echo the reference each message was sent with."""

from __future__ import annotations

from datetime import timedelta

from core.clock import FrozenClock
from core.db import Database
from messaging import OutboundMessage, OutboundStatus
from messaging.outbox import OutboxSettings
from tests.channels.conftest import Service, ServiceFactory, rows, whatsapp_settings
from tests.channels.fake_graph import FakeGraph, contact, sign, status_body, text_message, webhook_body
from tests.channels.faults import Crash

WA_ID = "6281298765432"
BSUID = "ID.9876543210987"
SETTINGS = OutboxSettings()


async def killed_after_meta_took_the_reply(
    make_service: ServiceFactory, graph: FakeGraph, database_url: str
) -> None:
    doomed = await make_service(whatsapp=whatsapp_settings(), graph=graph, database=Database(database_url))
    body = webhook_body(text_message("wamid.IN1", WA_ID, BSUID, "halo"), contacts=[contact(WA_ID, BSUID)])
    assert (await doomed.whatsapp(body, sign(body))).status_code == 200
    await doomed.drain()
    crash = Crash()
    graph.before_answer = crash.kill
    outbox = doomed.runtime.channels.outbox
    assert outbox is not None
    await crash.run(outbox.run_once())
    assert crash.killed
    graph.before_answer = None
    await doomed.runtime.channels.close()
    await doomed.db.dispose()


async def reply_row(service: Service) -> OutboundMessage:
    [row] = await rows(service.db, OutboundMessage)
    assert isinstance(row, OutboundMessage)
    return row


class TestStatusWebhooks:
    async def test_every_reply_carries_its_outbox_reference(
        self, make_service: ServiceFactory, fake_graph: FakeGraph
    ) -> None:
        service = await make_service(whatsapp=whatsapp_settings(), graph=fake_graph)
        body = webhook_body(text_message("wamid.IN1", WA_ID, BSUID, "halo"), contacts=[contact(WA_ID, BSUID)])
        await service.whatsapp(body, sign(body))
        await service.deliver()
        row = await reply_row(service)
        assert fake_graph.messages[-1]["biz_opaque_callback_data"] == f"tanggap-outbound:{row.id}"

    async def test_a_reply_meta_reports_sent_is_recorded_sent_and_never_sent_again(
        self, make_service: ServiceFactory, fake_graph: FakeGraph, database_url: str, clock: FrozenClock
    ) -> None:
        await killed_after_meta_took_the_reply(make_service, fake_graph, database_url)
        restarted = await make_service(whatsapp=whatsapp_settings(), graph=fake_graph)
        doubtful = await reply_row(restarted)
        assert doubtful.status == OutboundStatus.SENDING
        assert doubtful.attempted_at is not None
        tracker = fake_graph.messages[-1]["biz_opaque_callback_data"]
        report = status_body("wamid.OUT1", "sent", WA_ID, BSUID, tracker=tracker)
        assert (await restarted.whatsapp(report, sign(report))).status_code == 200
        await restarted.drain()
        settled = await reply_row(restarted)
        assert settled.status == OutboundStatus.SENT
        assert settled.external_id == "wamid.OUT1"

        clock.advance(seconds=SETTINGS.lease_seconds + SETTINGS.confirm_wait_seconds)
        await restarted.deliver()
        assert len(fake_graph.messages) == 1, "one delivery at Meta"

    async def test_without_a_report_the_reply_is_sent_again_only_after_the_wait_for_one(
        self, make_service: ServiceFactory, fake_graph: FakeGraph, database_url: str, clock: FrozenClock
    ) -> None:
        await killed_after_meta_took_the_reply(make_service, fake_graph, database_url)
        restarted = await make_service(whatsapp=whatsapp_settings(), graph=fake_graph)
        attempted_at = (await reply_row(restarted)).attempted_at
        assert attempted_at is not None
        clock.advance(seconds=SETTINGS.lease_seconds + SETTINGS.settle_seconds)
        await restarted.deliver()
        clock.advance(seconds=SETTINGS.settle_seconds)
        await restarted.deliver()
        assert len(fake_graph.messages) == 1, "waiting for Meta's report"
        clock.set(attempted_at + timedelta(seconds=SETTINGS.confirm_wait_seconds))
        await restarted.deliver()
        row = await reply_row(restarted)
        assert row.status == OutboundStatus.SENT
        assert len(fake_graph.messages) == 2, "no report came: sent again"

    async def test_a_failed_report_for_a_reply_never_recorded_marks_it_failed(
        self, make_service: ServiceFactory, fake_graph: FakeGraph, database_url: str
    ) -> None:
        await killed_after_meta_took_the_reply(make_service, fake_graph, database_url)
        restarted = await make_service(whatsapp=whatsapp_settings(), graph=fake_graph)
        tracker = fake_graph.messages[-1]["biz_opaque_callback_data"]
        error = {"code": 131026, "title": "Message undeliverable", "message": "Message undeliverable"}
        report = status_body("wamid.OUT1", "failed", WA_ID, BSUID, tracker=tracker, errors=[error])
        await restarted.whatsapp(report, sign(report))
        await restarted.drain()
        row = await reply_row(restarted)
        assert row.status == OutboundStatus.FAILED
        assert "131026" in (row.last_error or "")
        assert row.external_id == "wamid.OUT1"
