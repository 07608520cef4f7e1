"""What the admins' and supervisors' pages rest on: ending every session of an account (admins only,
audited with the count), and reading the audit log (supervisors and admins only), where a username
finds what the account did and what its person did from a chat channel."""

from __future__ import annotations

import pytest

from core.db import Database
from escalation import EscalationListener
from escalation.staff.audit import AuditAction, audit
from escalation.staff.audit_log import AuditSearch, read_audit_log
from escalation.staff.auth import StaffAuth
from escalation.staff.errors import NotAllowedError
from escalation.staff.models import StaffRole
from escalation.staff.principal import Actor, Principal, principal_of
from escalation.staff.session_admin import revoke_all_sessions
from escalation.staff.signin import authenticate
from tests.escalation.staff.conftest import account, add_account, log_in, signed_in


async def principal(db: Database, username: str) -> Principal:
    found = await account(db, username)
    async with db.session() as session:
        return await principal_of(session, found)


async def test_only_an_admin_ends_every_session_of_an_account(
    db: Database, listener: EscalationListener, auth: StaffAuth
) -> None:
    await add_account(db, auth, "sari", person_id="petugas-pupr")
    await add_account(db, auth, "hendra", role=StaffRole.SUPERVISOR)
    await add_account(db, auth, "admin", role=StaffRole.ADMIN)
    office = signed_in(await log_in(db, auth, "sari", ip="10.0.0.5"))
    laptop = signed_in(await log_in(db, auth, "sari", ip="10.0.0.6"))
    supervisor, admin = await principal(db, "hendra"), await principal(db, "admin")
    async with db.session() as session:
        with pytest.raises(NotAllowedError):
            await revoke_all_sessions(session, principal=supervisor, username="sari", keep=None, ip=None)
        assert await authenticate(session, auth, token=office) is not None
    async with db.session() as session:
        ended = await revoke_all_sessions(session, principal=admin, username="SARI", keep=None, ip="10.0.0.9")
    assert ended == 2
    async with db.session() as session:
        assert await authenticate(session, auth, token=office) is None
        assert await authenticate(session, auth, token=laptop) is None
        page = await read_audit_log(session, by=admin, search=AuditSearch(action="sessions_revoked"))
    [entry] = page.entries
    assert (entry.actor, entry.detail, entry.ip) == (
        "account:admin",
        {"username": "sari", "count": 2},
        "10.0.0.9",
    )


async def test_the_log_is_for_supervisors_and_admins_and_a_username_finds_its_chat_actions(
    db: Database, listener: EscalationListener, auth: StaffAuth
) -> None:
    await add_account(db, auth, "sari", person_id="petugas-pupr")
    await add_account(db, auth, "kepala", role=StaffRole.UNIT_HEAD, person_id="kabag-pengaduan")
    await add_account(db, auth, "hendra", role=StaffRole.SUPERVISOR)
    async with db.session() as session:
        await audit(session, Actor(person_id="petugas-pupr"), AuditAction.CLAIM, channel="telegram")
        await audit(session, Actor(person_id="kabag-pengaduan"), AuditAction.CLAIM, channel="telegram")
    for refused in ("sari", "kepala"):
        who = await principal(db, refused)
        async with db.reading() as session:
            with pytest.raises(NotAllowedError):
                await read_audit_log(session, by=who, search=AuditSearch())
    supervisor = await principal(db, "hendra")
    async with db.reading() as session:
        mine = await read_audit_log(session, by=supervisor, search=AuditSearch(username="Sari"))
        nobody = await read_audit_log(session, by=supervisor, search=AuditSearch(username="tidak-ada"))
        no_ticket = await read_audit_log(session, by=supervisor, search=AuditSearch(ticket_code="ADU-000"))
    assert [(e.action, e.actor, e.channel) for e in mine.entries] == [
        ("claim", "officer:petugas-pupr", "telegram")
    ]
    assert (nobody.total, no_ticket.total) == (0, 0)
