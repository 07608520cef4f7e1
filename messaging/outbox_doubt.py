"""Sends in doubt: the platform was asked (`attempted_at` committed), but the process died, or lost
the database for good, before it recorded the answer, and the row's lease lapsed.

Telegram has no idempotency key and no way to ask whether a message arrived, so we decide:

1. The row first waits `settle_seconds` more (`outbox_repository.claim_due` makes it `pending`):
   a process that only lost the database for a while records the answer it kept meanwhile.
2. On a channel whose platform reports every message it took with the reference we sent it with
   (WhatsApp: `biz_opaque_callback_data`, echoed in the status webhooks), the report settles it:
   the row is recorded `sent` with the platform's id, whenever the report comes. It is waited for
   until `confirm_wait_seconds` after the attempt.
3. If the chat wrote to us after the attempt began, the reply is presumed delivered: it is recorded
   `sent`, with the reason in `last_error`. Sending it again would put an old question after the
   citizen's newer answer (what the duplicates of the crash tests did).
4. Otherwise it is sent again (at least once): a duplicate is then possible only if the process
   died after the platform took the message and before `sent` was committed, a window measured in
   bench/outbox_window_bench.py.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from enum import StrEnum

import structlog

from core import clock
from core.db import Database
from core.messenger import Messenger
from messaging import outbox_repository
from messaging.models import OutboundMessage
from messaging.writer import writer_turn

log = structlog.get_logger(__name__)
PRESUMED = "in doubt (the outcome of a send was lost): presumed delivered, the chat wrote to us after it"


class Verdict(StrEnum):
    AWAIT_REPORT = "await_report"
    PRESUMED_DELIVERED = "presumed_delivered"
    SEND_AGAIN = "send_again"


def log_found(row: OutboundMessage) -> None:
    """A lapsed lease over an attempted send (the claim made it `pending` for `settle_seconds`)."""
    log.warning(
        "outbox_send_in_doubt",
        outbound_id=row.id,
        channel=row.channel,
        attempted_at=row.attempted_at.isoformat() if row.attempted_at else None,
    )


def report_due(row: OutboundMessage, wait: timedelta) -> datetime:
    """Until when a platform's delivery report for the row is waited for."""
    return (row.attempted_at or clock.now()) + wait


async def judge(
    db: Database, row: OutboundMessage, messenger: Messenger, *, confirm_wait: timedelta
) -> Verdict:
    attempted_at = row.attempted_at or clock.now()
    if messenger.confirms_delivery and clock.now() < report_due(row, confirm_wait):
        verdict = Verdict.AWAIT_REPORT
    else:
        async with writer_turn(db, store=False), db.session() as session:
            wrote = await outbox_repository.wrote_after(
                session, channel=row.channel, sender_id=row.target, after=attempted_at
            )
        verdict = Verdict.PRESUMED_DELIVERED if wrote else Verdict.SEND_AGAIN
    log.warning("outbox_in_doubt_decided", outbound_id=row.id, channel=row.channel, verdict=str(verdict))
    return verdict
