"""The admins' accounts page as an admin uses it: add an officer who can then sign in, a weak password
refused with its reason, disable, reset two-factor, a new password, end every session, create the
directory's accounts; non-admins and forged forms change nothing; each change in the audit log."""

from __future__ import annotations

import httpx

from core.db import Database
from escalation import EscalationListener
from escalation.models import Person
from escalation.staff import repository
from escalation.staff.auth import StaffAuth
from escalation.staff.models import StaffRole
from tests.escalation.conftest import kb, listener, settings, sla_config, smtp
from tests.escalation.staff.conftest import PASSWORD, account, auth
from tests.web.staff_app import browser_for, signed_in_browser, signed_in_supervisor, staff_app
from tests.web.staff_steps import audit_actions, csrf_of, submit_password
from web.staff.cookies import PLAIN_NAME

__all__ = ["auth", "kb", "listener", "settings", "sla_config", "smtp"]

NEW_PASSWORD = "sandi-baru-yang-panjang-77"
TWO_FACTOR_CELL = '<td data-label="Verifikasi dua langkah">{}</td>'


async def admin_browser(db: Database, auth: StaffAuth) -> tuple[httpx.AsyncClient, httpx.AsyncClient]:
    """(the admin's browser, a fresh browser on the same app)."""
    app = staff_app(db, auth)
    admin = await signed_in_supervisor(app, db, auth, "it-admin", role=StaffRole.ADMIN)
    return admin, browser_for(app)


async def post_form(browser: httpx.AsyncClient, path: str, **data: str) -> httpx.Response:
    page = await browser.get("/staff/pengguna")
    assert page.status_code == 200, page.text
    return await browser.post(path, data={"csrf": csrf_of(page), **data})


async def test_the_admin_adds_an_officer_who_can_then_sign_in(
    db: Database, listener: EscalationListener, auth: StaffAuth
) -> None:
    admin, other = await admin_browser(db, auth)
    async with admin, other:
        added = await post_form(
            admin,
            "/staff/pengguna",
            username="Rina",
            role="officer",
            person="petugas-pupr",
            password=PASSWORD,
        )
        assert added.status_code == 303
        page = await admin.get(added.headers["location"])
        assert "Akun rina telah dibuat." in page.text
        async with db.reading() as session:
            person = await session.get(Person, "petugas-pupr")
            assert person is not None
            name = person.name
        row = page.text.split('id="akun-rina"')[1].split("</tr>")[0]
        assert name in row
        assert "Petugas" in row
        assert "Belum pernah" in row
        signed = await submit_password(other, "rina", PASSWORD)
        assert signed.status_code == 303
        assert signed.headers["location"] == "/staff"
        assert (await other.get("/staff")).status_code == 200
        listing = await admin.get("/staff/pengguna")
        assert "Belum pernah" not in listing.text.split('id="akun-rina"')[1].split("</tr>")[0]
    assert "account_created" in await audit_actions(db)


async def test_a_weak_password_is_refused_with_its_reason_and_the_form_kept(
    db: Database, listener: EscalationListener, auth: StaffAuth
) -> None:
    admin, other = await admin_browser(db, auth)
    async with admin, other:
        refused = await post_form(
            admin,
            "/staff/pengguna",
            username="rina",
            role="unit_head",
            person="petugas-pupr",
            password="pendek1",
        )
        assert refused.status_code == 400
        assert "Kata sandi terlalu pendek: minimal 12 karakter." in refused.text
        assert 'value="rina"' in refused.text
        assert '<option value="unit_head" selected>' in refused.text
        assert '<option value="petugas-pupr" selected>' in refused.text
        assert "pendek1" not in refused.text
        taken = await post_form(
            admin, "/staff/pengguna", username="it-admin", role="officer", password=PASSWORD
        )
        assert taken.status_code == 400
        assert "sudah digunakan" in taken.text
        bad_name = await post_form(admin, "/staff/pengguna", username="r", role="officer", password=PASSWORD)
        assert bad_name.status_code == 400
        assert "Nama pengguna tidak dapat digunakan" in bad_name.text
        assert 'id="akun-rina"' not in (await admin.get("/staff/pengguna")).text
    assert (await audit_actions(db)).count("account_created") == 1  # the admin's own


