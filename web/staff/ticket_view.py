"""A ticket's page as the signed-in staff sees it, drawn for the page itself and again by a desk form
that could not be sent (with the officer's text kept, and why it was not sent). Unknown tickets and
another unit's tickets get the same "not found" page."""

from __future__ import annotations

import secrets
from dataclasses import dataclass, field
from datetime import timedelta

from fastapi import Path
from sqlalchemy.ext.asyncio import AsyncSession
from starlette.requests import Request
from starlette.responses import Response

from core import clock
from core.errors import NotFoundError, PermissionDeniedError
from escalation import repository as directory
from escalation.desk.canned import fill_canned
from escalation.desk.ticket_page import TicketPage
from escalation.desk.writing import MAX_CHARACTERS
from escalation.register import Finding
from escalation.staff.pages import DeskChoices, desk_choices_for, ticket_page_for
from web.staff.deps import Staff
from web.staff.pages import Pages
from web.staff.site import StaffSite

TICKET_PATH = "/staff/tiket/{code}"
CODE = Path(min_length=3, max_length=40, pattern=r"^[A-Za-z0-9-]+$")
"""A ticket code in a path: what every ticket route accepts (anything else is a 422 before any query)."""
ACTIONS = ("ambil", "balas", "tanya", "selesai", "teruskan", "luar", "serahkan", "tandai")
"""The desk's forms on a ticket's page, by the last part of their path."""


@dataclass(frozen=True)
class Draft:
    """An officer's text sent back to them: what they wrote, with which button, and why it did not go."""

    text: str
    action: str
    """"balas" (reply) or "tanya" (ask the citizen)."""
    form_key: str
    error: str | None = None
    """A catalogue key (`desk.error.*`)."""
    findings: list[Finding] = field(default_factory=list)
    """What the register rules flag, for the officer to fix or confirm."""


class TicketView:
    def __init__(self, site: StaffSite, pages: Pages) -> None:
        self.site = site
        self.pages = pages

    async def render(
        self,
        request: Request,
        staff: Staff,
        code: str,
        *,
        reveal: bool = False,
        draft: Draft | None = None,
        done: str | None = None,
        canned_id: str | None = None,
        status_code: int = 200,
    ) -> Response:
        """The page; with `canned_id`, the message form holds that canned response filled in."""
        try:
            async with self.site.db.session() as session:
                page = await ticket_page_for(
                    session,
                    staff.principal,
                    ticket=code.upper(),
                    reveal=reveal,
                    ip=staff.client.address or None,
                )
                choices = await desk_choices_for(session, staff.principal, page, context=self.site.escalation)
                draft = draft or await self._canned_draft(session, page, choices, canned_id)
                names = await names_of(session)
        except NotFoundError:
            return self.message(request, staff, "not_found", 404)
        except PermissionDeniedError:
            return self.message(request, staff, "forbidden", 403)
        return self.pages.render(
            request,
            "ticket.html",
            staff=staff,
            status_code=status_code,
            ticket=page,
            names=names,
            desk=choices,
            draft=draft,
            form_key=draft.form_key if draft else secrets.token_urlsafe(16),
            done=done if done in ACTIONS else None,
            max_characters=MAX_CHARACTERS,
            max_label=f"{MAX_CHARACTERS:,}".replace(",", "."),
            whatsapp_closed=self._whatsapp_window_closed(page),
            whatsapp_template=self.site.whatsapp_template,
        )

    async def _canned_draft(
        self, session: AsyncSession, page: TicketPage, choices: DeskChoices, canned_id: str | None
    ) -> Draft | None:
        context = self.site.escalation
        if not canned_id or context is None or canned_id not in dict(choices.canned):
            return None
        response = next(response for response in context.canned if response.id == canned_id)
        text = await fill_canned(session, ticket=page.ticket_id, response=response, context=context)
        return Draft(text=text, action="balas", form_key=secrets.token_urlsafe(16))

    def _whatsapp_window_closed(self, page: TicketPage) -> bool:
        """WhatsApp delivers free text only within 24 hours of the citizen's last message."""
        if page.channel != "whatsapp":
            return False
        last = page.citizen_last_message_at
        return last is None or clock.now() - last > timedelta(hours=self.site.whatsapp_window_hours)

    def message(self, request: Request, staff: Staff, key: str, status_code: int) -> Response:
        return self.pages.render(
            request,
            "message.html",
            staff=staff,
            status_code=status_code,
            title=f"error.{key}.title",
            body=f"error.{key}.body",
        )


async def names_of(session: AsyncSession) -> dict[str, dict[str, str]]:
    """The names pages show instead of ids: units and people of the directory."""
    units = {unit_id: unit.name for unit_id, unit in (await directory.all_units(session)).items()}
    people = {person_id: person.name for person_id, person in (await directory.all_people(session)).items()}
    return {"units": units, "people": people}
