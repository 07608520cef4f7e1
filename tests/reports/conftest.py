"""A week of tickets built through the ticket desk on the injected clock, with an SLA configuration
short enough that every figure can be worked out by hand (the working-hours arithmetic is spelled out
next to each ticket in `week`)."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy.ext.asyncio import AsyncSession

from core.clock import FrozenClock
from core.db import Database
from escalation import EscalationContext, RoutingDecision, build_listener, desk
from faq import KnowledgeBase, load_kb
from reports import ReportFilter, custom_period
from sla import SlaConfig, parse_sla_config
from tickets import Citizen, Ticket, TicketKind
from tickets import service as tickets

WIB = ZoneInfo("Asia/Jakarta")
SLA = {
    "warnings": [],
    "policies": {
        "dm": {
            "first_response": "2 working_hours",
            "next_response": "4 working_hours",
            "resolution": "2 working_days",
        },
        "comment": {
            "first_response": "4 calendar_hours",
            "next_response": None,
            "resolution": "2 working_days",
        },
    },
}
# Tuesday 10 November 2026, 09:00 WIB: when the report is made.
NOW = datetime(2026, 11, 10, 9, 0, tzinfo=WIB)


def wib(day: int, hour: int, minute: int = 0, month: int = 11) -> datetime:
    return datetime(2026, month, day, hour, minute, tzinfo=WIB)


@pytest.fixture
def sla_config() -> SlaConfig:
    return parse_sla_config(SLA, "Asia/Jakarta")


@pytest.fixture
def kb(sample_kb_path: Path) -> KnowledgeBase:
    return load_kb(sample_kb_path)


@pytest.fixture
async def context(
    db: Database, kb: KnowledgeBase, sla_config: SlaConfig, clock: FrozenClock
) -> EscalationContext:
    listener = await build_listener(db, kb=kb, sla=sla_config)
    return listener.context


@pytest.fixture
def week_filter() -> ReportFilter:
    """Monday 2 to Sunday 8 November 2026."""
    return ReportFilter(period=custom_period(date(2026, 11, 2), date(2026, 11, 8), WIB))


@dataclass
class Desk:
    """Does what citizens and officers do, each at the moment given, through `escalation.desk`."""

    db: Database
    kb: KnowledgeBase
    context: EscalationContext
    clock: FrozenClock

    async def file(
        self,
        at: datetime,
        unit: str,
        category: str,
        *,
        channel: str = "telegram",
        kind: TicketKind = TicketKind.DM,
    ) -> int:
        self.clock.set(at)
        async with self.db.session() as session:
            citizen = await tickets.get_or_create_citizen(
                session, channel=channel, external_id=uuid.uuid4().hex[:12]
            )
            complaint = desk.Complaint(
                channel=channel, description="Mohon ditindaklanjuti.", category=category, kind=kind
            )
            filed = await desk.file_ticket(
                session,
                citizen=citizen,
                complaint=complaint,
                unit=self.kb.unit(unit),
                decision=RoutingDecision(unit, 0.9, ("uji",)),
                context=self.context,
            )
            assert filed.ticket.id is not None
            return filed.ticket.id

    async def act(self, at: datetime, ticket_id: int, action: str, **values: object) -> None:
        self.clock.set(at)
        async with self.db.session() as session:
            ticket = await session.get(Ticket, ticket_id)
            assert ticket is not None
            await _ACTIONS[action](session, ticket, self.context, values)


async def _claim(
    session: AsyncSession, ticket: Ticket, context: EscalationContext, v: dict[str, object]
) -> None:
    await desk.claim(session, ticket=ticket.code, person_id=str(v["person"]), context=context)


async def _reply(
    session: AsyncSession, ticket: Ticket, context: EscalationContext, v: dict[str, object]
) -> None:
    await desk.reply(
        session, ticket=ticket.code, person_id=str(v["person"]), text="Sedang kami tangani.", context=context
    )


async def _ask(
    session: AsyncSession, ticket: Ticket, context: EscalationContext, v: dict[str, object]
) -> None:
    await desk.ask_citizen(
        session,
        ticket=ticket.code,
        person_id=str(v["person"]),
        question="Di mana lokasinya?",
        context=context,
    )


async def _answer(
    session: AsyncSession, ticket: Ticket, context: EscalationContext, v: dict[str, object]
) -> None:
    citizen = await session.get(Citizen, ticket.citizen_id)
    assert citizen is not None
    await desk.citizen_answered(session, citizen=citizen, text="Di depan pasar.", context=context)


async def _resolve(
    session: AsyncSession, ticket: Ticket, context: EscalationContext, v: dict[str, object]
) -> None:
    await desk.resolve(session, ticket=ticket.code, person_id="asisten-pemerintahan", context=context)


async def _rate(
    session: AsyncSession, ticket: Ticket, context: EscalationContext, v: dict[str, object]
) -> None:
    score = v["score"]
    assert isinstance(score, int)
    await desk.rate(session, ticket=ticket, score=score, context=context)


async def _reopen(
    session: AsyncSession, ticket: Ticket, context: EscalationContext, v: dict[str, object]
) -> None:
    await desk.reopen(session, ticket=ticket, context=context)


async def _forward(
    session: AsyncSession, ticket: Ticket, context: EscalationContext, v: dict[str, object]
) -> None:
    await desk.forward_to_unit(
        session, ticket=ticket.code, person_id="asisten-pemerintahan", context=context, to_unit=str(v["to"])
    )


_ACTIONS = {
    "claim": _claim,
    "reply": _reply,
    "ask": _ask,
    "answer": _answer,
    "resolve": _resolve,
    "rate": _rate,
    "reopen": _reopen,
    "forward": _forward,
}


async def build_week(d: Desk) -> dict[str, int]:
    """Office hours Mon-Thu 07:30-12:00 and 13:00-16:00, Fri 07:30-11:30 and 13:00-16:30 (7.5 working
    hours a day; no holiday in November 2026). Targets (dm): first response 2, next response 4 working
    hours, resolution 2 working days; comments: first response 4 calendar hours."""
    ids: dict[str, int] = {}
    # H: opened the week before, still open (in the backlog, not received).
    ids["H"] = await d.file(wib(26, 10, month=10), "pupr", "jalan-drainase")
    # A: Mon 08:00; answered 09:30 (1.5 h, due 10:00: met); resolved Tue 10:00 (due Wed 08:00); rated 5.
    ids["A"] = a = await d.file(wib(2, 8), "pupr", "jalan-drainase")
    await d.act(wib(2, 9), a, "claim", person="petugas-pupr")
    await d.act(wib(2, 9, 30), a, "reply", person="petugas-pupr")
    await d.act(wib(3, 10), a, "resolve")
    await d.act(wib(3, 11), a, "rate", score=5)
    # B: Mon 11:00; first response due 14:00 (1 h before the break, 1 h after), answered 14:30: 2.5 h,
    # 0.5 h late. Resolution due Wed 11:00, still open: late 4 + 7.5 + 7.5 + 7.5 + 1.5 = 28 h.
    ids["B"] = b = await d.file(wib(2, 11), "pupr", "jalan-drainase")
    await d.act(wib(2, 11, 5), b, "claim", person="petugas-pupr")
    await d.act(wib(2, 14, 30), b, "reply", person="petugas-pupr")
    # C: Tue 15:00 on the web, never answered. First response due Wed 08:30: late 6.5 + 7.5 * 3 + 1.5
    # = 30.5 h; resolution due Thu 15:00: late 1 + 7.5 + 7.5 + 1.5 = 17.5 h.
    ids["C"] = await d.file(wib(3, 15), "dishub", "lampu-lalu-lintas", channel="web")
    # D: Wed 08:00 to PUPR, forwarded to Dishub at 10:00 (2 h with PUPR), answered 10:30 (2.5 h, due
    # 10:00: 0.5 h late), resolved Thu 09:00 (6.5 h with Dishub; due Fri 08:00: met), rated 2.
    ids["D"] = dd = await d.file(wib(4, 8), "pupr", "jalan-drainase")
    await d.act(wib(4, 10), dd, "forward", to="dishub")
    await d.act(wib(4, 10, 30), dd, "reply", person="petugas-dishub")
    await d.act(wib(5, 9), dd, "resolve")
    await d.act(wib(5, 9, 30), dd, "rate", score=2)
    # E: a WhatsApp comment Thu 09:00, answered 10:00 (1 h; 4 calendar hours allowed: met), resolved
    # 11:00 (met), reopened Fri 08:00: the new resolution is due Tue 08:00, 1 h late now.
    ids["E"] = e = await d.file(
        wib(5, 9), "dlh", "sampah-lingkungan", channel="whatsapp", kind=TicketKind.COMMENT
    )
    await d.act(wib(5, 10), e, "reply", person="petugas-dlh")
    await d.act(wib(5, 11), e, "resolve")
    await d.act(wib(6, 8), e, "reopen")
    # F: Saturday 10:00 (counts from Mon 07:30); the officer asks Mon 08:30 (1 h: met); the citizen
    # answers 10:00; the next response, due 15:00 (2 h before the break, 2 after), never came: 1 + 1.5
    # = 2.5 h late. Its resolution (due Wed 07:30 + the 1.5 h paused = Wed 09:00) still runs.
    ids["F"] = f = await d.file(wib(7, 10), "layanan-pengaduan", "lainnya")
    await d.act(wib(9, 8), f, "claim", person="admin-pengaduan-1")
    await d.act(wib(9, 8, 30), f, "ask", person="admin-pengaduan-1")
    await d.act(wib(9, 10), f, "answer")
    # G: after the period.
    ids["G"] = await d.file(wib(9, 11), "pupr", "jalan-drainase")
    d.clock.set(NOW)
    return ids


@pytest.fixture
async def week(
    db: Database, kb: KnowledgeBase, context: EscalationContext, clock: FrozenClock
) -> dict[str, int]:
    return await build_week(Desk(db, kb, context, clock))
