"""Handing a ticket on from its page, and what the message form offers: giving it to a colleague,
sending it outside the agency ("bukan wewenang"), marking it, starting from a canned response, the
register check on slang, and the warning when WhatsApp's 24-hour window has closed."""

from __future__ import annotations

from datetime import timedelta

from core import clock
from core.db import Database
from escalation import EscalationListener
from escalation.staff.auth import StaffAuth
from tests.escalation.conftest import (
    kb,
    listener,
    load,
    open_ticket,
    outbox,
    settings,
    sla_config,
    smtp,
)
from tests.escalation.staff.conftest import auth
from tests.web.staff_app import signed_in_browser, staff_app
from tests.web.test_staff_desk import audited, form_of, officer_on
from tickets import Citizen, Ticket, TicketStatus

__all__ = ["auth", "kb", "listener", "settings", "sla_config", "smtp"]


async def test_the_officer_gives_the_ticket_to_the_head_of_the_unit(
    db: Database, listener: EscalationListener, auth: StaffAuth
) -> None:
    browser, code, ticket_id = await officer_on(db, listener, auth)
    async with browser:
        form = await form_of(browser, code)
        given = await browser.post(
            f"/staff/tiket/{code}/serahkan", data={"csrf": form["csrf"], "person": "kadis-pupr"}
        )
        assert given.status_code == 303
        page = await browser.get(given.headers["location"])
        stranger = await browser.post(
            f"/staff/tiket/{code}/serahkan", data={"csrf": form["csrf"], "person": "petugas-pdam"}
        )
    assert "Tiket telah diserahkan kepada rekan Anda." in page.text
    assert "Ir. Slamet Riyadi" in page.text
    assert stranger.status_code == 404
    assert [action for action, _, _ in await audited(db, ticket_id)] == ["assign"]


async def test_a_complaint_for_another_body_is_sent_outside_and_the_citizen_told_how_to_reach_it(
    db: Database, listener: EscalationListener, auth: StaffAuth
) -> None:
    browser, code, ticket_id = await officer_on(db, listener, auth)
    async with browser:
        form = await form_of(browser, code)
        sent = await browser.post(
            f"/staff/tiket/{code}/luar", data={"csrf": form["csrf"], "body": "pln", "note": "Listrik padam"}
        )
        assert sent.status_code == 303
        page = await browser.get(sent.headers["location"])
    assert "Tiket telah diteruskan ke instansi yang berwenang" in page.text
    assert (await load(db, ticket_id)).status not in (TicketStatus.OPEN, TicketStatus.IN_PROGRESS)
    told = [message.text for message in await outbox(db) if "PLN Mobile" in message.text]
    assert len(told) == 1
    assert [action for action, _, _ in await audited(db, ticket_id)] == ["forward_outside"]


async def test_marking_a_ticket_confidential_and_anonymous(
    db: Database, listener: EscalationListener, auth: StaffAuth
) -> None:
    browser, code, ticket_id = await officer_on(db, listener, auth)
    async with browser:
        form = await form_of(browser, code)
        marked = await browser.post(
            f"/staff/tiket/{code}/tandai",
            data={"csrf": form["csrf"], "confidential": "true", "anonymous": "true"},
        )
        assert marked.status_code == 303
    ticket = await load(db, ticket_id)
    assert (ticket.confidential, ticket.anonymous) == (True, True)
    assert [action for action, _, _ in await audited(db, ticket_id)] == ["flags"]


async def test_a_canned_response_starts_the_message_filled_in_for_this_ticket(
    db: Database, listener: EscalationListener, auth: StaffAuth
) -> None:
    browser, code, _ = await officer_on(db, listener, auth)
    async with browser:
        page = await browser.get(f"/staff/tiket/{code}?templat=jadwal-perbaikan-jalan")
        foreign = await browser.get(f"/staff/tiket/{code}?templat=tidak-ada")
    assert page.status_code == 200
    assert f"Perbaikan atas aduan {code} sudah masuk jadwal pekerjaan" in page.text
    assert "Perbaikan jalan sudah dijadwalkan" in page.text  # offered in the list
    assert "sudah masuk jadwal pekerjaan" not in foreign.text


async def test_slang_is_flagged_before_it_reaches_the_citizen(
    db: Database, listener: EscalationListener, auth: StaffAuth
) -> None:
    browser, code, _ = await officer_on(db, listener, auth)
    async with browser:
        form = await form_of(browser, code)
        flagged = await browser.post(
            f"/staff/tiket/{code}/balas", data={**form, "text": "siap bro, nanti dicek"}
        )
    assert flagged.status_code == 422
    assert "bro" in flagged.text
    assert "diperiksa" in flagged.text  # how to write it instead
    assert not [message for message in await outbox(db) if "siap bro" in message.text]


async def citizen_wrote(db: Database, ticket_id: int, *, hours_ago: float) -> None:
    async with db.session() as session:
        ticket = await session.get(Ticket, ticket_id)
        assert ticket is not None
        ticket.channel = "whatsapp"
        citizen = await session.get(Citizen, ticket.citizen_id)
        assert citizen is not None
        citizen.last_message_at = clock.now() - timedelta(hours=hours_ago)


async def test_the_page_warns_when_whatsapps_window_has_closed(
    db: Database, listener: EscalationListener, auth: StaffAuth
) -> None:
    ticket_id = await open_ticket(db, listener, unit_id="pupr", description="Jalan berlubang di Jalan Mawar.")
    code = (await load(db, ticket_id)).code
    app = staff_app(db, auth, context=listener.context)
    async with await signed_in_browser(app, db, auth, "andi", person_id="petugas-pupr") as browser:
        await citizen_wrote(db, ticket_id, hours_ago=2)
        fresh = await browser.get(f"/staff/tiket/{code}")
        await citizen_wrote(db, ticket_id, hours_ago=25)
        closed = await browser.get(f"/staff/tiket/{code}")
    assert "lebih dari 24 jam" not in fresh.text
    assert "lebih dari 24 jam" in closed.text
