"""Email for escalation: settings, and a `Messenger` for the outbox's "email" channel that sends through
SMTP (smtplib in a worker thread). An email row's text is its subject, a blank line, then the body."""

from __future__ import annotations

import asyncio
import re
import smtplib
import ssl
from datetime import datetime, timedelta
from email.message import EmailMessage
from email.utils import format_datetime, make_msgid

from pydantic import Field, SecretStr
from pydantic_settings import BaseSettings, SettingsConfigDict

from core import clock
from core.messenger import DeliveryResult, OutgoingMessage, RateLimit

EMAIL_CHANNEL = "email"
_NOT_ATEXT = re.compile(r"[^A-Za-z0-9!#$%&'*+/=?^_`{|}~.-]")
"""What may not stand in a Message-ID's left part (RFC 5322 dot-atom): replaced by dots."""


class EscalationSettings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="TANGGAP_ESCALATION_", env_file=".env", extra="ignore")

    smtp_host: str | None = None
    """No host: no email is queued (Telegram notifications still are)."""
    smtp_port: int = 587
    smtp_user: str | None = None
    smtp_password: SecretStr | None = None
    smtp_from: str = "tanggap@localhost"
    smtp_starttls: bool = True
    smtp_timeout_seconds: float = 30.0
    digest_hour: int = 7
    """Local time (the agency's time zone) of the daily digest, on working days."""
    digest_minute: int = 0
    release_seconds: float = 60.0
    """How often notifications held outside working hours are checked for release."""
    reopen_days: int = 7
    followup_notice_minutes: int = Field(default=30, ge=0)
    """A citizen's further follow-ups on a ticket within this many minutes of the last one its unit was
    told about join the ticket's history without another notification ("udah ada kabar?" ten times is
    one message in the unit's group). An answer to an officer's question is always told. 0: tell each."""

    @property
    def email_enabled(self) -> bool:
        return bool(self.smtp_host)


def email_text(subject: str, body: str) -> str:
    """The outbox text of an email: subject line, blank line, body."""
    return f"{subject.strip()}\n\n{body}"


class EmailMessenger:
    """Sends outbox rows of channel "email" (target: the address)."""

    channel = EMAIL_CHANNEL
    reply_window: timedelta | None = None
    confirms_delivery = False

    def __init__(self, settings: EscalationSettings) -> None:
        if not settings.smtp_host:
            raise ValueError("TANGGAP_ESCALATION_SMTP_HOST is not set")
        self.settings = settings

    def rate_limits(self, target: str) -> tuple[RateLimit, ...]:
        return (RateLimit(key="email", interval=0.2),)

    async def send(
        self,
        target: str,
        message: OutgoingMessage,
        *,
        last_inbound_at: datetime | None = None,
        reference: str | None = None,
    ) -> DeliveryResult:
        subject, _, body = message.text.partition("\n\n")
        mail = EmailMessage()
        mail["From"] = self.settings.smtp_from
        mail["To"] = target
        mail["Subject"] = subject.strip()
        mail["Date"] = format_datetime(clock.now())
        mail["Message-ID"] = self._message_id(reference)
        mail.set_content(body or subject)
        try:
            await asyncio.to_thread(self._send, mail)
        except smtplib.SMTPRecipientsRefused as error:
            return DeliveryResult(ok=False, error=f"recipient refused: {error.recipients}", permanent=True)
        except (smtplib.SMTPException, OSError) as error:
            return DeliveryResult(ok=False, error=f"{type(error).__name__}: {error}")
        return DeliveryResult(ok=True, external_id=str(mail["Message-ID"]))

    def _message_id(self, reference: str | None) -> str:
        """The same id for every attempt at one outbox row (`reference`), so a mail server or client
        that got an attempt the outbox could not confirm recognises the next one as the same mail."""
        domain = self.settings.smtp_from.rpartition("@")[2] or "localhost"
        if reference:
            return f"<{_NOT_ATEXT.sub('.', reference)}@{domain}>"
        return make_msgid(domain=domain)

    def _send(self, mail: EmailMessage) -> None:
        settings = self.settings
        host = settings.smtp_host or ""
        with smtplib.SMTP(host, settings.smtp_port, timeout=settings.smtp_timeout_seconds) as smtp:
            if settings.smtp_starttls:
                smtp.starttls(context=ssl.create_default_context())
            if settings.smtp_user and settings.smtp_password is not None:
                smtp.login(settings.smtp_user, settings.smtp_password.get_secret_value())
            smtp.send_message(mail)
