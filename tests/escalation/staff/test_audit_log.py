"""The staff audit log is append-only in the database itself: an UPDATE or DELETE is refused by a
trigger, on SQLite and PostgreSQL alike, whoever issues it."""

from __future__ import annotations

import pytest
from sqlalchemy import text
from sqlalchemy.exc import DBAPIError

from core.clock import FrozenClock
from core.db import Database
from escalation.staff import repository
from escalation.staff.audit import AuditAction, audit
from escalation.staff.principal import OPERATOR


async def test_an_audit_entry_records_who_what_and_from_where(db: Database, clock: FrozenClock) -> None:
    async with db.session() as session:
        await audit(
            session, OPERATOR, AuditAction.ACCOUNT_CREATED, detail={"username": "rina"}, ip="10.0.0.9"
        )
    async with db.session() as session:
        [entry] = await repository.audit_entries(session)
    assert (entry.actor, entry.action, entry.ip) == ("operator:cli", "account_created", "10.0.0.9")
    assert entry.detail == {"username": "rina"}
    assert entry.at == clock.now()


@pytest.mark.parametrize(
    "statement", ["UPDATE staff_audit SET action = 'nothing'", "DELETE FROM staff_audit"]
)
async def test_the_audit_log_refuses_to_be_changed_or_emptied(
    db: Database, clock: FrozenClock, statement: str
) -> None:
    async with db.session() as session:
        await audit(session, OPERATOR, AuditAction.LOGIN)
    with pytest.raises(DBAPIError, match="append-only"):
        async with db.session() as session:
            await session.execute(text(statement))
    async with db.session() as session:
        [entry] = await repository.audit_entries(session)
    assert entry.action == "login"
