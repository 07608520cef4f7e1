"""Webhook shapes pywa 4 cannot build an update from (it raises KeyError and calls no handler): a
message whose contact has no `user_id`, a message without `contacts`, a `failed` status without
`contacts`. The citizen is answered when the body names someone to answer; otherwise the row is
parked and listed by `tanggap inbox failed`, never silently ignored."""

from __future__ import annotations

import json
from typing import Any

from messaging import InboundMessage, InboundStatus, OutboundMessage, OutboundStatus
from messaging import service as messaging
from tests.channels.conftest import Service, ServiceFactory, rows, whatsapp_settings
from tests.channels.fake_graph import FakeGraph, contact, sign, status_body, text_message, webhook_body

WA_ID = "6281377778888"
BSUID = "ID.5555666677778"


async def post(service: Service, body: bytes) -> None:
    assert (await service.whatsapp(body, sign(body))).status_code == 200
    await service.deliver()


async def inbound(service: Service, key: str) -> InboundMessage:
    [row] = await rows(service.db, InboundMessage, InboundMessage.dedupe_key == key)
    assert isinstance(row, InboundMessage)
    return row


def without(data: dict[str, Any], *keys: str) -> dict[str, Any]:
    return {k: v for k, v in data.items() if k not in keys}


class TestMessagesPywaCannotRead:
    async def test_a_contact_without_user_id_is_answered_at_its_phone_number(
        self, make_service: ServiceFactory, fake_graph: FakeGraph
    ) -> None:
        service = await make_service(whatsapp=whatsapp_settings(), graph=fake_graph)
        message = without(text_message("wamid.S1", WA_ID, BSUID, "halo"), "from_user_id")
        await post(service, webhook_body(message, contacts=[without(contact(WA_ID, BSUID), "user_id")]))
        assert (await inbound(service, "wa:wamid.S1")).status == InboundStatus.PROCESSED
        assert [sent["to"] for sent in fake_graph.messages] == [WA_ID], "the menu, at the phone number"

    async def test_a_message_without_contacts_is_answered_from_its_own_sender_fields(
        self, make_service: ServiceFactory, fake_graph: FakeGraph
    ) -> None:
        service = await make_service(whatsapp=whatsapp_settings(), graph=fake_graph)
        await post(service, webhook_body(text_message("wamid.S2", WA_ID, BSUID, "halo"), contacts=[]))
        assert (await inbound(service, "wa:wamid.S2")).status == InboundStatus.PROCESSED
        assert [sent["recipient"] for sent in fake_graph.messages] == [BSUID]

    async def test_a_message_naming_no_sender_is_parked_and_listed_for_officers(
        self, make_service: ServiceFactory, fake_graph: FakeGraph
    ) -> None:
        service = await make_service(whatsapp=whatsapp_settings(), graph=fake_graph)
        message = without(text_message("wamid.S3", WA_ID, BSUID, "halo"), "from", "from_user_id")
        await post(service, webhook_body(message, contacts=[]))
        row = await inbound(service, "wa:wamid.S3")
        assert row.status == InboundStatus.PARKED
        assert "no sender" in (row.last_error or "")
        async with service.db.session() as session:
            assert [r.id for r in await messaging.unresolved_inbound(session)] == [row.id]
        assert fake_graph.messages == []


class TestStatusesPywaCannotRead:
    async def test_a_failed_status_without_contacts_marks_the_reply_failed(
        self, make_service: ServiceFactory, fake_graph: FakeGraph
    ) -> None:
        service = await make_service(whatsapp=whatsapp_settings(), graph=fake_graph)
        body = webhook_body(text_message("wamid.S4", WA_ID, BSUID, "halo"), contacts=[contact(WA_ID, BSUID)])
        await post(service, body)
        [reply] = await rows(service.db, OutboundMessage)
        assert (reply.status, reply.external_id) == (OutboundStatus.SENT, "wamid.OUT1")
        error = {"code": 131026, "title": "Message undeliverable", "message": "Message undeliverable"}
        report = json.loads(status_body("wamid.OUT1", "failed", WA_ID, BSUID, errors=[error]))
        del report["entry"][0]["changes"][0]["value"]["contacts"]
        await post(service, json.dumps(report).encode())
        [reply] = await rows(service.db, OutboundMessage)
        assert reply.status == OutboundStatus.FAILED, "Meta's report of the failure was read"
        assert "131026" in (reply.last_error or "")
        status_row = await inbound(service, "wa:status:wamid.OUT1:failed")
        assert "delivery status failed" in (status_row.last_error or "")
