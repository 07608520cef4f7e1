"""Officers acting from their unit's Telegram group, end to end against the fake Bot API server: the
notification carries Ambil / Balas / Selesai / Teruskan, presses and replies come back through the
webhook, and what the citizen is told goes out through the outbox to their own chat."""

# ruff: noqa: F811 (the channel tests' fixtures are imported, then requested by name)

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy import select
from sqlmodel import col

from core.clock import FrozenClock
from core.db import Database
from escalation import EscalationListener, StaffAction, StaffPress, build_listener, desk, parse_callback
from escalation.models import TicketEscalation
from escalation.staff.models import StaffAudit
from faq import KnowledgeBase
from messaging import InboundMessage, InboundStatus, OutboundMessage
from messaging.models import OutboundStatus
from sla import SlaConfig
from tests.channels.conftest import (  # noqa: F401 (fixtures: engine, fake_telegram, make_service)
    Service,
    ServiceFactory,
    engine,
    fake_telegram,
    make_service,
    rows,
    telegram_settings,
)
from tests.channels.fake_telegram import BOT_ID, FakeTelegram
from tests.channels.updates import DATE, user
from tests.escalation.conftest import PUPR_GROUP, SUPERVISOR_CHAT, level_of, load, open_ticket
from tickets import Citizen, TicketEvent, TicketStatus

OFFICER = 700000051  # petugas-pupr
OUTSIDER = 555000111  # in the group, but not registered for PUPR
OTHER_OFFICER = 700000061  # petugas-dishub: an officer, of another unit


@pytest.fixture
async def listener(
    db: Database, kb: KnowledgeBase, sla_config: SlaConfig, clock: FrozenClock
) -> EscalationListener:
    """The sample agency's escalation, without email (the test service sends Telegram only)."""
    return await build_listener(db, kb=kb, sla=sla_config)


class Group:
    """The PUPR unit group as Telegram would send its updates to the webhook. Each update is handled
    and what it queued is sent before `press` / `reply` return."""

    def __init__(self, service: Service, fake: FakeTelegram) -> None:
        self.service = service
        self.fake = fake
        self.update_id = 100

    def notification(self, ticket_code: str) -> dict[str, Any]:
        """The last message the bot sent to the group about the ticket."""
        sent = [
            params
            for params in self.fake.sent()
            if params["chat_id"] == PUPR_GROUP and ticket_code in params["text"]
        ]
        assert sent, f"nothing about {ticket_code} was sent to the group"
        return sent[-1]

    def message_id_of(self, params: dict[str, Any]) -> int:
        index = [call.params for call in self.fake.calls if call.method == "sendMessage"].index(params)
        return 5001 + index

    async def press(self, user_id: int, data: str, *, message: dict[str, Any]) -> None:
        self.update_id += 1
        query = {
            "id": f"cb{self.update_id}",
            "from": user(user_id, "Andi"),
            "chat_instance": "ci-group",
            "data": data,
            "message": self._bot_message(message),
        }
        response = await self.service.telegram({"update_id": self.update_id, "callback_query": query})
        assert response.status_code == 200
        await self.service.deliver()  # handled (the webhook may answer first), then the outbox sent

    async def reply(self, user_id: int, text: str, *, to: dict[str, Any], quote_text: bool = True) -> None:
        self.update_id += 1
        replied = self._bot_message(to)
        if not quote_text:
            replied.pop("text")
        message = {
            "message_id": 9000 + self.update_id,
            "from": user(user_id, "Andi"),
            "chat": _group_chat(),
            "date": DATE,
            "reply_to_message": replied,
            "text": text,
        }
        response = await self.service.telegram({"update_id": self.update_id, "message": message})
        assert response.status_code == 200
        await self.service.deliver()

    def _bot_message(self, params: dict[str, Any]) -> dict[str, Any]:
        return {
            "message_id": self.message_id_of(params),
            "from": {"id": BOT_ID, "is_bot": True, "first_name": "Tanggap"},
            "chat": _group_chat(),
            "date": DATE,
            "text": params["text"],
            **({"reply_markup": params["reply_markup"]} if "reply_markup" in params else {}),
        }


def _group_chat() -> dict[str, Any]:
    return {"id": int(PUPR_GROUP), "type": "supergroup", "title": "Petugas PUPR"}


async def started(
    make_service: ServiceFactory, fake: FakeTelegram, db: Database, listener: EscalationListener
) -> tuple[Service, Group, int, str]:
    service = await make_service(telegram=telegram_settings(fake))
    ticket_id = await open_ticket(db, listener)
    ticket = await load(db, ticket_id)
    await service.deliver()
    return service, Group(service, fake), ticket_id, ticket.code


