"""The sample agency's escalation configuration on the real test database, a local SMTP server, and
helpers to open tickets and read what escalation wrote."""

from __future__ import annotations

import shutil
import socket
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field
from email.message import Message
from email.parser import BytesParser
from pathlib import Path
from typing import Any

import pytest
from aiosmtpd.controller import Controller
from sqlalchemy import select
from sqlmodel import col

from core.clock import FrozenClock
from core.db import Database
from escalation import EscalationListener, EscalationSettings, build_listener
from escalation.models import StaffNotification, TicketEscalation
from faq import KnowledgeBase, load_kb
from messaging.models import OutboundMessage
from sla import SlaConfig, load_sla_config
from sla import service as sla
from tests.bot.conftest import another_citizen, citizen, engine
from tickets import NewTicket, Ticket, TicketEvent, TicketKind
from tickets import service as tickets

__all__ = ["another_citizen", "citizen", "engine"]

PUPR_GROUP = "-1001000000051"
TRIAGE_GROUP = "-1001000000001"
HEAD_PUPR_CHAT = "kadis-pupr"  # has no telegram id: the head is told in the unit's group
SUPERVISOR_CHAT = "700000001"


@pytest.fixture
def kb(sample_kb_path: Path) -> KnowledgeBase:
    return load_kb(sample_kb_path)


@pytest.fixture
def sla_config(sample_kb_path: Path, kb: KnowledgeBase) -> SlaConfig:
    return load_sla_config(sample_kb_path, kb.agency.timezone)


@dataclass
class Mailbox:
    messages: list[Message] = field(default_factory=list)

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        self.messages.append(BytesParser().parsebytes(envelope.content))
        return "250 OK"


@pytest.fixture
def smtp() -> Iterator[tuple[Mailbox, int]]:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = int(probe.getsockname()[1])
    mailbox = Mailbox()
    controller = Controller(mailbox, hostname="127.0.0.1", port=port)
    controller.start()
    try:
        yield mailbox, port
    finally:
        controller.stop()


@pytest.fixture
def settings(smtp: tuple[Mailbox, int]) -> EscalationSettings:
    return EscalationSettings(
        smtp_host="127.0.0.1", smtp_port=smtp[1], smtp_starttls=False, smtp_from="tanggap@kotacontoh.go.id"
    )


@pytest.fixture
async def listener(
    db: Database, kb: KnowledgeBase, sla_config: SlaConfig, settings: EscalationSettings, clock: FrozenClock
) -> EscalationListener:
    return await build_listener(db, kb=kb, sla=sla_config, settings=settings)


async def open_ticket(
    db: Database,
    listener: EscalationListener,
    *,
    unit_id: str = "pupr",
    kind: TicketKind = TicketKind.DM,
    description: str = "Jalan depan pasar berlubang besar sejak tiga bulan.",
    location: str | None = None,
) -> int:
    """A ticket filed for `unit_id` as the bot files one: clocks started, routed, level 0 told."""
    from escalation import RoutingDecision, ticket_routed

    async with db.session() as session:
        citizen = await tickets.get_or_create_citizen(
            session, channel="telegram", external_id=f"{uuid.uuid4().int % 10**9}"
        )
        ticket = await tickets.open_ticket(
            session,
            citizen=citizen,
            code_prefix="ADU",
            actor="citizen",
            ticket=NewTicket(
                channel="telegram", kind=kind, description=description, unit_id=unit_id, location=location
            ),
        )
        await sla.start_clocks(session, ticket=ticket, config=listener.context.sla, actor="citizen")
        decision = RoutingDecision(unit_id, 0.9, ("uji",))
        await ticket_routed(session, ticket=ticket, decision=decision, context=listener.context)
        assert ticket.id is not None
        return ticket.id


async def load(db: Database, ticket_id: int) -> Ticket:
    async with db.session() as session:
        ticket = await session.get(Ticket, ticket_id)
        assert ticket is not None
        return ticket


async def level_of(db: Database, ticket_id: int) -> tuple[str, int]:
    async with db.session() as session:
        state = await session.get(TicketEscalation, ticket_id)
        assert state is not None
        return state.unit_id, state.level


async def notifications(db: Database, ticket_id: int | None = None) -> list[StaffNotification]:
    async with db.session() as session:
        statement = select(StaffNotification).order_by(col(StaffNotification.id))
        if ticket_id is not None:
            statement = statement.where(col(StaffNotification.ticket_id) == ticket_id)
        return list((await session.execute(statement)).scalars().all())


async def outbox(db: Database) -> list[OutboundMessage]:
    async with db.session() as session:
        statement = select(OutboundMessage).order_by(col(OutboundMessage.id))
        return list((await session.execute(statement)).scalars().all())


async def events(db: Database, ticket_id: int, kind: str) -> list[dict[str, Any]]:
    async with db.session() as session:
        statement = (
            select(TicketEvent)
            .where(col(TicketEvent.ticket_id) == ticket_id, col(TicketEvent.kind) == kind)
            .order_by(col(TicketEvent.id))
        )
        return [event.data for event in (await session.execute(statement)).scalars().all()]


def copy_kb(sample_kb_path: Path, tmp_path: Path) -> Path:
    target = tmp_path / "kb"
    shutil.copytree(sample_kb_path, target)
    return target
