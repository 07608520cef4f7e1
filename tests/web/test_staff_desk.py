"""An officer works a ticket from its page: takes it, replies (the reply goes to the citizen's own
channel and is the SLA's response), asks the citizen (the clocks pause), resolves it, forwards it. A
reply is checked before it goes: empty or too long, or flagged by the register rules, it comes back
with the officer's text kept; a form sent twice sends once; every action is audited."""

from __future__ import annotations

import re

import httpx

from core.db import Database
from escalation import EscalationListener
from escalation.staff import repository
from escalation.staff.auth import StaffAuth
from sla import SlaClock
from tests.escalation.conftest import (
    events,
    kb,
    level_of,
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
from tests.web.staff_steps import csrf_of
from tickets import TicketStatus

__all__ = ["auth", "kb", "listener", "settings", "sla_config", "smtp"]

FORM_KEY = re.compile(r'name="form_key" value="([^"]+)"')


async def officer_on(
    db: Database, listener: EscalationListener, auth: StaffAuth, unit_id: str = "pupr"
) -> tuple[httpx.AsyncClient, str, int]:
    """The PUPR officer's browser, and the code and id of a new ticket of `unit_id`."""
    ticket_id = await open_ticket(
        db, listener, unit_id=unit_id, description="Jalan berlubang di depan pasar."
    )
    code = (await load(db, ticket_id)).code
    app = staff_app(db, auth, context=listener.context)
    browser = await signed_in_browser(app, db, auth, "andi", person_id="petugas-pupr")
    return browser, code, ticket_id


async def form_of(browser: httpx.AsyncClient, code: str) -> dict[str, str]:
    page = await browser.get(f"/staff/tiket/{code}")
    assert page.status_code == 200
    found = FORM_KEY.search(page.text)
    assert found is not None
    return {"csrf": csrf_of(page), "form_key": found.group(1)}


async def clocks_of(db: Database, ticket_id: int) -> dict[str, str]:
    async with db.reading() as session:
        rows = (await session.execute(SlaClock.__table__.select())).mappings().all()  # type: ignore[attr-defined]
        return {row["kind"]: row["status"] for row in rows if row["ticket_id"] == ticket_id}


async def audited(db: Database, ticket_id: int) -> list[tuple[str, str, str | None]]:
    """The ticket's audit entries, oldest first."""
    async with db.reading() as session:
        entries = await repository.audit_entries(session, ticket_id=ticket_id)
        return [(str(entry.action), entry.actor, entry.channel) for entry in reversed(entries)]


async def test_the_officer_takes_the_ticket_and_replies_through_the_citizens_channel(
    db: Database, listener: EscalationListener, auth: StaffAuth
) -> None:
    browser, code, ticket_id = await officer_on(db, listener, auth)
    async with browser:
        form = await form_of(browser, code)
        taken = await browser.post(f"/staff/tiket/{code}/ambil", data={"csrf": form["csrf"]})
        assert taken.status_code == 303
        shown = await browser.get(taken.headers["location"])
        assert "Tiket telah Anda ambil." in shown.text
        assert "Tiket ini sedang Anda tangani." in shown.text
        text = "Lubang jalan tersebut akan kami tambal pada pekan ini. Terima kasih atas laporannya."
        sent = await browser.post(f"/staff/tiket/{code}/balas", data={**form, "text": text})
        assert sent.status_code == 303, re.findall(r'role="alert">(.*?)</div>', sent.text, re.S)
        after = await browser.get(sent.headers["location"])
    assert "Balasan telah dikirim kepada warga" in after.text
    assert "Dibalas petugas · Andi Saputra" in after.text
    messages = [message for message in await outbox(db) if text in message.text]
    assert [message.channel for message in messages] == ["telegram"]
    assert messages[0].text.startswith("Yth. Bapak/Ibu,")
    assert (await load(db, ticket_id)).status == TicketStatus.IN_PROGRESS
    assert (await clocks_of(db, ticket_id))["first_response"] == "met"
    assert [action for action, _, _ in await audited(db, ticket_id)] == ["claim", "reply"]
    assert {(actor, channel) for _, actor, channel in await audited(db, ticket_id)} == {
        ("account:andi", "web")
    }


async def test_a_reply_sent_twice_by_the_same_form_reaches_the_citizen_once(
    db: Database, listener: EscalationListener, auth: StaffAuth
) -> None:
    browser, code, ticket_id = await officer_on(db, listener, auth)
    text = "Laporan sudah kami teruskan kepada tim lapangan untuk diperiksa."
    async with browser:
        form = {**await form_of(browser, code), "text": text}
        first = await browser.post(f"/staff/tiket/{code}/balas", data=form)
        again = await browser.post(f"/staff/tiket/{code}/balas", data=form)
    assert (first.status_code, again.status_code) == (303, 303)
    assert len([message for message in await outbox(db) if text in message.text]) == 1
    assert len(await events(db, ticket_id, "replied")) == 1


async def test_a_reply_the_register_rules_flag_comes_back_and_goes_only_when_confirmed(
    db: Database, listener: EscalationListener, auth: StaffAuth
) -> None:
    browser, code, ticket_id = await officer_on(db, listener, auth)
    text = "Oke gan, udah kami cek ya, nanti dibenerin."
    async with browser:
        form = {**await form_of(browser, code), "text": text}
        flagged = await browser.post(f"/staff/tiket/{code}/balas", data=form)
        assert flagged.status_code == 422
        assert "Pesan belum dikirim." in flagged.text
        assert text in flagged.text
        rules = re.findall(r'name="confirm" value="([^"]+)"', flagged.text)
        assert rules
        assert not [message for message in await outbox(db) if text in message.text]
        confirmed = await browser.post(f"/staff/tiket/{code}/balas", data={**form, "confirm": rules})
    assert confirmed.status_code == 303
    assert len([message for message in await outbox(db) if text in message.text]) == 1
    assert (await events(db, ticket_id, "replied"))[0]["register_confirmed"] == rules


async def test_an_empty_or_too_long_reply_comes_back_with_the_reason_and_nothing_is_sent(
    db: Database, listener: EscalationListener, auth: StaffAuth
) -> None:
    browser, code, ticket_id = await officer_on(db, listener, auth)
    long_text = ("Terima kasih atas laporan Bapak/Ibu. " * 1400)[:50_000]
    async with browser:
        form = await form_of(browser, code)
        empty = await browser.post(f"/staff/tiket/{code}/balas", data={**form, "text": "   "})
        too_long = await browser.post(f"/staff/tiket/{code}/balas", data={**form, "text": long_text})
    assert empty.status_code == 422
    assert "Pesan belum diisi." in empty.text
    assert too_long.status_code == 422
    assert "Pesan terlalu panjang." in too_long.text
    assert long_text.strip()[:200] in too_long.text
    assert await events(db, ticket_id, "replied") == []


async def test_asking_the_citizen_pauses_the_clocks_until_they_answer(
    db: Database, listener: EscalationListener, auth: StaffAuth
) -> None:
    browser, code, ticket_id = await officer_on(db, listener, auth)
    question = "Mohon kirimkan foto lubang jalan dan patokan lokasi terdekat."
    async with browser:
        form = await form_of(browser, code)
        asked = await browser.post(f"/staff/tiket/{code}/tanya", data={**form, "text": question})
        assert asked.status_code == 303
        page = await browser.get(asked.headers["location"])
    assert "Tenggat layanan dijeda sampai warga menjawab." in page.text
    assert (await load(db, ticket_id)).status == TicketStatus.WAITING_CITIZEN
    assert (await clocks_of(db, ticket_id))["resolution"] == "paused"
    assert [message.channel for message in await outbox(db) if question in message.text] == ["telegram"]


async def test_resolving_tells_the_citizen_and_a_resolved_ticket_takes_no_more_replies(
    db: Database, listener: EscalationListener, auth: StaffAuth
) -> None:
    browser, code, ticket_id = await officer_on(db, listener, auth)
    async with browser:
        form = await form_of(browser, code)
        note = "Lubang jalan telah ditambal pada 3 Desember."
        resolved = await browser.post(
            f"/staff/tiket/{code}/selesai", data={"csrf": form["csrf"], "note": note}
        )
        assert resolved.status_code == 303
        page = await browser.get(resolved.headers["location"])
        late = await browser.post(f"/staff/tiket/{code}/balas", data={**form, "text": "Satu hal lagi."})
    assert "Tiket ditandai selesai." in page.text
    assert "Tiket ini sudah selesai atau ditutup." in page.text
    assert (await load(db, ticket_id)).status == TicketStatus.RESOLVED
    assert [message.channel for message in await outbox(db) if note in message.text] == ["telegram"]
    assert late.status_code == 409
    assert await events(db, ticket_id, "replied") == []


async def test_forwarding_sends_the_ticket_to_the_other_unit_and_out_of_the_officers_sight(
    db: Database, listener: EscalationListener, auth: StaffAuth
) -> None:
    browser, code, ticket_id = await officer_on(db, listener, auth)
    async with browser:
        form = await form_of(browser, code)
        moved = await browser.post(
            f"/staff/tiket/{code}/teruskan", data={"csrf": form["csrf"], "unit": "dishub", "note": "PJU"}
        )
        assert moved.status_code == 303
        gone = await browser.get(moved.headers["location"])
    assert gone.status_code == 404
    assert (await level_of(db, ticket_id)) == ("dishub", 0)
    assert [action for action, _, _ in await audited(db, ticket_id)] == ["forward"]


async def test_no_action_without_the_forms_token_or_on_another_units_ticket(
    db: Database, listener: EscalationListener, auth: StaffAuth
) -> None:
    browser, code, ticket_id = await officer_on(db, listener, auth)
    other_id = await open_ticket(db, listener, unit_id="disdukcapil", description="KTP-el saya belum jadi.")
    other = (await load(db, other_id)).code
    async with browser:
        form = await form_of(browser, code)
        forged = await browser.post(f"/staff/tiket/{code}/ambil", data={"csrf": "palsu"})
        foreign = await browser.post(f"/staff/tiket/{other}/ambil", data={"csrf": form["csrf"]})
    assert forged.status_code == 403
    assert foreign.status_code == 404
    assert await audited(db, ticket_id) == []
    assert await audited(db, other_id) == []
