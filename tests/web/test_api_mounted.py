"""The API as `tanggap serve` mounts it: the service's own app, started by its lifespan on the sample
knowledge base, answers /api/v1 with the runtime's desk (a reply reaches the citizen's outbox)."""

from __future__ import annotations

import uuid
from pathlib import Path

import httpx
import pytest

from core.db import Database
from core.settings import CoreSettings
from tanggap.app import create_app
from tests.escalation.conftest import outbox
from tests.web.api_app import new_token
from tickets import NewTicket, TicketKind
from tickets import service as tickets


async def test_the_service_answers_the_api_with_its_desk(
    db: Database, database_url: str, tmp_path: Path, sample_kb_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    for name in ("TANGGAP_TELEGRAM_TOKEN", "TANGGAP_WHATSAPP_TOKEN", "TANGGAP_REDIS_URL"):
        monkeypatch.delenv(name, raising=False)
    app = create_app(CoreSettings(database_url=database_url, data_dir=tmp_path), kb_path=sample_kb_path)
    transport = httpx.ASGITransport(app=app)
    async with (
        app.router.lifespan_context(app),
        httpx.AsyncClient(transport=transport, base_url="http://tanggap.test") as api,
    ):
        async with db.session() as session:
            citizen = await tickets.get_or_create_citizen(
                session, channel="telegram", external_id=str(uuid.uuid4().int % 10**9)
            )
            ticket = await tickets.open_ticket(
                session,
                citizen=citizen,
                code_prefix="ADU",
                actor="citizen",
                ticket=NewTicket(
                    channel="telegram", kind=TicketKind.DM, description="Jalan berlubang.", unit_id="pupr"
                ),
            )
            code = ticket.code
        _, token = await new_token(db, "sistem-lapor", "tickets:write", person="petugas-pupr")
        refused = await api.get("/api/v1/tickets")
        replied = await api.post(
            f"/api/v1/tickets/{code}/reply",
            json={"text": "Tim kami meninjau lokasi."},
            headers={"Authorization": f"Bearer {token}"},
        )
    assert refused.status_code == 401
    assert replied.status_code == 200, replied.text
    assert any("Tim kami meninjau lokasi." in message.text for message in await outbox(db))
