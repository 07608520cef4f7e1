"""Questions the bot could not answer from the FAQ are counted in the report of their period."""

from __future__ import annotations

from datetime import date

from core.clock import FrozenClock
from core.db import Database
from reports import ReportFilter, build_report, custom_period
from sla import SlaConfig
from tests.bot.conftest import Citizen, citizen, engine
from tests.reports.conftest import WIB, wib

__all__ = ["citizen", "engine"]


async def test_unanswered_questions_are_counted(
    db: Database, citizen: Citizen, clock: FrozenClock, sla_config: SlaConfig
) -> None:
    clock.set(wib(3, 9))
    assert "belum memiliki informasi" in await citizen.says("berapa harga tiket pesawat ke bali bulan depan")
    assert "KTP" in await citizen.says("syarat bikin ktp apa ya min")
    clock.set(wib(10, 9))
    later = await citizen.says("berapa harga tiket kereta ke surabaya minggu depan")
    assert "belum memiliki informasi" in later
    week = ReportFilter(period=custom_period(date(2026, 11, 2), date(2026, 11, 8), WIB))
    async with db.session() as session:
        report = await build_report(session, filter=week, calendar=sla_config.calendar, now=wib(10, 10))
        on_telegram = await build_report(
            session,
            filter=ReportFilter(period=week.period, channels=("telegram",)),
            calendar=sla_config.calendar,
            now=wib(10, 10),
        )
    assert report.unanswered_questions == 1
    assert on_telegram.unanswered_questions == 0
