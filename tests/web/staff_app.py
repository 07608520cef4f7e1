"""The staff pages as a browser meets them: the real HTTP app (guards, error handlers) with the staff
pages over the test database, and a signed-in session made by the real sign-in services."""

from __future__ import annotations

from pathlib import Path
from zoneinfo import ZoneInfo

import httpx
from fastapi import FastAPI

from core.db import Database
from escalation import EscalationContext
from escalation.staff.auth import StaffAuth
from escalation.staff.models import StaffRole
from sla import SlaConfig
from tanggap.app import build_http_app
from tests.escalation.staff.conftest import add_account, log_in, signed_in
from web import WebSettings
from web.staff import StaffSite, install_staff_pages
from web.staff.cookies import PLAIN_NAME

AGENCY = "Dinas Kependudukan dan Pencatatan Sipil Kota Contoh"


def staff_app(
    db: Database,
    auth: StaffAuth,
    *,
    proxies: str = "",
    context: EscalationContext | None = None,
    sla: SlaConfig | None = None,
    attachments_root: Path | None = None,
) -> FastAPI:
    web = WebSettings(_env_file=None, trusted_proxies=proxies)
    app = build_http_app(web)
    site = StaffSite(
        db=db,
        auth=auth,
        agency_name=AGENCY,
        timezone=ZoneInfo("Asia/Jakarta"),
        proxies=web.proxies,
        sla=sla,
        escalation=context,
        attachments_root=attachments_root,
    )
    install_staff_pages(app, site)
    return app


def browser_for(app: FastAPI, *, base_url: str = "http://tanggap.test") -> httpx.AsyncClient:
    return httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url=base_url)


async def signed_in_browser(
    app: FastAPI,
    db: Database,
    auth: StaffAuth,
    username: str,
    *,
    role: StaffRole = StaffRole.OFFICER,
    person_id: str | None = None,
) -> httpx.AsyncClient:
    """A browser whose cookie holds a fully signed-in session of a new account `username` (officers
    and unit heads sign in with the password alone; this helper is not for supervisors or admins,
    who must enrol the second factor first: see `signed_in_supervisor`)."""
    await add_account(db, auth, username, role=role, person_id=person_id)
    token = signed_in(await log_in(db, auth, username))
    browser = browser_for(app)
    browser.cookies.set(PLAIN_NAME, token)
    return browser


async def signed_in_supervisor(
    app: FastAPI, db: Database, auth: StaffAuth, username: str, *, role: StaffRole = StaffRole.SUPERVISOR
) -> httpx.AsyncClient:
    """A browser signed in as a new supervisor (or admin) who has enrolled an authenticator app, as
    they must before their first page: the password, then the enrolment's confirmed code."""
    from tests.escalation.staff.conftest import enrol

    await add_account(db, auth, username, role=role)
    pending = await log_in(db, auth, username)
    assert pending.token is not None
    token, _, _ = await enrol(db, auth, pending.token)
    browser = browser_for(app)
    browser.cookies.set(PLAIN_NAME, token)
    return browser
