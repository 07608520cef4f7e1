"""The audit log in the browser: every staff action, newest first, with who, which ticket and from
which address; filters by action, username, ticket code and period; 50 a page; personal data never
shown; supervisors and admins only (and only they see the menu's link)."""

from __future__ import annotations

import httpx

from core.clock import FrozenClock
from core.db import Database
from escalation import EscalationListener
from escalation.staff.audit import AuditAction, audit
from escalation.staff.auth import StaffAuth
from escalation.staff.models import StaffRole
from escalation.staff.principal import OPERATOR
from tests.escalation.conftest import kb, listener, open_ticket, settings, sla_config, smtp
from tests.escalation.staff.conftest import add_account, auth
from tests.web.staff_app import signed_in_browser, signed_in_supervisor, staff_app
from tests.web.staff_steps import csrf_of
from tests.web.test_staff_queue import STORY, code_of

__all__ = ["auth", "kb", "listener", "settings", "sla_config", "smtp"]

REVEALED = "Data pribadi dibuka"
DISABLED = "Akun dinonaktifkan"


def table_of(page: httpx.Response) -> str:
    """The rows of the log (the filter's choices name every action too)."""
    assert page.status_code == 200, page.text
    return page.text.split("<tbody>")[1].split("</tbody>")[0] if "<tbody>" in page.text else ""


async def test_the_log_shows_each_action_newest_first_and_filters_it(
    db: Database, listener: EscalationListener, auth: StaffAuth, clock: FrozenClock
) -> None:
    ticket_id = await open_ticket(db, listener, unit_id="pupr", description=STORY)
    code = await code_of(db, ticket_id)
    app = staff_app(db, auth)
    await add_account(db, auth, "sari")
    async with await signed_in_browser(app, db, auth, "andi", person_id="petugas-pupr") as andi:
        masked = await andi.get(f"/staff/tiket/{code}")
        assert (
            await andi.post(f"/staff/tiket/{code}/buka-data", data={"csrf": csrf_of(masked)})
        ).status_code == 200
    clock.advance(days=1)  # a day later, signed in afresh
    async with await signed_in_supervisor(app, db, auth, "it-admin", role=StaffRole.ADMIN) as admin:
        users = await admin.get("/staff/pengguna")
        done = await admin.post(
            "/staff/pengguna/sari/nonaktifkan", data={"csrf": csrf_of(users), "yakin": "ya"}
        )
        assert done.status_code == 303
        async with await signed_in_supervisor(app, db, auth, "penyelia") as supervisor:
            everything = table_of(await supervisor.get("/staff/audit"))
            assert everything.index(DISABLED) < everything.index(REVEALED)
            disabled_row = next(row for row in everything.split("</tr>") if DISABLED in row)
            assert "it-admin" in disabled_row
            assert "127.0.0.1" in disabled_row
            assert "nama pengguna: sari" in disabled_row
            assert "(halaman petugas)" in disabled_row
            assert "tahap: masuk sepenuhnya" in everything  # a sign-in's stage by its name, not "full"
            created_row = next(
                row
                for row in everything.split("</tr>")
                if "nama pengguna: sari" in row and "Akun dibuat" in row
            )
            assert "Operator server (baris perintah)" in created_row
            assert "peran: Petugas" in created_row
            assert "10.0.0.5" in everything  # the sign-ins' address

            only_reveal = table_of(
                await supervisor.get("/staff/audit", params={"tindakan": "view_personal_data"})
            )
            assert only_reveal.count("<tr>") == 1
            assert f'href="/staff/tiket/{code}"' in only_reveal
            assert "andi" in only_reveal

            by_andi = table_of(await supervisor.get("/staff/audit", params={"pengguna": "ANDI"}))
            assert REVEALED in by_andi
            assert DISABLED not in by_andi
            by_ticket = table_of(await supervisor.get("/staff/audit", params={"tiket": code.lower()}))
            assert by_ticket.count("<tr>") == 1
            assert REVEALED in by_ticket

            second_day = table_of(await supervisor.get("/staff/audit", params={"dari": "2026-11-24"}))
            assert DISABLED in second_day
            assert REVEALED not in second_day
            first_day = await supervisor.get(
                "/staff/audit", params={"dari": "2026-11-23", "sampai": "2026-11-23"}
            )
            assert REVEALED in table_of(first_day)
            assert DISABLED not in table_of(first_day)

            backwards = await supervisor.get(
                "/staff/audit", params={"dari": "2026-11-24", "sampai": "2026-11-23"}
            )
            assert backwards.status_code == 400
            assert "Tanggal akhir lebih awal daripada tanggal awal" in backwards.text
            unreadable = await supervisor.get("/staff/audit", params={"dari": "kemarin"})
            assert unreadable.status_code == 400
            assert "Tanggal tidak dapat dibaca" in unreadable.text
            nobody = await supervisor.get("/staff/audit", params={"pengguna": "tidak-ada"})
            assert table_of(nobody) == ""
            assert "Tidak ada catatan yang sesuai" in nobody.text


async def test_fifty_entries_a_page_and_no_personal_data_shown(
    db: Database, listener: EscalationListener, auth: StaffAuth
) -> None:
    async with db.session() as session:
        for number in range(55):
            detail = {"note": f"nomor {number} NIK 3174012345678901"}
            await audit(session, OPERATOR, AuditAction.FLAGS, detail=detail, ip="10.1.1.1")
    app = staff_app(db, auth)
    async with await signed_in_supervisor(app, db, auth, "penyelia") as supervisor:
        first = await supervisor.get("/staff/audit", params={"tindakan": "flags"})
        assert table_of(first).count("<tr>") == 50
        assert "55 catatan, halaman 1 dari 2" in first.text
        assert "nomor 54 " in table_of(first)
        assert "3174012345678901" not in first.text
        assert "3174********8901" in first.text
        assert "halaman=2" in first.text
        second = await supervisor.get("/staff/audit", params={"tindakan": "flags", "halaman": "2"})
        assert table_of(second).count("<tr>") == 5
        assert "nomor 0 " in table_of(second)
        assert "10.1.1.1" in table_of(second)


async def test_officers_and_unit_heads_are_refused_and_see_no_link(
    db: Database, listener: EscalationListener, auth: StaffAuth
) -> None:
    app = staff_app(db, auth)
    async with (
        await signed_in_browser(app, db, auth, "andi", person_id="petugas-pupr") as officer,
        await signed_in_browser(
            app, db, auth, "kepala", role=StaffRole.UNIT_HEAD, person_id="kabag-pengaduan"
        ) as head,
        await signed_in_supervisor(app, db, auth, "penyelia") as supervisor,
        await signed_in_supervisor(app, db, auth, "it-admin", role=StaffRole.ADMIN) as admin,
    ):
        for browser in (officer, head):
            refused = await browser.get("/staff/audit")
            assert refused.status_code == 403
            assert "hanya dapat dibuka oleh penyelia dan administrator" in refused.text
            assert "3174" not in refused.text
            home = await browser.get("/staff")
            assert 'href="/staff/audit"' not in home.text
            assert 'href="/staff/pengguna"' not in home.text
        supervisor_home = await supervisor.get("/staff")
        assert 'href="/staff/audit"' in supervisor_home.text
        assert 'href="/staff/pengguna"' not in supervisor_home.text
        admin_home = await admin.get("/staff")
        assert 'href="/staff/audit"' in admin_home.text
        assert 'href="/staff/pengguna"' in admin_home.text
        assert (await admin.get("/staff/audit")).status_code == 200
