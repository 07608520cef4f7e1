"""The queue and a ticket's page as an officer opens them in the browser: their unit's tickets only,
the late ones first, personal data masked until revealed (and each reveal audited), another unit's
ticket not found."""

from __future__ import annotations

from core.clock import FrozenClock
from core.db import Database
from escalation import EscalationListener
from escalation.staff import repository
from escalation.staff.auth import StaffAuth
from escalation.staff.models import StaffRole
from tests.escalation.conftest import kb, listener, open_ticket, settings, sla_config, smtp
from tests.escalation.staff.conftest import auth
from tests.web.staff_app import signed_in_browser, staff_app
from tests.web.staff_steps import csrf_of
from tickets import Ticket

__all__ = ["auth", "kb", "listener", "settings", "sla_config", "smtp"]

NIK = "3174012345678901"
STORY = f"NIK saya {NIK}. Jalan di depan rumah berlubang besar, motor saya jatuh."


async def code_of(db: Database, ticket_id: int) -> str:
    async with db.reading() as session:
        found = await session.get(Ticket, ticket_id)
        assert found is not None
        return found.code


async def test_the_officer_sees_the_late_ticket_of_their_unit_first_and_nothing_else(
    db: Database, listener: EscalationListener, auth: StaffAuth, clock: FrozenClock
) -> None:
    older = await open_ticket(db, listener, unit_id="pupr", description="Lampu jalan mati sejak sebulan.")
    clock.advance(days=10)
    newer = await open_ticket(db, listener, unit_id="pupr", description="Saluran air tersumbat.")
    await open_ticket(db, listener, unit_id="disdukcapil", description="KTP-el saya belum jadi.")
    app = staff_app(db, auth)
    async with await signed_in_browser(app, db, auth, "andi", person_id="petugas-pupr") as browser:
        page = await browser.get("/staff/antrean")
    assert page.status_code == 200
    text = page.text
    first, second = await code_of(db, older), await code_of(db, newer)
    assert text.index(first) < text.index(second)
    assert "Terlambat" in text
    assert "KTP-el" not in text
    assert "2 tiket terbuka" in text


async def test_personal_data_is_masked_until_revealed_and_the_reveal_is_audited(
    db: Database, listener: EscalationListener, auth: StaffAuth
) -> None:
    ticket_id = await open_ticket(db, listener, unit_id="pupr", description=STORY)
    code = await code_of(db, ticket_id)
    app = staff_app(db, auth)
    async with await signed_in_browser(app, db, auth, "andi", person_id="petugas-pupr") as browser:
        masked = await browser.get(f"/staff/tiket/{code}")
        assert masked.status_code == 200
        assert NIK not in masked.text
        assert "berlubang besar" in masked.text
        assert "Dinas Pekerjaan Umum dan Penataan Ruang" in masked.text
        assert "Tanggapan pertama" in masked.text
        refused = await browser.post(f"/staff/tiket/{code}/buka-data", data={"csrf": "salah"})
        assert refused.status_code == 403
        shown = await browser.post(f"/staff/tiket/{code}/buka-data", data={"csrf": csrf_of(masked)})
    assert shown.status_code == 200
    assert NIK in shown.text
    async with db.reading() as session:
        entries = await repository.audit_entries(session, ticket_id=ticket_id)
        seen = [(str(entry.action), entry.actor) for entry in entries]
    assert seen == [("view_personal_data", "account:andi")]


async def test_another_units_ticket_is_not_found_and_a_supervisor_sees_every_unit(
    db: Database, listener: EscalationListener, auth: StaffAuth
) -> None:
    ticket_id = await open_ticket(db, listener, unit_id="disdukcapil", description="KTP-el saya belum jadi.")
    code = await code_of(db, ticket_id)
    app = staff_app(db, auth)
    async with await signed_in_browser(app, db, auth, "andi", person_id="petugas-pupr") as officer:
        other = await officer.get(f"/staff/tiket/{code}")
        missing = await officer.get("/staff/tiket/ADU-2026-999999")
    assert other.status_code == 404
    assert missing.status_code == 404
    assert other.text.count("tidak ditemukan") == missing.text.count("tidak ditemukan")
    async with await signed_in_browser(
        app, db, auth, "hendra", role=StaffRole.UNIT_HEAD, person_id="asisten-pemerintahan"
    ) as head:
        seen = await head.get("/staff/antrean")
    assert seen.status_code == 200


async def test_the_queue_is_narrowed_by_channel_kind_and_category_and_its_list_comes_alone_for_the_refresh(
    db: Database, listener: EscalationListener, auth: StaffAuth
) -> None:
    from tickets import TicketKind

    await open_ticket(db, listener, unit_id="pupr", description="Saluran air tersumbat di Gang Mawar.")
    comment = await open_ticket(
        db, listener, unit_id="pupr", kind=TicketKind.COMMENT, description="Jembatan retak di Jalan Kenari."
    )
    code = await code_of(db, comment)
    app = staff_app(db, auth)
    async with await signed_in_browser(app, db, auth, "andi", person_id="petugas-pupr") as browser:
        comments = await browser.get("/staff/antrean?jenis=comment&kanal=telegram")
        none_on_web = await browser.get("/staff/antrean?kanal=web")
        bookmark = await browser.get("/staff/antrean?kanal=faks&jenis=surat&kategori=tidak-ada")
        part = await browser.get("/staff/antrean?jenis=comment", headers={"X-Tanggap-Part": "queue"})
    assert code in comments.text
    assert "Gang Mawar" not in comments.text
    assert "1 tiket terbuka" in comments.text
    assert "Tidak ada tiket yang sesuai" in none_on_web.text
    assert bookmark.status_code == 200
    assert "2 tiket terbuka" in bookmark.text  # unknown choices are ignored, not an error
    assert code in part.text
    assert "<html" not in part.text