async def test_others_than_admins_are_refused_and_nothing_changes(
    db: Database, listener: EscalationListener, auth: StaffAuth
) -> None:
    app = staff_app(db, auth)
    async with (
        await signed_in_browser(app, db, auth, "sari", person_id="petugas-pupr") as officer,
        await signed_in_supervisor(app, db, auth, "penyelia") as supervisor,
    ):
        for browser in (officer, supervisor):
            page = await browser.get("/staff/pengguna")
            assert page.status_code == 403
            assert "Hanya administrator" in page.text
            assert 'href="/staff/pengguna"' not in page.text
            home = await browser.get("/staff")
            added = await browser.post(
                "/staff/pengguna",
                data={"csrf": csrf_of(home), "username": "rina", "role": "admin", "password": PASSWORD},
            )
            assert added.status_code == 403
            disabled = await browser.post(
                "/staff/pengguna/penyelia/nonaktifkan", data={"csrf": csrf_of(home), "yakin": "ya"}
            )
            assert disabled.status_code == 403
        assert (await supervisor.get("/staff")).status_code == 200
    async with db.reading() as session:
        assert await repository.account_by_username(session, "rina") is None
    assert (await audit_actions(db)).count("account_created") == 2  # sari's and the supervisor's


async def test_disabling_an_account_ends_its_session_at_once(
    db: Database, listener: EscalationListener, auth: StaffAuth
) -> None:
    admin, _ = await admin_browser(db, auth)
    app = staff_app(db, auth)
    async with admin, await signed_in_browser(app, db, auth, "sari", person_id="petugas-pupr") as sari:
        unconfirmed = await post_form(admin, "/staff/pengguna/sari/nonaktifkan")
        assert unconfirmed.status_code == 400
        assert "centang kotak konfirmasi" in unconfirmed.text
        assert (await sari.get("/staff")).status_code == 200
        done = await post_form(admin, "/staff/pengguna/sari/nonaktifkan", yakin="ya")
        assert done.status_code == 303
        assert "Akun sari telah dinonaktifkan" in (await admin.get(done.headers["location"])).text
        assert (await sari.get("/staff")).status_code == 303
        assert (await submit_password(sari, "sari", PASSWORD)).status_code != 303
        self_disable = await post_form(admin, "/staff/pengguna/it-admin/nonaktifkan", yakin="ya")
        assert self_disable.status_code == 400
        assert "tidak dapat menonaktifkan akun Anda sendiri" in self_disable.text
        assert (await admin.get("/staff")).status_code == 200
        enabled = await post_form(admin, "/staff/pengguna/sari/aktifkan")
        assert enabled.status_code == 303
    assert (await account(db, "sari")).disabled is False
    actions = await audit_actions(db)
    assert actions.count("account_disabled") == 1
    assert "account_enabled" in actions


async def test_resetting_two_factor_signs_them_out_and_they_enrol_again(
    db: Database, listener: EscalationListener, auth: StaffAuth
) -> None:
    admin, _ = await admin_browser(db, auth)
    app = staff_app(db, auth)
    async with admin, await signed_in_supervisor(app, db, auth, "penyelia") as supervisor:
        listing_before = await admin.get("/staff/pengguna")
        before = listing_before.text.split('id="akun-penyelia"')[1].split("</tr>")[0]
        assert TWO_FACTOR_CELL.format("Aktif") in before
        assert 'action="/staff/pengguna/penyelia/reset-2fa"' in listing_before.text
        done = await post_form(admin, "/staff/pengguna/penyelia/reset-2fa", yakin="ya")
        assert done.status_code == 303
        assert (await supervisor.get("/staff")).status_code == 303
        listing_after = await admin.get("/staff/pengguna")
        after = listing_after.text.split('id="akun-penyelia"')[1].split("</tr>")[0]
        assert TWO_FACTOR_CELL.format("Tidak aktif") in after
        assert 'action="/staff/pengguna/penyelia/reset-2fa"' not in listing_after.text
        again = await submit_password(supervisor, "penyelia", PASSWORD)
        assert again.headers["location"].startswith("/staff/daftar-2fa")
    assert (await account(db, "penyelia")).totp_enabled_at is None
    assert "two_factor_reset" in await audit_actions(db)


