"""The monthly recap mail: on the first working day of a month the supervisor gets last month's figures
and where to download the pack, once; on other days, or without e-mail, nothing is queued."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from sqlalchemy import select
from sqlmodel import col

from core.clock import FrozenClock
from core.db import Database
from escalation import EscalationListener
from escalation.models import StaffNotification
from messaging import OutboundMessage
from reports.monthly_mail import REASON, queue_monthly_recap
from tests.escalation.conftest import kb, listener, open_ticket, settings, sla_config, smtp

__all__ = ["kb", "listener", "settings", "sla_config", "smtp"]

JAKARTA = ZoneInfo("Asia/Jakarta")


async def test_the_supervisor_gets_last_months_recap_once_on_the_first_working_day(
    db: Database, listener: EscalationListener, clock: FrozenClock
) -> None:
    clock.set(datetime(2026, 11, 10, 9, 0, tzinfo=JAKARTA))
    await open_ticket(db, listener, unit_id="pupr", description="Jalan berlubang di depan pasar.")
    await open_ticket(db, listener, unit_id="pdam", description="Air tidak mengalir dua hari.")
    clock.set(datetime(2026, 12, 1, 7, 0, tzinfo=JAKARTA))  # Tuesday, the first working day
    site = "https://tanggap.kotacontoh.go.id/"
    async with db.session() as session:
        queued = await queue_monthly_recap(session, context=listener.context, now=clock.now(), site_url=site)
    async with db.session() as session:
        again = await queue_monthly_recap(session, context=listener.context, now=clock.now(), site_url=site)
    async with db.reading() as session:
        recap = select(StaffNotification).where(col(StaffNotification.reason) == REASON)
        targets = [row.target for row in (await session.execute(recap)).scalars().all()]
        outbox = (await session.execute(select(OutboundMessage))).scalars().all()
        mails = [row.text for row in outbox if "Rekapitulasi" in row.text]
    assert (queued, again) == (1, 0)
    assert targets == ["asisten1@kotacontoh.go.id"]
    assert len(mails) == 1
    mail = mails[0]
    assert mail.startswith("Rekapitulasi pengaduan November 2026")
    assert "Tiket diterima: 2" in mail
    assert f"{site}staff/laporan/bulanan.xlsx?bulan=2026-11" in mail
    assert "berlubang" not in mail  # figures only, no ticket


async def test_nothing_is_queued_on_another_day(
    db: Database, listener: EscalationListener, clock: FrozenClock
) -> None:
    clock.set(datetime(2026, 12, 2, 7, 0, tzinfo=JAKARTA))
    async with db.session() as session:
        assert await queue_monthly_recap(session, context=listener.context, now=clock.now()) == 0


async def test_the_scheduled_job_queues_the_recap_when_switched_on(
    db: Database, listener: EscalationListener, clock: FrozenClock
) -> None:
    from reports.jobs import ReportJobs, ReportSettings

    clock.set(datetime(2026, 12, 1, 7, 5, tzinfo=JAKARTA))
    job = ReportJobs(db, listener.context, ReportSettings(_env_file=None, monthly_email=True))
    await job.queue_recap()
    async with db.reading() as session:
        recap = select(StaffNotification).where(col(StaffNotification.reason) == REASON)
        assert len((await session.execute(recap)).scalars().all()) == 1
