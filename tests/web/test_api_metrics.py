"""The report figures through the API: the period's tickets of the client's units only, the same
numbers the report computes; a period that cannot be reported on is refused with its reason."""

from __future__ import annotations

from core.db import Database
from escalation import EscalationListener
from escalation.models import Person
from sla import SlaConfig
from tests.escalation.conftest import kb, listener, load, open_ticket, settings, sla_config, smtp
from tests.web.api_app import api_app, integration, new_token

__all__ = ["kb", "listener", "settings", "sla_config", "smtp"]

MONDAY = {"from": "2026-11-23", "to": "2026-11-23"}


async def test_the_figures_of_a_day_count_the_clients_units_only(
    db: Database, listener: EscalationListener, sla_config: SlaConfig
) -> None:
    replied = await open_ticket(db, listener, unit_id="pupr")
    await open_ticket(db, listener, unit_id="pupr")
    await open_ticket(db, listener, unit_id="disdukcapil")
    _, writer = await new_token(db, "sistem-lapor", "tickets:write", units=["pupr"], person="petugas-pupr")
    _, pupr = await new_token(db, "dasbor-pupr", "metrics:read", units=["pupr"])
    _, everything = await new_token(db, "dasbor-kota", "metrics:read")
    app = api_app(db, context=listener.context, sla=sla_config)
    code = (await load(db, replied)).code
    async with integration(app, writer) as api:
        assert (
            await api.post(f"/api/v1/tickets/{code}/reply", json={"text": "Kami tinjau."})
        ).status_code == 200
    async with integration(app, pupr) as api:
        own = await api.get("/api/v1/metrics", params=MONDAY)
    async with integration(app, everything) as api:
        every = await api.get("/api/v1/metrics", params=MONDAY)
        chosen = await api.get("/api/v1/metrics", params={**MONDAY, "unit": "disdukcapil"})
    assert own.status_code == 200
    figures = own.json()
    assert (figures["first_day"], figures["last_day"]) == ("2026-11-23", "2026-11-23")
    assert figures["counts"]["received"] == 2
    assert figures["counts"]["responded"] == 1
    assert figures["first_response"]["count"] == 1
    assert set(figures["compliance_by"]["unit"]["first_response"]) == {"pupr"}
    assert every.json()["counts"]["received"] == 3
    assert chosen.json()["counts"]["received"] == 1


async def test_a_period_that_cannot_be_reported_on_is_refused_with_its_reason(
    db: Database, listener: EscalationListener, sla_config: SlaConfig
) -> None:
    _, token = await new_token(db, "dasbor-kota", "metrics:read")
    app = api_app(db, sla=sla_config)
    async with integration(app, token) as api:
        backwards = await api.get("/api/v1/metrics", params={"from": "2026-11-30", "to": "2026-11-01"})
        too_long = await api.get("/api/v1/metrics", params={"from": "2024-01-01", "to": "2026-11-01"})
        missing = await api.get("/api/v1/metrics")
    assert backwards.status_code == 422
    assert "2026-11-01" in backwards.json()["detail"]
    assert too_long.status_code == 422
    assert "366 hari" in too_long.json()["detail"]
    assert missing.status_code == 422
    assert {field["field"] for field in missing.json()["fields"]} == {"query.from", "query.to"}


async def test_a_unit_heads_client_sees_their_units_figures_until_the_head_leaves(
    db: Database, listener: EscalationListener, sla_config: SlaConfig
) -> None:
    await open_ticket(db, listener, unit_id="pupr")
    await open_ticket(db, listener, unit_id="disdukcapil")
    _, token = await new_token(db, "dasbor-pupr", "metrics:read", person="kadis-pupr")
    app = api_app(db, sla=sla_config)
    async with integration(app, token) as api:
        seen = await api.get("/api/v1/metrics", params=MONDAY)
        async with db.session() as session:
            head = await session.get(Person, "kadis-pupr")
            assert head is not None
            head.active = False
        refused = await api.get("/api/v1/metrics", params=MONDAY)
    assert seen.status_code == 200
    assert seen.json()["counts"]["received"] == 1
    assert (refused.status_code, refused.json()["error"]) == (403, "may_not_act")
