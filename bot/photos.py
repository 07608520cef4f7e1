"""Keeping the photo a citizen sent: every limit is checked before anything is written.

A photo reaches the engine already checked and re-encoded (`AttachmentStore.check_photo`, in the
channel adapter) or with the reason it was refused. Here, inside the message's transaction: one too
many for the complaint, or over the citizen's daily quota, and it is refused without being written;
otherwise it is written and counted (`photo_uploads`). A transaction that rolls back after the
write leaves a file nobody refers to, which `bot.cleanup` removes.
"""

from __future__ import annotations

from datetime import datetime

import structlog

from bot.incoming import SavedFile
from bot.repository import count_photo_uploads, record_photo_upload
from bot.turn import Turn
from core import clock

log = structlog.get_logger(__name__)


async def keep_photo(turn: Turn, *, already_held: int) -> SavedFile | str:
    """The incoming photo, written; or the reason it is refused (a key of `attachment_reason.*`)."""
    incoming, settings = turn.incoming, turn.deps.settings
    if incoming.photo is None:
        return incoming.photo_rejection or "type"
    if already_held >= settings.max_photos_per_complaint:
        return "too_many"
    citizen_id = turn.citizen.id or 0
    today = await count_photo_uploads(turn.session, citizen_id=citizen_id, since=start_of_local_day(turn))
    if today >= settings.max_photos_per_day:
        log.info("photo_quota_reached", citizen_id=citizen_id, today=today)
        return "quota"
    saved = await turn.deps.attachments.keep(incoming.photo)
    await record_photo_upload(
        turn.session,
        citizen_id=citizen_id,
        storage_path=saved.storage_path,
        size_bytes=saved.size_bytes,
        at=clock.now(),
    )
    return saved


def refusal_text(turn: Turn, reason: str, *, outside_intake: bool = False) -> str:
    """The polite reply for a refused photo, from the catalogue; outside a complaint it also says how
    to file one."""
    settings = turn.deps.settings
    if reason == "quota":
        return turn.t("attachment_quota_reached", per_day=settings.max_photos_per_day)
    why = turn.t(
        f"attachment_reason.{reason}",
        limit_mb=settings.max_photo_mb,
        limit=settings.max_photos_per_complaint,
        megapixels=f"{settings.max_photo_megapixels:g}",
    )
    return turn.t(
        "attachment_rejected_outside_intake" if outside_intake else "attachment_rejected", reason=why
    )


def start_of_local_day(turn: Turn) -> datetime:
    """Midnight of today in the agency's time zone: the quota is per calendar day as citizens see it."""
    local = clock.now().astimezone(turn.deps.sla.calendar.tz)
    return local.replace(hour=0, minute=0, second=0, microsecond=0)
