"""Text with NUL and other control characters typed or pasted into a staff form (PostgreSQL refuses NUL
in text) is cleaned, never a server error: replies, notes, searches."""

from __future__ import annotations

from core.db import Database
from escalation import EscalationListener
from escalation.staff.auth import StaffAuth
from tests.escalation.conftest import events, kb, listener, settings, sla_config, smtp
from tests.escalation.staff.conftest import auth
from tests.web.test_staff_desk import form_of, officer_on

__all__ = ["auth", "kb", "listener", "settings", "sla_config", "smtp"]

DIRTY = "Lubang\x00 jalan akan kami\x07 tambal pada pekan ini."


async def test_control_characters_in_staff_forms_are_cleaned_not_a_server_error(
    db: Database, listener: EscalationListener, auth: StaffAuth
) -> None:
    browser, code, ticket_id = await officer_on(db, listener, auth)
    async with browser:
        form = await form_of(browser, code)
        searched = await browser.get("/staff/antrean", params={"cari": "jalan\x00"})
        replied = await browser.post(f"/staff/tiket/{code}/balas", data={**form, "text": DIRTY})
        resolved = await browser.post(
            f"/staff/tiket/{code}/selesai", data={"csrf": form["csrf"], "note": "Selesai\x00."}
        )
    assert searched.status_code == 200
    assert replied.status_code == 303
    assert resolved.status_code == 303
    assert (await events(db, ticket_id, "replied"))[0][
        "text"
    ] == "Lubang jalan akan kami tambal pada pekan ini."
