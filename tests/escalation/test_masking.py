"""Unit groups, staff mailboxes and digests are shared places: a complaint's NIK, phone number, e-mail
address and house address reach them masked, while the ticket itself keeps the citizen's full text."""

from __future__ import annotations

import re

from core.clock import FrozenClock
from core.db import Database
from escalation import EscalationListener, OutsideAgency, desk
from escalation.digest import queue_daily_digests
from tests.escalation.conftest import PUPR_GROUP, load, notifications, open_ticket, outbox
from tests.sla.conftest import wib
from tickets import Ticket

NIK = "3201 2345 6789 0001"
PHONE = "(0812) 3456-7890"
DESCRIPTION = (
    f"Jalan berlubang depan rumah saya. NIK {NIK}, hubungi {PHONE} atau budi.santoso@contoh.id. "
    + "Sudah tiga bulan tidak diperbaiki, mohon segera. " * 6
    + "NIK saya sekali lagi 3201234567890001"
)
LOCATION = "Jl. Melati No. 12, RT 03/RW 05, Kel. Sukamaju"
SECRETS = ("23456789", "3456", "7890", "budi.santoso", "No. 12", "RT 03")


def leaked(text: str) -> list[str]:
    digits = re.sub(r"\D", "", text)
    found = [s for s in SECRETS if s in text]
    return found + (["the NIK's middle digits"] if "23456789" in digits else [])


async def test_a_new_tickets_notice_in_the_unit_group_and_mail_is_masked(
    db: Database, listener: EscalationListener
) -> None:
    ticket_id = await open_ticket(db, listener, description=DESCRIPTION, location=LOCATION)
    sent = [row for row in await outbox(db) if row.ticket_id == ticket_id]
    group = next(row for row in sent if row.target == PUPR_GROUP)
    assert "Jl. Melati No. ***, RT ***/RW ***" in group.text
    assert "3201********0001" in group.text
    texts = [row.text for row in sent] + [row.text for row in await notifications(db, ticket_id)]
    for text in texts:
        assert leaked(text) == [], text
    assert (await load(db, ticket_id)).description == DESCRIPTION  # the ticket keeps the full text


async def test_a_truncated_description_never_leaves_half_a_nik_in_the_clear(
    db: Database, listener: EscalationListener, clock: FrozenClock
) -> None:
    """The digest shows 120 characters: masking after cutting would miss a NIK cut at the edge."""
    description = "x" * 110 + " 3201234567890001 akhir"
    await open_ticket(db, listener, description=description)
    clock.set(wib(24, 7))  # a working Tuesday, digest time
    async with db.session() as session:
        assert await queue_daily_digests(session, context=listener.context) > 0
    mails = [row for row in await outbox(db) if row.channel == "email"]
    assert mails
    for row in mails:
        assert "3201234" not in row.text, row.text


async def test_the_digest_and_mail_forwarded_outside_are_masked(
    db: Database, listener: EscalationListener, clock: FrozenClock
) -> None:
    ticket_id = await open_ticket(db, listener, description=DESCRIPTION, location=LOCATION)
    clock.set(wib(24, 10))  # working time: forwarding mail is not held
    async with db.session() as session:
        await queue_daily_digests(session, context=listener.context)
        ticket = await session.get(Ticket, ticket_id)
        assert ticket is not None
        await desk.forward_outside(
            session,
            ticket=ticket.code,
            person_id="petugas-pupr",
            agency=OutsideAgency("PT PLN (Persero)", "telepon 123", email="pengaduan@pln.example"),
            context=listener.context,
        )
    mails = [row for row in await outbox(db) if row.channel == "email"]
    assert {row.target for row in mails} >= {"pengaduan@pln.example"}
    for row in mails:
        assert leaked(row.text) == [], row.text