async def citizen_chat(db: Database, ticket_id: int) -> str:
    ticket = await load(db, ticket_id)
    async with db.session() as session:
        citizen = await session.get(Citizen, ticket.citizen_id)
        assert citizen is not None
        return citizen.external_id


async def history(db: Database, ticket_id: int) -> list[tuple[str, str]]:
    async with db.session() as session:
        statement = (
            select(TicketEvent).where(col(TicketEvent.ticket_id) == ticket_id).order_by(col(TicketEvent.id))
        )
        return [(event.kind, event.actor) for event in (await session.execute(statement)).scalars()]


def callbacks(params: dict[str, Any]) -> list[str]:
    return [button["callback_data"] for row in params["reply_markup"]["inline_keyboard"] for button in row]


def answers(fake: FakeTelegram) -> list[dict[str, Any]]:
    return fake.sent("answerCallbackQuery")


class TestButtonsOnTheNotification:
    async def test_the_new_ticket_notice_in_the_group_has_the_four_buttons(
        self,
        make_service: ServiceFactory,
        fake_telegram: FakeTelegram,
        db: Database,
        listener: EscalationListener,
    ) -> None:
        _, group, ticket_id, code = await started(make_service, fake_telegram, db, listener)
        notice = group.notification(code)
        assert callbacks(notice) == [
            f"st:claim:{ticket_id}",
            f"st:reply:{ticket_id}",
            f"st:done:{ticket_id}",
            f"st:fwd:{ticket_id}",
        ]
        labels = [row[0]["text"] for row in notice["reply_markup"]["inline_keyboard"]]
        assert labels == ["Ambil", "Balas", "Selesai", "Teruskan"]
        assert all(len(data.encode()) <= 64 for data in callbacks(notice))


class TestClaimAndReply:
    async def test_an_officer_claims_and_replies_and_the_citizen_receives_the_reply(
        self,
        make_service: ServiceFactory,
        fake_telegram: FakeTelegram,
        db: Database,
        listener: EscalationListener,
    ) -> None:
        service, group, ticket_id, code = await started(make_service, fake_telegram, db, listener)
        notice = group.notification(code)

        await group.press(OFFICER, f"st:claim:{ticket_id}", message=notice)
        await service.deliver()
        async with db.session() as session:
            state = await session.get(TicketEscalation, ticket_id)
            assert state is not None
            assert state.assignee_id == "petugas-pupr"
        assert (await load(db, ticket_id)).status == TicketStatus.IN_PROGRESS
        assert "Andi Saputra" in answers(fake_telegram)[-1]["text"]
        assert f"Tiket {code} ditangani oleh Andi Saputra." in fake_telegram.sent_texts()

        await group.press(OFFICER, f"st:reply:{ticket_id}", message=notice)
        assert "balas (reply) pesan pemberitahuan" in answers(fake_telegram)[-1]["text"]

        await group.reply(OFFICER, "Tim kami akan menambal jalan tersebut hari Kamis.", to=notice)
        await service.deliver()
        chat = await citizen_chat(db, ticket_id)
        to_citizen = [params["text"] for params in fake_telegram.sent() if params["chat_id"] == chat]
        assert len(to_citizen) == 1
        assert "Tim kami akan menambal jalan tersebut hari Kamis." in to_citizen[0]
        assert to_citizen[0].startswith("Yth. Bapak/Ibu,")
        assert f"Tanggapan Andi Saputra atas tiket {code} telah diteruskan kepada pelapor." in (
            fake_telegram.sent_texts()
        )
        ticket = await load(db, ticket_id)
        assert ticket.first_responded_at is not None, "the officer's reply counts as the SLA response"
        kinds = await history(db, ticket_id)
        assert ("assigned", "officer:petugas-pupr") in kinds
        assert ("replied", "officer:petugas-pupr") in kinds
        assert all(row.status == InboundStatus.PROCESSED for row in await rows(db, InboundMessage))
        audited = [(e.action, e.actor, e.ticket_id, e.channel) for e in await rows(db, StaffAudit)]
        assert audited == [
            ("claim", "officer:petugas-pupr", ticket_id, "telegram"),
            ("reply", "officer:petugas-pupr", ticket_id, "telegram"),
        ]

    async def test_a_reply_to_a_notification_is_found_from_the_code_in_its_text(
        self,
        make_service: ServiceFactory,
        fake_telegram: FakeTelegram,
        db: Database,
        listener: EscalationListener,
    ) -> None:
        """E.g. a notification the outbox split into several messages: only the last one's id is kept."""
        service, group, ticket_id, code = await started(make_service, fake_telegram, db, listener)
        notice = dict(group.notification(code))
        async with db.session() as session:
            for row in (await session.execute(select(OutboundMessage))).scalars():
                row.external_id = None
        await group.reply(OFFICER, "Sudah kami jadwalkan perbaikannya.", to=notice)
        await service.deliver()
        assert ("replied", "officer:petugas-pupr") in await history(db, ticket_id)


