"""An agency re-opens days the national calendar closes (`calendar.open_days` in sla.yaml): a cuti
bersama it does not take, a holiday the government moved. Deadlines count those days as working days.

A DM opened on Tuesday 17 March 2026 at 15:00 WIB, 24 working hours to the first response: with the
national calendar (18-24 March closed) it is due Monday 30 March 08:00. With Friday 20 March re-opened
(4 + 3.5 hours), it is due Friday 27 March 08:00.
"""

from __future__ import annotations

from datetime import date, datetime, time
from pathlib import Path
from textwrap import dedent
from zoneinfo import ZoneInfo

import pytest

from sla import (
    DEFAULT_WEEKLY,
    BusinessCalendar,
    Duration,
    OpenDay,
    SlaConfigError,
    WorkingPeriod,
    due_at,
    explain_due,
    load_sla_config,
)

WIB = ZoneInfo("Asia/Jakarta")
OPENED = datetime(2026, 3, 17, 15, 0, tzinfo=WIB)
FIRST_RESPONSE = Duration(24, "working_hours")


def load(kb_dir: Path, content: str) -> BusinessCalendar:
    (kb_dir / "sla.yaml").write_text(dedent(content), encoding="utf-8")
    return load_sla_config(kb_dir, "Asia/Jakarta").calendar


def problems_of(kb_dir: Path, content: str) -> list[str]:
    with pytest.raises(SlaConfigError) as caught:
        load(kb_dir, content)
    return caught.value.problems


class TestAnOpenDayIsAWorkingDay:
    def test_a_cuti_bersama_day_reopened_keeps_its_regular_hours(self) -> None:
        calendar = BusinessCalendar(
            tz=WIB,
            weekly=DEFAULT_WEEKLY,
            open_days={date(2026, 3, 20): OpenDay("Cuti bersama tidak diambil")},
        )
        assert calendar.holiday_name(date(2026, 3, 20)) == "Cuti Bersama Hari Raya Idul Fitri"
        assert calendar.closed_reason(date(2026, 3, 20)) is None
        assert calendar.periods_on(date(2026, 3, 20)) == DEFAULT_WEEKLY[4]
        assert calendar.is_working_time(datetime(2026, 3, 20, 9, tzinfo=WIB))
        assert not calendar.is_working_time(datetime(2026, 3, 20, 12, tzinfo=WIB)), "Friday prayers"
        assert not calendar.is_working_day(date(2026, 3, 23)), "the other cuti bersama days stay closed"

    def test_an_open_day_on_a_weekend_works_the_hours_it_is_given(self) -> None:
        saturday = date(2026, 3, 21)  # Idul Fitri by the decree, and a Saturday
        calendar = BusinessCalendar(
            tz=WIB,
            weekly=DEFAULT_WEEKLY,
            open_days={saturday: OpenDay("Hari kerja pengganti", (WorkingPeriod(time(8), time(12)),))},
        )
        assert calendar.periods_on(saturday) == (WorkingPeriod(time(8), time(12)),)
        assert calendar.is_working_time(datetime(2026, 3, 21, 11, 59, tzinfo=WIB))
        assert not calendar.is_working_time(datetime(2026, 3, 21, 12, tzinfo=WIB))

    def test_overlapping_hours_of_an_open_day_are_refused(self) -> None:
        with pytest.raises(ValueError, match="overlap"):
            OpenDay("x", (WorkingPeriod(time(8), time(12)), WorkingPeriod(time(11), time(13))))


class TestDeadlinesAcrossAnOpenDay:
    def test_the_national_calendar_alone_gives_monday_30_march(self, tmp_path: Path) -> None:
        calendar = load(tmp_path, "calendar: {}")
        assert due_at(OPENED, FIRST_RESPONSE, calendar) == datetime(2026, 3, 30, 8, tzinfo=WIB)

    def test_reopening_friday_20_march_brings_the_deadline_to_friday_27_march(self, tmp_path: Path) -> None:
        calendar = load(
            tmp_path,
            """
            calendar:
              open_days:
                - date: "2026-03-20"
                  reason: Cuti bersama Idul Fitri tidak diberlakukan di unit layanan
            """,
        )
        assert due_at(OPENED, FIRST_RESPONSE, calendar) == datetime(2026, 3, 27, 8, tzinfo=WIB)
        on_the_20th = [
            (gap.kind, gap.reason)
            for gap in explain_due(OPENED, FIRST_RESPONSE, calendar).gaps
            if gap.start.date() == date(2026, 3, 20)
        ]
        assert on_the_20th == [
            ("outside_hours", "di luar jam kerja"),
            ("rest_break", "jam istirahat"),
            ("outside_hours", "di luar jam kerja"),
        ]

    def test_a_reopened_range_with_its_own_hours_counts_every_hour(self, tmp_path: Path) -> None:
        calendar = load(
            tmp_path,
            """
            calendar:
              open_days:
                - date: "2026-03-18"
                  to: "2026-03-19"
                  reason: Libur dipindahkan
                  periods: ["08:00-16:00"]
            """,
        )
        # 17 March 15:00-16:00, then 8 hours each on 18 and 19 March: 17 hours; 20-24 March closed;
        # the last 7 hours on Wednesday 25 March: 07:30-12:00 and 13:00-15:30.
        assert due_at(OPENED, FIRST_RESPONSE, calendar) == datetime(2026, 3, 25, 15, 30, tzinfo=WIB)


class TestOpenDaysInSlaYaml:
    def test_each_problem_names_its_entry(self, tmp_path: Path) -> None:
        content = """
        calendar:
          closures:
            - {date: "2026-04-01", reason: HUT Kota}
          open_days:
            - {date: "2026-04-01", reason: Pelayanan tetap buka}
            - {date: "2026-03-21", reason: Idul Fitri dipindahkan}
            - {date: "2026-03-23", periods: ["08:00-12:00", "11:00-13:00"], reason: Pengganti}
            - {date: "2026-03-24", reason: Satu, to: "2026-03-24"}
            - {date: "2026-03-24", reason: Dua}
            - {date: "2026-03-25", to: "2029-03-25", reason: Salah ketik}
            - {date: "2026-03-26", reason: x, hours: ["08:00-12:00"]}
            - {date: "2026-03-27"}
        """
        assert problems_of(tmp_path, content) == [
            "calendar.open_days[0]: 2026-04-01 is also in calendar.closures ('HUT Kota')",
            "calendar.open_days[1]: 2026-03-21 (Saturday) has no regular working hours: give its periods",
            "calendar.open_days[2].periods: periods 08:00-12:00 and 11:00-13:00 overlap",
            "calendar.open_days[4]: 2026-03-24 is already an open day ('Satu')",
            "calendar.open_days[5].to: 2026-03-25..2029-03-25 is more than 366 days",
            "calendar.open_days[6].hours: unknown key (expected one of: date, to, reason, periods)",
            "calendar.open_days[7].reason: required text is missing",
        ]

    def test_overlapping_hours_in_an_override_are_a_problem_not_a_crash(self, tmp_path: Path) -> None:
        content = """
        calendar:
          overrides:
            - name: Ramadan
              from: "2026-02-19"
              to: "2026-03-19"
              weekly: {monday: ["07:00-12:00", "11:00-13:00"]}
        """
        assert problems_of(tmp_path, content) == [
            "calendar.overrides[0].weekly.monday: periods 07:00-12:00 and 11:00-13:00 overlap"
        ]
