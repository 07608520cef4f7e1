"""The citizen's photos on a ticket's page: shown to the staff who see the ticket, "not found" for
another unit's staff, and a photo asked for under another ticket's code is not served."""

from __future__ import annotations

import hashlib
import io
from pathlib import Path

from PIL import Image

from core.db import Database
from escalation import EscalationListener
from escalation.staff.auth import StaffAuth
from tests.escalation.conftest import kb, listener, load, open_ticket, settings, sla_config, smtp
from tests.escalation.staff.conftest import auth
from tests.web.staff_app import signed_in_browser, staff_app
from tickets import Ticket
from tickets import service as tickets

__all__ = ["auth", "kb", "listener", "settings", "sla_config", "smtp"]


async def photo_on(db: Database, ticket_id: int, root: Path) -> int:
    buffer = io.BytesIO()
    Image.new("RGB", (40, 30), (200, 80, 40)).save(buffer, "JPEG")
    content = buffer.getvalue()
    (root / "foto").mkdir(parents=True, exist_ok=True)
    (root / "foto" / "lubang.jpg").write_bytes(content)
    async with db.session() as session:
        ticket = await session.get(Ticket, ticket_id)
        assert ticket is not None
        row = await tickets.attach(
            session,
            ticket=ticket,
            attachment=tickets.NewAttachment(
                kind="photo",
                storage_path="foto/lubang.jpg",
                content_type="image/jpeg",
                size_bytes=len(content),
                sha256=hashlib.sha256(content).hexdigest(),
            ),
            actor="citizen",
        )
        assert row.id is not None
        return row.id


async def test_the_officer_sees_the_photo_and_others_do_not(
    db: Database, listener: EscalationListener, auth: StaffAuth, tmp_path: Path
) -> None:
    ticket_id = await open_ticket(
        db, listener, unit_id="pupr", description="Jalan berlubang, foto terlampir."
    )
    other_id = await open_ticket(db, listener, unit_id="pupr", description="Saluran tersumbat.")
    photo_id = await photo_on(db, ticket_id, tmp_path)
    code, other = (await load(db, ticket_id)).code, (await load(db, other_id)).code
    app = staff_app(db, auth, attachments_root=tmp_path)
    async with await signed_in_browser(app, db, auth, "andi", person_id="petugas-pupr") as officer:
        page = await officer.get(f"/staff/tiket/{code}")
        image = await officer.get(f"/staff/tiket/{code}/foto/{photo_id}")
        elsewhere = await officer.get(f"/staff/tiket/{other}/foto/{photo_id}")
    assert f"/staff/tiket/{code}/foto/{photo_id}" in page.text
    assert image.status_code == 200
    assert image.headers["content-type"] == "image/jpeg"
    assert image.content == (tmp_path / "foto" / "lubang.jpg").read_bytes()
    assert elsewhere.status_code == 404
    async with await signed_in_browser(app, db, auth, "maya", person_id="petugas-dukcapil") as stranger:
        refused = await stranger.get(f"/staff/tiket/{code}/foto/{photo_id}")
    assert refused.status_code == 404
