"""Steps a person takes on the staff pages, as a browser does them: open the form, read its hidden
token, post it."""

from __future__ import annotations

import re

import httpx

from core.db import Database
from escalation.staff.models import StaffAudit

HIDDEN_CSRF = re.compile(r'name="csrf" value="([^"]+)"')
SECRET = re.compile(r'class="secret"[^>]*>([A-Z2-7 ]+)<')


def csrf_of(page: httpx.Response) -> str:
    found = HIDDEN_CSRF.search(page.text)
    assert found is not None, page.text
    return found.group(1)


async def submit_password(
    browser: httpx.AsyncClient, username: str, password: str, *, lanjut: str = "/staff"
) -> httpx.Response:
    form = await browser.get("/staff/masuk", params={"lanjut": lanjut})
    data = {"csrf": csrf_of(form), "lanjut": lanjut, "username": username, "password": password}
    return await browser.post("/staff/masuk", data=data)


async def submit_code(browser: httpx.AsyncClient, code: str) -> httpx.Response:
    form = await browser.get("/staff/masuk/kode")
    return await browser.post(
        "/staff/masuk/kode", data={"csrf": csrf_of(form), "code": code, "lanjut": "/staff"}
    )


async def audit_actions(db: Database) -> list[str]:
    from sqlmodel import col, select

    async with db.reading() as session:
        rows = (await session.execute(select(StaffAudit).order_by(col(StaffAudit.id)))).scalars().all()
        return [str(row.action) for row in rows]
