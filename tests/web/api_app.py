"""The JSON API as an integration meets it: the real HTTP app (guards, error handlers) with the API
over the test database, and clients whose tokens are made by the real service."""

from __future__ import annotations

from collections.abc import Collection
from zoneinfo import ZoneInfo

import httpx
from fastapi import FastAPI

from core.db import Database
from escalation import EscalationContext
from escalation.staff.api_clients import create_client, revoke_client
from escalation.staff.auth import StaffAuth
from sla import SlaConfig
from tanggap.app import build_http_app
from tests.escalation.staff.conftest import cheap_settings
from web import WebSettings
from web.api import install_api
from web.staff import StaffSite

AGENCY = "Dinas Kependudukan dan Pencatatan Sipil Kota Contoh"


def api_app(
    db: Database, *, context: EscalationContext | None = None, sla: SlaConfig | None = None
) -> FastAPI:
    app = build_http_app(WebSettings(_env_file=None))
    site = StaffSite(
        db=db,
        auth=StaffAuth(settings=cheap_settings()),
        agency_name=AGENCY,
        timezone=ZoneInfo("Asia/Jakarta"),
        sla=sla,
        escalation=context,
    )
    install_api(app, site)
    return app


async def new_token(
    db: Database,
    name: str,
    *scopes: str,
    units: Collection[str] = (),
    person: str | None = None,
) -> tuple[int, str]:
    """A new client's id and its token, as `tanggap api-client add` makes them."""
    async with db.session() as session:
        created = await create_client(session, name=name, scopes=scopes, units=units, person_id=person)
    return created.info.id, created.token


async def revoke(db: Database, client_id: int) -> None:
    async with db.session() as session:
        await revoke_client(session, client_id=client_id)


def integration(app: FastAPI, token: str | None = None) -> httpx.AsyncClient:
    headers = {"Authorization": f"Bearer {token}"} if token else {}
    return httpx.AsyncClient(
        transport=httpx.ASGITransport(app=app), base_url="http://tanggap.test", headers=headers
    )
