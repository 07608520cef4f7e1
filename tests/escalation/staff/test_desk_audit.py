"""Every officer use case of the desk leaves one entry in the staff audit log: who (the signed-in
account, or the person acting from a chat, with their linked account), what, which ticket, from
which address. A refused action changes nothing and leaves no entry."""

from __future__ import annotations

import pytest
from sqlalchemy import select
from sqlmodel import col

from core.db import Database
from core.errors import PermissionDeniedError
from escalation import EscalationListener, OutsideAgency, desk
from escalation.staff.accounts import set_disabled
from escalation.staff.audit import Origin
from escalation.staff.auth import StaffAuth
from escalation.staff.models import StaffAudit
from escalation.staff.principal import principal_of
from tests.escalation.conftest import events, open_ticket
from tests.escalation.staff.conftest import account, add_account


async def _entries(db: Database) -> list[StaffAudit]:
    async with db.session() as session:
        statement = (
            select(StaffAudit).where(col(StaffAudit.ticket_id).is_not(None)).order_by(col(StaffAudit.id))
        )
        return list((await session.execute(statement)).scalars())


async def test_each_officer_action_is_audited_with_the_ticket(
    db: Database, listener: EscalationListener, auth: StaffAuth
) -> None:
    ticket_id = await open_ticket(db, listener)
    context, officer = listener.context, "petugas-pupr"
    await add_account(db, auth, "andi", person_id=officer)
    andi = await account(db, "andi")
    async with db.session() as session:
        await desk.claim(session, ticket=ticket_id, person_id=officer, context=context)
        await desk.assign(
            session, ticket=ticket_id, person_id=officer, assignee_id="kadis-pupr", context=context
        )
        await desk.reply(
            session, ticket=ticket_id, person_id=officer, text="Sedang kami periksa.", context=context
        )
        await desk.ask_citizen(
            session, ticket=ticket_id, person_id=officer, question="Di RT berapa?", context=context
        )
        await desk.mark_flags(session, ticket=ticket_id, person_id=officer, confidential=True)
        await desk.forward_to_unit(
            session, ticket=ticket_id, person_id=officer, to_unit="dishub", context=context
        )
    async with db.session() as session:
        await desk.resolve(session, ticket=ticket_id, person_id="asisten-pemerintahan", context=context)
    entries = await _entries(db)
    assert [e.action for e in entries] == [
        "claim",
        "assign",
        "reply",
        "ask_citizen",
        "flags",
        "forward",
        "resolve",
    ]
    assert {e.ticket_id for e in entries} == {ticket_id}
    assert {e.account_id for e in entries[:-1]} == {andi.id}  # the person's linked account
    assert entries[-1].account_id is None  # the supervisor has no account
    assert entries[-1].actor == "officer:asisten-pemerintahan"
    assert entries[1].detail == {"assignee": "kadis-pupr"}
    assert entries[5].detail == {"from": "pupr", "to": "dishub"}


async def test_a_signed_in_action_records_the_account_and_its_address(
    db: Database, listener: EscalationListener, auth: StaffAuth
) -> None:
    ticket_id = await open_ticket(db, listener)
    await add_account(db, auth, "andi", person_id="petugas-pupr")
    async with db.session() as session:
        principal = await principal_of(session, await account(db, "andi"))
        origin = Origin(actor=principal, ip="10.20.30.40", channel="web")
        await desk.forward_outside(
            session,
            ticket=ticket_id,
            person_id="petugas-pupr",
            agency=OutsideAgency("BPN Kota Contoh", "Kantor Pertanahan"),
            context=listener.context,
            origin=origin,
        )
    [entry] = await _entries(db)
    assert (entry.action, entry.actor, entry.ip, entry.channel) == (
        "forward_outside",
        "account:andi",
        "10.20.30.40",
        "web",
    )
    assert entry.account_id == principal.account_id


async def test_a_refused_action_changes_nothing_and_is_not_audited(
    db: Database, listener: EscalationListener, auth: StaffAuth
) -> None:
    ticket_id = await open_ticket(db, listener)
    await add_account(db, auth, "andi", person_id="petugas-pupr")
    before = await events(db, ticket_id, "replied")
    async with db.session() as session:
        principal = await principal_of(session, await account(db, "andi"))
    with pytest.raises(PermissionDeniedError):  # acting as someone else
        async with db.session() as session:
            await desk.reply(
                session,
                ticket=ticket_id,
                person_id="kadis-pupr",
                text="Halo",
                context=listener.context,
                origin=Origin(actor=principal),
            )
    with pytest.raises(PermissionDeniedError):  # another unit's officer
        async with db.session() as session:
            await desk.claim(
                session, ticket=ticket_id, person_id="petugas-dukcapil", context=listener.context
            )
    assert await events(db, ticket_id, "replied") == before
    assert await _entries(db) == []


async def test_a_person_whose_account_was_disabled_can_no_longer_act_from_any_channel(
    db: Database, listener: EscalationListener, auth: StaffAuth
) -> None:
    ticket_id = await open_ticket(db, listener)
    await add_account(db, auth, "andi", person_id="petugas-pupr")
    await add_account(db, auth, "slamet", person_id="kadis-pupr", password=None)  # waiting for a password
    async with db.session() as session:
        await set_disabled(session, by=None, username="andi", disabled=True)
    with pytest.raises(PermissionDeniedError):
        async with db.session() as session:
            await desk.claim(session, ticket=ticket_id, person_id="petugas-pupr", context=listener.context)
    async with db.session() as session:
        await desk.claim(session, ticket=ticket_id, person_id="kadis-pupr", context=listener.context)
    assert [e.actor for e in await _entries(db)] == ["officer:kadis-pupr"]