async def test_a_new_password_and_ending_every_session(
    db: Database, listener: EscalationListener, auth: StaffAuth
) -> None:
    admin, fresh = await admin_browser(db, auth)
    app = staff_app(db, auth)
    async with admin, fresh, await signed_in_browser(app, db, auth, "sari", person_id="petugas-pupr") as sari:
        weak = await post_form(admin, "/staff/pengguna/sari/sandi", password="sari-sari-sari-sari")
        assert weak.status_code == 400
        assert "tidak boleh memuat nama pengguna" in weak.text
        assert (await sari.get("/staff")).status_code == 200
        ended = await post_form(admin, "/staff/pengguna/sari/akhiri-sesi", yakin="ya")
        assert ended.status_code == 303
        assert (await sari.get("/staff")).status_code == 303
        assert (await admin.get("/staff")).status_code == 200
        changed = await post_form(admin, "/staff/pengguna/sari/sandi", password=NEW_PASSWORD)
        assert changed.status_code == 303
        assert (await submit_password(fresh, "sari", PASSWORD)).status_code != 303
        assert (await submit_password(fresh, "sari", NEW_PASSWORD)).status_code == 303
        unknown = await post_form(admin, "/staff/pengguna/tidak-ada/sandi", password=NEW_PASSWORD)
        assert unknown.status_code == 400
        assert "Akun tersebut tidak ditemukan." in unknown.text
    actions = await audit_actions(db)
    assert "sessions_revoked" in actions
    assert "password_set" in actions


async def test_the_directory_people_get_their_accounts_from_the_page(
    db: Database, listener: EscalationListener, auth: StaffAuth
) -> None:
    admin, _ = await admin_browser(db, auth)
    async with admin:
        synced = await post_form(admin, "/staff/pengguna/sinkronkan")
        assert synced.status_code == 303
        page = await admin.get(synced.headers["location"])
        assert "Sinkronisasi selesai: 18 akun dibuat atau dinonaktifkan." in page.text
        row = page.text.split('id="akun-kabag-pengaduan"')[1].split("</tr>")[0]
        assert "Kepala unit layanan" in row
        assert "Dinonaktifkan" in row
        assert "Belum memiliki kata sandi" in row
        no_password = await post_form(admin, "/staff/pengguna/kabag-pengaduan/aktifkan")
        assert no_password.status_code == 400
        assert "belum memiliki kata sandi" in no_password.text
    async with db.reading() as session:
        entries = await repository.audit_entries(session, limit=100)
        synced_from = {
            (e.actor, e.ip) for e in entries if e.action == "account_created" and e.detail.get("person")
        }
    assert synced_from == {("account:it-admin", "127.0.0.1")}


async def test_a_forged_form_changes_nothing(
    db: Database, listener: EscalationListener, auth: StaffAuth
) -> None:
    admin, _ = await admin_browser(db, auth)
    app = staff_app(db, auth)
    async with admin, await signed_in_browser(app, db, auth, "sari", person_id="petugas-pupr") as sari:
        forged = {"csrf": "palsu", "username": "rina", "role": "admin", "password": PASSWORD}
        assert (await admin.post("/staff/pengguna", data=forged)).status_code == 403
        assert (await admin.post("/staff/pengguna/sari/nonaktifkan", data={"yakin": "ya"})).status_code == 403
        other_csrf = {"csrf": sari.cookies[PLAIN_NAME], "yakin": "ya"}
        assert (await admin.post("/staff/pengguna/sari/akhiri-sesi", data=other_csrf)).status_code == 403
        assert (await sari.get("/staff")).status_code == 200
        assert 'id="akun-rina"' not in (await admin.get("/staff/pengguna")).text
    actions = await audit_actions(db)
    assert actions.count("account_created") == 2  # the admin's and sari's
    assert not {"account_disabled", "sessions_revoked"} & set(actions)