class TestOutsiders:
    @pytest.mark.parametrize("who", [OUTSIDER, OTHER_OFFICER])
    async def test_someone_not_registered_for_the_unit_is_refused_and_nothing_changes(
        self,
        who: int,
        make_service: ServiceFactory,
        fake_telegram: FakeTelegram,
        db: Database,
        listener: EscalationListener,
    ) -> None:
        service, group, ticket_id, code = await started(make_service, fake_telegram, db, listener)
        notice = group.notification(code)
        before = await history(db, ticket_id)
        sent_before = len(fake_telegram.sent())

        for action in ("claim", "done", "fwd"):
            await group.press(who, f"st:{action}:{ticket_id}", message=notice)
        await group.press(who, f"st:to:{ticket_id}:dishub", message=notice)
        await service.deliver()

        refusals = answers(fake_telegram)
        assert len(refusals) == 4
        assert all(answer["text"].startswith("Mohon maaf") for answer in refusals)
        assert all(str(answer["show_alert"]).lower() == "true" for answer in refusals)
        assert await history(db, ticket_id) == before
        assert await level_of(db, ticket_id) == ("pupr", 0)
        assert (await load(db, ticket_id)).status == TicketStatus.OPEN
        assert len(fake_telegram.sent()) == sent_before, "nothing was sent to the group or the citizen"
        assert await rows(db, StaffAudit) == [], "nothing was done, nothing audited"

    async def test_an_outsiders_reply_is_refused_in_the_group_and_not_sent_to_the_citizen(
        self,
        make_service: ServiceFactory,
        fake_telegram: FakeTelegram,
        db: Database,
        listener: EscalationListener,
    ) -> None:
        service, group, ticket_id, code = await started(make_service, fake_telegram, db, listener)
        before = await history(db, ticket_id)
        await group.reply(OUTSIDER, "Saya bantu jawab ya.", to=group.notification(code))
        await service.deliver()
        chat = await citizen_chat(db, ticket_id)
        assert [params for params in fake_telegram.sent() if params["chat_id"] == chat] == []
        refusal = fake_telegram.sent()[-1]
        assert refusal["chat_id"] == PUPR_GROUP
        assert refusal["text"].startswith("Mohon maaf")
        assert refusal["reply_parameters"]["message_id"] > 9000
        assert await history(db, ticket_id) == before


class TestResolveAndForward:
    async def test_selesai_resolves_and_the_citizen_is_asked_to_rate(
        self,
        make_service: ServiceFactory,
        fake_telegram: FakeTelegram,
        db: Database,
        listener: EscalationListener,
    ) -> None:
        service, group, ticket_id, code = await started(make_service, fake_telegram, db, listener)
        await group.press(OFFICER, f"st:done:{ticket_id}", message=group.notification(code))
        await service.deliver()

        assert (await load(db, ticket_id)).status == TicketStatus.RESOLVED
        chat = await citizen_chat(db, ticket_id)
        [to_citizen] = [params for params in fake_telegram.sent() if params["chat_id"] == chat]
        assert "sudah selesai ditangani" in to_citizen["text"]
        assert callbacks(to_citizen)[:5] == [f"rate:{code}:{score}" for score in range(1, 6)]
        assert ("resolved", "officer:petugas-pupr") in await history(db, ticket_id)

        await group.press(OFFICER, f"st:claim:{ticket_id}", message=group.notification(code))
        assert "sudah tidak terbuka" in answers(fake_telegram)[-1]["text"]

    async def test_teruskan_offers_the_units_and_reroutes_to_the_one_picked(
        self,
        make_service: ServiceFactory,
        fake_telegram: FakeTelegram,
        db: Database,
        listener: EscalationListener,
    ) -> None:
        service, group, ticket_id, code = await started(make_service, fake_telegram, db, listener)
        notice = group.notification(code)
        await group.press(OFFICER, f"st:fwd:{ticket_id}", message=notice)
        await service.deliver()
        prompt = fake_telegram.sent()[-1]
        assert prompt["chat_id"] == PUPR_GROUP
        assert "bukan wewenang" in prompt["text"]
        offered = callbacks(prompt)
        assert f"st:to:{ticket_id}:dishub" in offered
        assert f"st:to:{ticket_id}:pupr" not in offered
        assert offered[-1] == f"st:to:{ticket_id}:-", "back to triage"
        assert prompt["reply_parameters"]["message_id"] == group.message_id_of(notice)

        await group.press(OFFICER, f"st:to:{ticket_id}:dishub", message=prompt)
        await service.deliver()
        assert await level_of(db, ticket_id) == ("dishub", 0)
        assert ("rerouted", "officer:petugas-pupr") in await history(db, ticket_id)
        chat = await citizen_chat(db, ticket_id)
        [to_citizen] = [params for params in fake_telegram.sent() if params["chat_id"] == chat]
        assert "Dinas Perhubungan" in to_citizen["text"]
        dishub_notice = [params for params in fake_telegram.sent() if params["chat_id"] == "-1001000000061"]
        assert len(dishub_notice) == 1
        assert callbacks(dishub_notice[0])[0] == f"st:claim:{ticket_id}"

        await group.press(OFFICER, f"st:claim:{ticket_id}", message=notice)
        assert answers(fake_telegram)[-1]["text"].startswith("Mohon maaf"), "no longer PUPR's ticket"

    async def test_teruskan_back_to_triage(
        self,
        make_service: ServiceFactory,
        fake_telegram: FakeTelegram,
        db: Database,
        listener: EscalationListener,
    ) -> None:
        service, group, ticket_id, code = await started(make_service, fake_telegram, db, listener)
        await group.press(OFFICER, f"st:to:{ticket_id}:-", message=group.notification(code))
        await service.deliver()
        assert await level_of(db, ticket_id) == ("layanan-pengaduan", 0)


