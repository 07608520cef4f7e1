"""API tokens as an integration meets them: a token made for a client works, is stored only as its
hash, and stops working once revoked; a missing, wrong or revoked token is 401 with a clear JSON
error; a token without the route's scope is 403; creating and revoking are in the audit log."""

from __future__ import annotations

from datetime import timedelta

from sqlmodel import select

from core.clock import FrozenClock
from core.db import Database
from escalation import EscalationListener
from escalation.staff import repository
from escalation.staff.api_clients import token_hash
from escalation.staff.models import ApiClient
from tests.escalation.conftest import kb, listener, open_ticket, settings, sla_config, smtp
from tests.web.api_app import api_app, integration, new_token, revoke

__all__ = ["kb", "listener", "settings", "sla_config", "smtp"]


async def test_a_token_reads_until_it_is_revoked_then_it_is_refused(
    db: Database, listener: EscalationListener, clock: FrozenClock
) -> None:
    await open_ticket(db, listener, unit_id="pupr")
    client_id, token = await new_token(db, "sistem-lapor", "tickets:read", units=["pupr"])
    app = api_app(db)
    async with integration(app, token) as api:
        before = await api.get("/api/v1/tickets")
        await revoke(db, client_id)
        after = await api.get("/api/v1/tickets")
    assert before.status_code == 200
    assert before.json()["total"] == 1
    assert after.status_code == 401
    assert after.json()["error"] == "unauthorized"
    assert "Bearer" in after.json()["detail"]
    assert after.headers["www-authenticate"].startswith("Bearer")


async def test_no_token_a_wrong_one_and_another_scheme_are_refused_alike(
    db: Database, listener: EscalationListener
) -> None:
    _, token = await new_token(db, "sistem-lapor", "tickets:read")
    app = api_app(db)
    answers = []
    for headers in ({}, {"Authorization": "Bearer tgp_salah"}, {"Authorization": f"Basic {token}"}):
        async with integration(app) as api:
            answers.append(await api.get("/api/v1/tickets", headers=headers))
    assert [answer.status_code for answer in answers] == [401, 401, 401]
    assert len({answer.text for answer in answers}) == 1


async def test_a_token_without_the_scope_is_forbidden(db: Database, listener: EscalationListener) -> None:
    _, token = await new_token(db, "dasbor-kinerja", "metrics:read")
    app = api_app(db, context=listener.context)
    async with integration(app, token) as api:
        listed = await api.get("/api/v1/tickets")
        replied = await api.post("/api/v1/tickets/ADU-2026-000001/reply", json={"text": "Baik."})
    assert (listed.status_code, listed.json()["error"]) == (403, "missing_scope")
    assert "tickets:read" in listed.json()["detail"]
    assert (replied.status_code, replied.json()["error"]) == (403, "missing_scope")


async def test_only_the_tokens_hash_is_kept_and_its_use_is_recorded(
    db: Database, listener: EscalationListener, clock: FrozenClock
) -> None:
    _, token = await new_token(db, "sistem-lapor", "tickets:read")
    app = api_app(db)
    first = clock.now()
    async with integration(app, token) as api:
        await api.get("/api/v1/tickets")
        clock.advance(timedelta(seconds=30))
        await api.get("/api/v1/tickets")
        assert await last_use(db) == first  # one write a minute, not one a request
        clock.advance(timedelta(minutes=5))
        await api.get("/api/v1/tickets")
    async with db.reading() as session:
        stored = (await session.execute(select(ApiClient))).scalars().one()
        row, last_used = str(stored.model_dump()), stored.last_used_at
        kept = stored.token_hash
    assert token.startswith("tgp_")
    assert len(token) > 40
    assert kept == token_hash(token) != token
    assert token not in row
    assert last_used == clock.now()


async def test_creating_and_revoking_a_client_are_audited(db: Database, listener: EscalationListener) -> None:
    client_id, _ = await new_token(db, "sistem-lapor", "tickets:read", "tickets:write", person="petugas-pupr")
    await revoke(db, client_id)
    await revoke(db, client_id)
    async with db.session() as session:
        entries = list(reversed(await repository.audit_entries(session)))
    seen = [(entry.action, entry.actor, entry.channel, entry.detail.get("name")) for entry in entries]
    assert seen == [
        ("api_client_created", "operator:cli", "cli", "sistem-lapor"),
        ("api_client_revoked", "operator:cli", "cli", "sistem-lapor"),
    ]
    assert entries[0].detail["scopes"] == ["tickets:read", "tickets:write"]
    assert entries[0].detail["person"] == "petugas-pupr"


async def last_use(db: Database) -> object:
    async with db.session() as session:
        return (await session.execute(select(ApiClient.last_used_at))).scalar_one()
