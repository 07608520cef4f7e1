"""A citizen's photo on a ticket, for the staff who see the ticket (another unit's ticket, or a photo
of another ticket, is "not found"). The photos were decoded, bounded and re-encoded without their
metadata when the citizen sent them (bot/images.py), so they are served as the images they are.

No `from __future__ import annotations`: FastAPI reads the parameters' types at import."""

from pathlib import Path as FilePath
from typing import Annotated

from fastapi import APIRouter, Depends, Path, Request, Response
from starlette.responses import FileResponse

from core.errors import NotFoundError
from escalation.staff.visibility import visible_ticket
from tickets import TicketAttachment
from web.staff.deps import Staff, StaffGate
from web.staff.pages import Pages
from web.staff.site import StaffSite
from web.staff.ticket_view import CODE, TICKET_PATH, TicketView

IMAGE_TYPES = frozenset({"image/jpeg", "image/png", "image/webp"})


def build_photo_routes(site: StaffSite, gate: StaffGate, pages: Pages) -> APIRouter:
    router = APIRouter()
    view = TicketView(site, pages)
    Signed = Annotated[Staff, Depends(gate.current_staff)]

    @router.get(TICKET_PATH + "/foto/{attachment_id}")
    async def photo(
        request: Request, staff: Signed, code: Annotated[str, CODE], attachment_id: Annotated[int, Path(ge=1)]
    ) -> Response:
        found = await _photo_file(site, staff, code, attachment_id)
        if found is None:
            return view.message(request, staff, "not_found", 404)
        path, content_type = found
        return FileResponse(path, media_type=content_type, headers={"cache-control": "private, no-store"})

    return router


async def _photo_file(
    site: StaffSite, staff: Staff, code: str, attachment_id: int
) -> tuple[FilePath, str] | None:
    """The stored file and its type, if the photo is the ticket's and the staff member sees the ticket."""
    root = site.attachments_root
    if root is None:
        return None
    try:
        async with site.db.reading() as session:
            ticket = await visible_ticket(session, staff.principal, code)
            row = await session.get(TicketAttachment, attachment_id)
            if row is None or row.ticket_id != ticket.id or row.content_type not in IMAGE_TYPES:
                return None
            relative, content_type = row.storage_path, row.content_type
    except NotFoundError:
        return None
    path = (root / relative).resolve()
    if not path.is_relative_to(root.resolve()) or not path.is_file():
        return None
    return path, content_type