class TestAGroupTheBotCannotPostTo:
    async def test_the_failure_is_recorded_and_the_next_level_is_told(
        self,
        make_service: ServiceFactory,
        fake_telegram: FakeTelegram,
        db: Database,
        listener: EscalationListener,
    ) -> None:
        service = await make_service(telegram=telegram_settings(fake_telegram))
        outbox = service.runtime.channels.outbox
        assert outbox is not None

        async def on_permanent_failure(session: Any, row: OutboundMessage) -> None:
            await desk.delivery_failed(session, row)
            await listener.on_delivery_failure(session, row)

        outbox.on_permanent_failure = on_permanent_failure
        fake_telegram.fail_next("sendMessage", 403, text="Forbidden: bot was kicked from the supergroup chat")
        ticket_id = await open_ticket(db, listener)
        await service.deliver()

        [failed] = await rows(db, OutboundMessage, col(OutboundMessage.status) == OutboundStatus.FAILED)
        assert failed.target == PUPR_GROUP
        kinds = [kind for kind, _ in await history(db, ticket_id)]
        assert "delivery_failed" in kinds
        assert "staff_notification_failed" in kinds
        # the head has no Telegram account of their own (told in the same dead group): the supervisor
        to_supervisor = [params for params in fake_telegram.sent() if params["chat_id"] == SUPERVISOR_CHAT]
        assert len(to_supervisor) == 1
        assert "tidak dapat dikirim" in to_supervisor[0]["text"]
        assert (await load(db, ticket_id)).code in to_supervisor[0]["text"]
        assert "reply_markup" not in to_supervisor[0], "no group buttons in a person's chat"


class TestOtherGroups:
    async def test_a_reply_to_the_bot_in_a_group_that_is_no_units_is_left_alone(
        self,
        make_service: ServiceFactory,
        fake_telegram: FakeTelegram,
        db: Database,
        listener: EscalationListener,
    ) -> None:
        """E.g. a citizen answering the bot's reply in the public discussion group."""
        service, group, ticket_id, code = await started(make_service, fake_telegram, db, listener)
        before = await history(db, ticket_id)
        notice = group.notification(code)
        message = {
            "message_id": 7001,
            "from": user(OFFICER, "Andi"),
            "chat": {"id": -1009999999999, "type": "supergroup", "title": "Diskusi Warga"},
            "date": DATE,
            "reply_to_message": {
                "message_id": 42,
                "from": {"id": BOT_ID, "is_bot": True, "first_name": "Tanggap"},
                "chat": {"id": -1009999999999, "type": "supergroup", "title": "Diskusi Warga"},
                "date": DATE,
                "text": notice["text"],
            },
            "text": "Terima kasih.",
        }
        assert (await service.telegram({"update_id": 300, "message": message})).status_code == 200
        await service.deliver()
        [row] = await rows(db, InboundMessage)
        assert row.status == InboundStatus.IGNORED
        assert await history(db, ticket_id) == before


class TestCallbackData:
    @pytest.mark.parametrize(
        ("data", "expected"),
        [
            ("st:claim:12", StaffPress(StaffAction.CLAIM, 12)),
            ("st:done:7", StaffPress(StaffAction.RESOLVE, 7)),
            ("st:to:7:pdam", StaffPress(StaffAction.TO, 7, "pdam")),
            ("st:to:7:-", StaffPress(StaffAction.TO, 7, None)),
            ("st:to:7", None),
            ("st:claim:7:pdam", None),
            ("st:claim:x", None),
            ("st:drop:7", None),
            ("menu:complaint", None),
            ("", None),
        ],
    )
    def test_parsing(self, data: str, expected: StaffPress | None) -> None:
        assert parse_callback(data) == expected
