"""Staff e-mail carries the headers mail servers and clients expect: Date (on the service's clock) and a
Message-ID that stays the same for every attempt at one outbox row."""

from __future__ import annotations

from datetime import UTC, datetime
from email.utils import parsedate_to_datetime

from core.clock import FrozenClock
from core.messenger import OutgoingMessage
from escalation import EmailMessenger, EscalationSettings
from escalation.email import email_text
from tests.escalation.conftest import Mailbox

AT = datetime(2026, 3, 18, 2, 15, tzinfo=UTC)


async def test_a_mail_has_a_date_and_a_message_id_of_the_sending_domain(
    smtp: tuple[Mailbox, int], settings: EscalationSettings, clock: FrozenClock
) -> None:
    clock.set(AT)
    mailbox, _ = smtp
    result = await EmailMessenger(settings).send(
        "kadis.pupr@kotacontoh.go.id",
        OutgoingMessage(text=email_text("Tiket baru", "Isi")),
        reference="tanggap-outbound:7",
    )
    assert result.ok
    (mail,) = mailbox.messages
    assert parsedate_to_datetime(mail["Date"]) == AT
    assert mail["Message-ID"] == "<tanggap-outbound.7@kotacontoh.go.id>" == result.external_id


async def test_every_attempt_at_one_row_has_the_same_message_id_and_other_rows_another(
    smtp: tuple[Mailbox, int], settings: EscalationSettings, clock: FrozenClock
) -> None:
    mailbox, _ = smtp
    messenger = EmailMessenger(settings)
    message = OutgoingMessage(text=email_text("Tiket baru", "Isi"))
    for reference in ("ob:7", "ob:7", "ob:8", None, None):
        assert (await messenger.send("a@kotacontoh.go.id", message, reference=reference)).ok
    ids = [mail["Message-ID"] for mail in mailbox.messages]
    assert ids[0] == ids[1] != ids[2]
    assert len(set(ids[2:])) == 3
    assert all(i.startswith("<") and i.endswith("@kotacontoh.go.id>") for i in ids)
