"""WhatsApp end to end with pywa against a fake Graph API: the webhook challenge, signatures, replies
mapped from the engine's choices, and the 24-hour customer-service window."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from core.clock import FrozenClock
from core.messenger import OutgoingMessage
from messaging import InboundMessage, InboundStatus, OutboundMessage, OutboundStatus
from messaging import service as messaging
from tests import images
from tests.channels.conftest import Service, ServiceFactory, count, rows, whatsapp_settings
from tests.channels.fake_graph import (
    FakeGraph,
    button_reply,
    contact,
    sign,
    status_body,
    text_message,
    webhook_body,
)
from tickets import Citizen, Ticket, TicketEvent

WA_ID = "6281234567890"
BSUID = "ID.1234567890123"


async def say(service: Service, message: dict[str, Any]) -> int:
    body = webhook_body(message, contacts=[contact(WA_ID, BSUID)])
    return (await service.whatsapp(body, sign(body))).status_code


def interactive(sent: dict[str, Any]) -> dict[str, Any]:
    assert sent["type"] == "interactive", sent
    return dict(sent["interactive"])


class TestWebhook:
    async def test_the_verify_token_challenge_is_answered_only_with_the_right_token(
        self, make_service: ServiceFactory, fake_graph: FakeGraph
    ) -> None:
        service = await make_service(whatsapp=whatsapp_settings(), graph=fake_graph)
        params = {
            "hub.mode": "subscribe",
            "hub.challenge": "1158201444",
            "hub.verify_token": "verify-me-please",
        }
        good = await service.http.get("/whatsapp/webhook", params=params)
        assert (good.status_code, good.text) == (200, "1158201444")
        bad = await service.http.get("/whatsapp/webhook", params={**params, "hub.verify_token": "salah"})
        assert bad.status_code == 403
        for wrong in ("verify-me-pleasé", "", "verify-me-please "):
            answer = await service.http.get("/whatsapp/webhook", params={**params, "hub.verify_token": wrong})
            assert (answer.status_code, answer.text) == (403, "Forbidden")
        unasked = await service.http.get("/whatsapp/webhook", params={"hub.challenge": "1158201444"})
        assert unasked.status_code == 403

    async def test_a_missing_or_bad_signature_is_refused_and_nothing_is_stored(
        self, make_service: ServiceFactory, fake_graph: FakeGraph
    ) -> None:
        service = await make_service(whatsapp=whatsapp_settings(), graph=fake_graph)
        body = webhook_body(text_message("wamid.A1", WA_ID, BSUID, "halo"), contacts=[contact(WA_ID, BSUID)])
        assert (await service.whatsapp(body, None)).status_code == 401
        assert (await service.whatsapp(body, sign(body, "not-the-secret"))).status_code == 403
        assert (await service.whatsapp(body + b" ", sign(body))).status_code == 403
        non_ascii = {
            b"X-Hub-Signature-256": "sha256=é".encode("latin-1"),
            b"Content-Type": b"application/json",
        }
        answer = await service.http.post("/whatsapp/webhook", content=body, headers=non_ascii)
        assert answer.status_code == 403  # not a 500 with the app secret in its traceback
        assert await count(service.db, InboundMessage) == 0

    async def test_malformed_json_with_a_valid_signature_is_parked_and_answered_200(
        self, make_service: ServiceFactory, fake_graph: FakeGraph
    ) -> None:
        service = await make_service(whatsapp=whatsapp_settings(), graph=fake_graph)
        body = b'{"object": "whatsapp_business_account", "entry": ['
        assert (await service.whatsapp(body, sign(body))).status_code == 200
        [row] = await rows(service.db, InboundMessage)
        assert row.status == InboundStatus.PARKED
        assert (row.last_error or "").startswith("malformed JSON")


class TestConversation:
    async def test_a_citizen_files_a_complaint_with_lists_and_buttons(
        self, make_service: ServiceFactory, fake_graph: FakeGraph
    ) -> None:
        service = await make_service(whatsapp=whatsapp_settings(), graph=fake_graph)
        assert await say(service, text_message("wamid.1", WA_ID, BSUID, "halo")) == 200
        await service.deliver()
        menu = interactive(fake_graph.messages[-1])
        assert menu["type"] == "list", "four menu choices do not fit in three reply buttons"
        rows_ = menu["action"]["sections"][0]["rows"]
        assert [row["id"] for row in rows_] == ["menu:ask", "menu:complaint", "menu:status", "menu:officer"]
        assert fake_graph.messages[-1]["recipient"] == BSUID, "citizens are keyed on the BSUID"

        steps = [
            button_reply("wamid.2", WA_ID, BSUID, "menu:complaint", "Sampaikan aduan"),
            button_reply("wamid.3", WA_ID, BSUID, "cat:air-minum", "Air minum"),
            text_message("wamid.4", WA_ID, BSUID, "Air PDAM tidak mengalir sejak kemarin di Jalan Kenanga."),
            button_reply("wamid.5", WA_ID, BSUID, "skip", "Lewati"),
        ]
        for step in steps:
            await say(service, step)
        await service.deliver()
        confirm = interactive(fake_graph.messages[-1])
        assert confirm["type"] == "list", "five choices do not fit in three reply buttons"
        assert [row["id"] for row in confirm["action"]["sections"][0]["rows"]] == [
            "confirm:yes",
            "edit:location",
            "edit:category",
            "edit:description",
            "cancel",
        ]

        await say(service, button_reply("wamid.6", WA_ID, BSUID, "confirm:yes", "Ya, kirim aduan"))
        await service.deliver()
        assert "ADU-2026-000001" in fake_graph.messages[-1]["interactive"]["body"]["text"]
        [citizen] = await rows(service.db, Citizen)
        assert citizen.external_id == BSUID
        assert citizen.display_name == "Warga"

    async def test_a_message_delivered_three_times_is_handled_once(
        self, make_service: ServiceFactory, fake_graph: FakeGraph
    ) -> None:
        service = await make_service(whatsapp=whatsapp_settings(), graph=fake_graph)
        for _ in range(3):
            assert await say(service, text_message("wamid.same", WA_ID, BSUID, "halo")) == 200
        await service.deliver()
        assert await count(service.db, InboundMessage) == 1
        assert len(fake_graph.messages) == 1

    async def test_a_photo_is_downloaded_through_the_graph_api(
        self, make_service: ServiceFactory, fake_graph: FakeGraph
    ) -> None:
        service = await make_service(whatsapp=whatsapp_settings(), graph=fake_graph)
        fake_graph.media["media-1"] = images.jpeg()
        await say(service, button_reply("wamid.1", WA_ID, BSUID, "menu:complaint", "Sampaikan aduan"))
        await say(service, button_reply("wamid.2", WA_ID, BSUID, "cat:jalan-drainase", "Jalan"))
        photo = text_message("wamid.3", WA_ID, BSUID, "")
        del photo["text"]
        photo |= {"type": "image", "image": {"id": "media-1", "mime_type": "image/jpeg", "sha256": "x"}}
        await say(service, photo)
        await service.deliver()
        assert "1 foto" in fake_graph.messages[-1]["interactive"]["body"]["text"], "with the step's buttons"


class TestCustomerServiceWindow:
    async def officer_reply_a_day_later(
        self, service: Service, fake_graph: FakeGraph, clock: FrozenClock
    ) -> OutboundMessage:
        await say(service, button_reply("wamid.1", WA_ID, BSUID, "menu:officer", "Bicara dengan petugas"))
        await say(service, text_message("wamid.2", WA_ID, BSUID, "Saya ingin konsultasi soal izin usaha."))
        await service.deliver()
        [ticket] = await rows(service.db, Ticket)
        [citizen] = await rows(service.db, Citizen)
        clock.advance(hours=25)
        async with service.db.session() as session:
            await messaging.queue_reply(
                session,
                channel="whatsapp",
                target=BSUID,
                message=OutgoingMessage(text="Yth. Bapak/Ibu,\nizin dapat diurus."),
                citizen_id=citizen.id,
                ticket_id=ticket.id,
            )
        await service.deliver()
        owed = await rows(service.db, OutboundMessage, OutboundMessage.ticket_id == ticket.id)
        return max(owed, key=lambda row: row.id)  # type: ignore[no-any-return]

    async def test_a_reply_owed_outside_the_window_goes_out_as_the_approved_template(
        self, make_service: ServiceFactory, fake_graph: FakeGraph, clock: FrozenClock
    ) -> None:
        settings = whatsapp_settings(template_name="tanggap_balasan_petugas")
        service = await make_service(whatsapp=settings, graph=fake_graph)
        late = await self.officer_reply_a_day_later(service, fake_graph, clock)
        sent = fake_graph.messages[-1]
        assert sent["type"] == "template"
        assert sent["template"]["name"] == "tanggap_balasan_petugas"
        assert sent["template"]["language"]["code"] == "id"
        [component] = sent["template"]["components"]
        assert component["parameters"][0]["text"] == "Yth. Bapak/Ibu, izin dapat diurus."
        assert late.status == OutboundStatus.SENT
        assert late.template_name == "tanggap_balasan_petugas"

    async def test_without_a_template_the_late_reply_fails_visibly_on_the_ticket(
        self, make_service: ServiceFactory, fake_graph: FakeGraph, clock: FrozenClock
    ) -> None:
        service = await make_service(whatsapp=whatsapp_settings(), graph=fake_graph)
        sent_before = len(fake_graph.messages)
        late = await self.officer_reply_a_day_later(service, fake_graph, clock)
        assert len(fake_graph.messages) == sent_before + 2, "the late reply never reached the API"
        assert late.status == OutboundStatus.FAILED
        assert "24-hour customer-service window" in (late.last_error or "")
        [event] = await rows(service.db, TicketEvent, TicketEvent.kind == "delivery_failed")
        assert event.data["outbound_id"] == late.id

    async def test_inside_the_window_replies_are_free_form(
        self, make_service: ServiceFactory, fake_graph: FakeGraph, clock: FrozenClock
    ) -> None:
        service = await make_service(whatsapp=whatsapp_settings(template_name="t"), graph=fake_graph)
        await say(service, text_message("wamid.1", WA_ID, BSUID, "halo"))
        clock.advance(hours=23)
        await service.deliver()
        assert fake_graph.messages[-1]["type"] == "interactive"


class TestSendingErrors:
    async def test_a_throughput_error_is_retried_after_the_number_was_held(
        self, make_service: ServiceFactory, fake_graph: FakeGraph, clock: FrozenClock
    ) -> None:
        service = await make_service(whatsapp=whatsapp_settings(), graph=fake_graph)
        fake_graph.fail_next(130429, message="Rate limit hit")
        await say(service, text_message("wamid.1", WA_ID, BSUID, "halo"))
        await service.deliver()
        [row] = await rows(service.db, OutboundMessage)
        assert row.status == OutboundStatus.PENDING
        assert "130429" in (row.last_error or "")
        assert row.next_attempt_at is not None
        assert row.next_attempt_at - clock.now() >= timedelta(seconds=5)
        clock.set(row.next_attempt_at)
        await service.deliver()
        [row] = await rows(service.db, OutboundMessage)
        assert row.status == OutboundStatus.SENT

    async def test_a_failed_delivery_status_marks_the_reply_failed(
        self, make_service: ServiceFactory, fake_graph: FakeGraph
    ) -> None:
        service = await make_service(whatsapp=whatsapp_settings(), graph=fake_graph)
        await say(service, text_message("wamid.1", WA_ID, BSUID, "halo"))
        await service.deliver()
        [row] = await rows(service.db, OutboundMessage)
        error = {"code": 131026, "title": "Message undeliverable", "message": "Message undeliverable"}
        body = status_body(row.external_id or "", "failed", WA_ID, BSUID, errors=[error])
        assert (await service.whatsapp(body, sign(body))).status_code == 200
        await service.drain()
        [row] = await rows(service.db, OutboundMessage)
        assert row.status == OutboundStatus.FAILED
        assert "131026" in (row.last_error or "")


class TestUpdatesNobodyServes:
    async def test_reactions_and_other_numbers_are_kept_as_ignored(
        self, make_service: ServiceFactory, fake_graph: FakeGraph
    ) -> None:
        service = await make_service(whatsapp=whatsapp_settings(), graph=fake_graph)
        reaction = text_message("wamid.R", WA_ID, BSUID, "")
        del reaction["text"]
        reaction |= {"type": "reaction", "reaction": {"message_id": "wamid.OUT1", "emoji": "👍"}}
        assert await say(service, reaction) == 200
        other = webhook_body(text_message("wamid.X", WA_ID, BSUID, "halo"), contacts=[contact(WA_ID, BSUID)])
        other = other.replace(b'"phone_number_id": "109876543210"', b'"phone_number_id": "1"')
        assert (await service.whatsapp(other, sign(other))).status_code == 200
        await service.deliver()
        assert fake_graph.messages == []
        stored = {row.dedupe_key: row for row in await rows(service.db, InboundMessage)}
        assert stored["wa:wamid.R"].status == InboundStatus.IGNORED
        assert stored["wa:wamid.X"].status == InboundStatus.IGNORED
        assert "another phone number" in (stored["wa:wamid.X"].last_error or "")
