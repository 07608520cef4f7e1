from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from sla import (
    DEFAULT_WEEKLY,
    BusinessCalendar,
    Duration,
    default_calendar,
    due_at,
    explain_due,
    format_explanation,
    format_moment,
    humanize_due,
    zone_abbreviation,
)

WIB = ZoneInfo("Asia/Jakarta")
calendar = default_calendar("Asia/Jakarta")
"""The default office calendar in WIB, with national holidays and cuti bersama."""


def wib(year: int, month: int, day: int, hour: int = 0, minute: int = 0) -> datetime:
    return datetime(year, month, day, hour, minute, tzinfo=WIB)


def working_hours(amount: float) -> Duration:
    return Duration(amount, "working_hours")


def working_days(amount: int) -> Duration:
    return Duration(amount, "working_days")


def calendar_hours(amount: float) -> Duration:
    return Duration(amount, "calendar_hours")


class TestExplainDueAroundIdulFitri2026:
    def test_every_closed_day_is_listed_with_its_holiday_name(self) -> None:
        explanation = explain_due(wib(2026, 3, 17, 15), working_hours(24), calendar)
        assert explanation.closed_days == (
            (date(2026, 3, 18), "Cuti Bersama Hari Suci Nyepi"),
            (date(2026, 3, 19), "Hari Suci Nyepi"),
            (date(2026, 3, 20), "Cuti Bersama Hari Raya Idul Fitri"),
            (date(2026, 3, 21), "Hari Raya Idul Fitri"),
            (date(2026, 3, 22), "Hari kedua dari Hari Raya Idul Fitri"),
            (date(2026, 3, 23), "Cuti Bersama Hari Raya Idul Fitri"),
            (date(2026, 3, 24), "Cuti Bersama Hari Raya Idul Fitri"),
            (date(2026, 3, 28), "Sabtu"),
            (date(2026, 3, 29), "Minggu"),
        )

    def test_the_deadline_and_counted_time_match_due_at(self) -> None:
        explanation = explain_due(wib(2026, 3, 17, 15), working_hours(24), calendar)
        assert explanation.deadline == due_at(wib(2026, 3, 17, 15), working_hours(24), calendar)
        assert explanation.deadline.utcoffset() == timedelta(hours=7)
        assert explanation.counted == timedelta(hours=24)


class TestExplainDueWithinADay:
    def test_the_rest_break_and_after_hours_are_named(self) -> None:
        explanation = explain_due(wib(2026, 11, 16, 11), working_hours(6), calendar)
        assert [(gap.start, gap.end, gap.kind, gap.reason) for gap in explanation.gaps] == [
            (wib(2026, 11, 16, 12), wib(2026, 11, 16, 13), "rest_break", "jam istirahat"),
            (wib(2026, 11, 16, 16), wib(2026, 11, 17, 7, 30), "outside_hours", "di luar jam kerja"),
        ]

    def test_a_start_outside_working_time_shows_when_the_clock_started(self) -> None:
        explanation = explain_due(wib(2026, 11, 21, 9), working_hours(1), calendar)
        assert explanation.clock_start == wib(2026, 11, 23, 7, 30)
        assert [gap.kind for gap in explanation.gaps] == ["closed_day", "closed_day", "outside_hours"]
        assert explanation.gaps[0].start == wib(2026, 11, 21, 9)

    def test_an_agency_closure_gives_its_reason(self) -> None:
        calendar = BusinessCalendar(
            tz=WIB, weekly=DEFAULT_WEEKLY, closures={date(2026, 11, 17): "Pindah kantor"}
        )
        explanation = explain_due(wib(2026, 11, 16, 15), working_hours(2), calendar)
        assert (date(2026, 11, 17), "Pindah kantor") in explanation.closed_days

    def test_calendar_hours_skip_nothing(self) -> None:
        explanation = explain_due(wib(2026, 3, 17, 15), calendar_hours(48), calendar)
        assert explanation.gaps == ()
        assert explanation.counted == timedelta(hours=48)

    def test_working_days_list_the_skipped_days_too(self) -> None:
        explanation = explain_due(wib(2026, 11, 20, 10), working_days(1), calendar)
        assert explanation.closed_days == ((date(2026, 11, 21), "Sabtu"), (date(2026, 11, 22), "Minggu"))
        assert explanation.deadline == wib(2026, 11, 23, 10)


