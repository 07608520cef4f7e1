"""The API documents itself: every route of /api/v1 is in the OpenAPI schema (the staff pages are
not), and schemathesis, generating requests from that schema and sending them with a valid token,
finds no server error and no answer that differs from what the schema promises."""

from __future__ import annotations

from typing import Any

import httpx
import hypothesis
import schemathesis
from hypothesis import HealthCheck, Phase, given
from schemathesis import GenerationMode
from schemathesis.checks import not_a_server_error
from schemathesis.core.result import Ok
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from core.db import Database
from escalation import EscalationListener
from escalation.staff.auth import StaffAuth
from sla import SlaConfig
from tests.escalation.conftest import kb, listener, load, open_ticket, settings, sla_config, smtp
from tests.escalation.staff.conftest import auth
from tests.web.api_app import new_token
from tests.web.staff_app import AGENCY, staff_app
from web.api import install_api
from web.staff import StaffSite

__all__ = ["auth", "kb", "listener", "settings", "sla_config", "smtp"]

EXAMPLES = 25
STRICT = [not_a_server_error, status_code_conformance, content_type_conformance, response_schema_conformance]


def _app(db: Database, auth: StaffAuth, listener: EscalationListener, sla: SlaConfig) -> Any:
    """The staff pages and the API on one app, as `tanggap.app.mount_routes` mounts them."""
    app = staff_app(db, auth, context=listener.context, sla=sla)
    site = StaffSite(
        db=db, auth=auth, agency_name=AGENCY, timezone=sla.calendar.tz, sla=sla, escalation=listener.context
    )
    install_api(app, site)
    return app


async def test_the_api_is_in_the_schema_and_the_staff_pages_are_not(
    db: Database, auth: StaffAuth, listener: EscalationListener, sla_config: SlaConfig
) -> None:
    paths = _app(db, auth, listener, sla_config).openapi()["paths"]
    assert set(paths) == {
        "/api/v1/tickets",
        "/api/v1/tickets/{code}",
        "/api/v1/tickets/{code}/reply",
        "/api/v1/tickets/{code}/resolve",
        "/api/v1/metrics",
    }
    reply = paths["/api/v1/tickets/{code}/reply"]["post"]
    assert reply["security"] == [{"token": []}]
    assert {"200", "401", "403", "404", "409", "422"} <= set(reply["responses"])


def _cases(operation: Any, mode: GenerationMode, **fixed: Any) -> list[Any]:
    """Requests schemathesis generates for one operation (drawn without sending: the app runs on
    this test's event loop, so the requests are sent below, through the same ASGI transport)."""
    drawn: list[Any] = []

    @hypothesis.settings(
        max_examples=EXAMPLES,
        phases=[Phase.generate],
        database=None,
        deadline=None,
        suppress_health_check=list(HealthCheck),
    )
    @given(case=operation.as_strategy(generation_mode=mode, **fixed))
    def draw(case: Any) -> None:
        drawn.append(case)

    draw()
    return drawn


async def _send(api: httpx.AsyncClient, case: Any, token: str) -> httpx.Response:
    sent = case.as_transport_kwargs(base_url=str(api.base_url), headers={"Authorization": f"Bearer {token}"})
    body = sent.get("data")
    return await api.request(
        sent["method"],
        sent["url"],
        params=sent.get("params"),
        headers=sent.get("headers"),
        json=sent.get("json"),
        content=body.encode() if isinstance(body, str) else body,
    )


async def test_schemathesis_finds_no_server_error_with_a_valid_token(
    db: Database, auth: StaffAuth, listener: EscalationListener, sla_config: SlaConfig
) -> None:
    codes = [(await load(db, await open_ticket(db, listener, unit_id="pupr"))).code for _ in range(3)]
    _, token = await new_token(
        db,
        "uji-skema",
        "tickets:read",
        "tickets:write",
        "metrics:read",
        units=["pupr"],
        person="kadis-pupr",  # a unit head: acts on the unit's tickets and sees its reports
    )
    app = _app(db, auth, listener, sla_config)
    schema = schemathesis.openapi.from_dict(app.openapi())
    failures: list[str] = []
    statuses: set[int] = set()
    transport = httpx.ASGITransport(app=app, raise_app_exceptions=False)  # a 500 is an answer to check
    async with httpx.AsyncClient(transport=transport, base_url="http://tanggap.test") as api:
        for result in schema.get_all_operations():
            assert isinstance(result, Ok), result
            operation = result.ok()
            fixed = {"path_parameters": {"code": codes[0]}} if "{code}" in operation.path else {}
            runs = [
                (GenerationMode.POSITIVE, {}, STRICT),
                (GenerationMode.POSITIVE, fixed, STRICT),
                (GenerationMode.NEGATIVE, {}, [not_a_server_error]),
            ]
            for mode, chosen, checks in runs:
                for case in _cases(operation, mode, **chosen):
                    response = await _send(api, case, token)
                    statuses.add(response.status_code)
                    try:
                        case.validate_response(response, checks=checks)
                    except Exception as failure:
                        failures.append(f"{operation.label} {response.status_code}: {failure}"[:600])
    assert failures == []
    assert not any(status >= 500 for status in statuses)
    assert {200, 404, 422} <= statuses
