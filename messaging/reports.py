"""What platforms report about messages after they took them: delivered (which settles a send
whose outcome we lost) or failed after all. A message goes out with `reference_of(row id)`, which
the platform echoes back in its reports where it can (WhatsApp's `biz_opaque_callback_data`)."""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncSession

from core import clock
from messaging import outbox_repository, repository
from messaging.models import OutboundMessage, OutboundStatus

REFERENCE_PREFIX = "tanggap-outbound:"


def reference_of(outbound_id: int) -> str:
    """What a message is sent with so that the platform's reports name its outbox row."""
    return f"{REFERENCE_PREFIX}{outbound_id}"


def outbound_id_of(reference: str | None) -> int | None:
    """The outbox row a platform's report names (None: not one of ours)."""
    if not reference or not reference.startswith(REFERENCE_PREFIX):
        return None
    number = reference.removeprefix(REFERENCE_PREFIX)
    return int(number) if number.isdigit() else None


async def delivery_reported(session: AsyncSession, *, reference: str | None, external_id: str) -> bool:
    """The platform reports it took the message sent with `reference` (WhatsApp's sent, delivered
    or read): an unsent row (its outcome lost, in doubt) is recorded `sent` instead of sent again.
    False when the row was already recorded (the usual case) or is not ours."""
    outbound_id = outbound_id_of(reference)
    row = await session.get(OutboundMessage, outbound_id) if outbound_id is not None else None
    if row is None or row.status not in outbox_repository.UNSENT:
        return False
    sent = outbox_repository.Sent(outbound_id or 0, clock.now(), external_id[:128], None)
    await outbox_repository.mark_sent(session, [sent])
    return True


async def delivery_failed(
    session: AsyncSession, *, channel: str, external_id: str, error: str, reference: str | None = None
) -> OutboundMessage | None:
    """The platform reported, after accepting it, that a sent message was not delivered (found by
    its id, or by our `reference` when its sending was never recorded)."""
    row = await repository.find_outbound_by_external_id(session, channel=channel, external_id=external_id)
    outbound_id = outbound_id_of(reference)
    if row is None and outbound_id is not None:
        row = await session.get(OutboundMessage, outbound_id, with_for_update=True)
    if row is None or row.status == OutboundStatus.FAILED:
        return None
    row.status = OutboundStatus.FAILED
    row.last_error = error[:2000]
    row.external_id = row.external_id or external_id[:128]
    row.attempted_at = row.next_attempt_at = None
    return row