class TestFormatExplanation:
    def test_admins_read_which_days_and_hours_were_skipped_and_why(self) -> None:
        text = format_explanation(explain_due(wib(2026, 3, 17, 15), working_hours(24), calendar))
        lines = text.splitlines()
        assert lines[0] == "Dibuka: Selasa, 17 Maret 2026 pukul 15.00 WIB"
        assert "Target: 24 jam kerja" in lines
        assert "- Selasa, 17 Maret 2026 16.00–24.00: di luar jam kerja" in lines
        assert "- Sabtu, 21 Maret 2026: libur (Hari Raya Idul Fitri)" in lines
        assert "- Rabu, 25 Maret 2026 12.00–13.00: jam istirahat" in lines
        assert "- Rabu, 25 Maret 2026 16.00 s.d. Kamis, 26 Maret 2026 07.30: di luar jam kerja" in lines
        assert "Waktu kerja yang dihitung: 24 jam 0 menit" in lines
        assert lines[-1] == "Tenggat: Senin, 30 Maret 2026 pukul 08.00 WIB"

    def test_the_clock_start_is_shown_when_it_differs_from_the_opening(self) -> None:
        text = format_explanation(explain_due(wib(2026, 11, 21, 9), working_hours(1.5), calendar))
        assert "Penghitungan dimulai: Senin, 23 November 2026 pukul 07.30 WIB" in text
        assert "- Sabtu, 21 November 2026 mulai pukul 09.00: libur (Sabtu)" in text
        assert "Target: 1,5 jam kerja" in text

    def test_nothing_skipped_is_said_plainly(self) -> None:
        text = format_explanation(explain_due(wib(2026, 11, 16, 9), calendar_hours(2), calendar))
        assert "Waktu yang tidak dihitung: tidak ada" in text
        assert "Target: 2 jam kalender" in text


class TestHumanizeDue:
    now = wib(2026, 11, 16, 9)

    def test_a_later_deadline_reads_as_day_date_and_time(self) -> None:
        assert (
            humanize_due(wib(2026, 11, 23, 10, 30), self.now, calendar)
            == "Senin, 23 November 2026 pukul 10.30 WIB"
        )

    def test_a_deadline_today_says_hari_ini(self) -> None:
        text = humanize_due(wib(2026, 11, 16, 15), self.now, calendar)
        assert text == "hari ini, Senin, 16 November 2026 pukul 15.00 WIB"

    def test_a_deadline_tomorrow_says_besok(self) -> None:
        text = humanize_due(wib(2026, 11, 17, 8), self.now, calendar)
        assert text == "besok, Selasa, 17 November 2026 pukul 08.00 WIB"

    def test_a_past_deadline_says_so(self) -> None:
        text = humanize_due(wib(2026, 11, 13, 16, 30), self.now, calendar)
        assert text == "Jumat, 13 November 2026 pukul 16.30 WIB (sudah lewat)"

    def test_utc_input_is_shown_in_local_time(self) -> None:
        deadline = datetime(2026, 12, 2, 3, 30, tzinfo=UTC)
        assert humanize_due(deadline, self.now, calendar) == "Rabu, 2 Desember 2026 pukul 10.30 WIB"

    @pytest.mark.parametrize(
        ("zone", "expected"),
        [
            ("Asia/Jakarta", "Senin, 23 November 2026 pukul 10.30 WIB"),
            ("Asia/Pontianak", "Senin, 23 November 2026 pukul 10.30 WIB"),
            ("Asia/Makassar", "Senin, 23 November 2026 pukul 11.30 WITA"),
            ("Asia/Jayapura", "Senin, 23 November 2026 pukul 12.30 WIT"),
        ],
    )
    def test_each_indonesian_zone_has_its_abbreviation(self, zone: str, expected: str) -> None:
        deadline = datetime(2026, 11, 23, 3, 30, tzinfo=UTC)
        assert humanize_due(deadline, self.now, default_calendar(zone)) == expected

    def test_a_naive_deadline_is_refused(self) -> None:
        with pytest.raises(ValueError, match="naive"):
            humanize_due(datetime(2026, 11, 23, 10), self.now, calendar)  # noqa: DTZ001


class TestZoneAbbreviation:
    def test_other_zones_use_their_own_abbreviation(self) -> None:
        moment = datetime(2026, 1, 15, 12, tzinfo=UTC)
        assert zone_abbreviation(ZoneInfo("Europe/Amsterdam"), moment) == "CET"

    def test_zones_without_an_abbreviation_use_the_utc_offset(self) -> None:
        moment = datetime(2026, 1, 15, 12, tzinfo=UTC)
        assert zone_abbreviation(ZoneInfo("Asia/Singapore"), moment) == "UTC+8"
        assert zone_abbreviation(ZoneInfo("Asia/Kolkata"), moment) == "IST"

    def test_format_moment_uses_the_moments_own_zone_by_default(self) -> None:
        moment = datetime(2026, 11, 23, 10, 30, tzinfo=ZoneInfo("Asia/Makassar"))
        assert format_moment(moment) == "Senin, 23 November 2026 pukul 10.30 WITA"
        assert format_moment(moment, WIB) == "Senin, 23 November 2026 pukul 09.30 WIB"
