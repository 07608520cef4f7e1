from __future__ import annotations

import re
from datetime import date, datetime, time
from pathlib import Path
from textwrap import dedent
from zoneinfo import ZoneInfo

import pytest

from sla import (
    DEFAULT_POLICIES,
    DEFAULT_WEEKLY,
    Duration,
    SlaConfigError,
    WorkingPeriod,
    default_sla_config,
    load_sla_config,
)

DOCS = Path(__file__).resolve().parents[2] / "docs" / "sla.md"

WIB = ZoneInfo("Asia/Jakarta")
WITA = ZoneInfo("Asia/Makassar")


def wib(year: int, month: int, day: int, hour: int = 0, minute: int = 0) -> datetime:
    return datetime(year, month, day, hour, minute, tzinfo=WIB)


def write(kb_dir: Path, content: str) -> Path:
    (kb_dir / "sla.yaml").write_text(dedent(content), encoding="utf-8")
    return kb_dir


def problems_of(kb_dir: Path, content: str, timezone: str = "Asia/Jakarta") -> list[str]:
    with pytest.raises(SlaConfigError) as caught:
        load_sla_config(write(kb_dir, content), timezone)
    return caught.value.problems


class TestMissingOrEmptyFile:
    def test_a_missing_file_gives_the_defaults(self, tmp_path: Path) -> None:
        assert load_sla_config(tmp_path, "Asia/Jakarta") == default_sla_config("Asia/Jakarta")

    def test_an_empty_file_gives_the_defaults(self, tmp_path: Path) -> None:
        assert load_sla_config(write(tmp_path, ""), "Asia/Makassar") == default_sla_config("Asia/Makassar")

    def test_the_time_zone_comes_from_the_argument(self, tmp_path: Path) -> None:
        assert load_sla_config(tmp_path, "Asia/Makassar").calendar.tz == WITA

    def test_an_unknown_time_zone_is_reported(self, tmp_path: Path) -> None:
        with pytest.raises(SlaConfigError) as caught:
            load_sla_config(tmp_path, "Asia/Jakartaa")
        assert caught.value.problems == [
            "timezone: unknown time zone 'Asia/Jakartaa' "
            "(expected e.g. Asia/Jakarta, Asia/Makassar, Asia/Jayapura)"
        ]


class TestTheDocumentedExample:
    def test_the_example_in_docs_sla_md_loads(self, tmp_path: Path) -> None:
        example = re.search(r"```yaml\n(.*?)```", DOCS.read_text(encoding="utf-8"), re.DOTALL)
        assert example is not None
        config = load_sla_config(write(tmp_path, example.group(1)), "Asia/Jakarta")
        calendar = config.calendar
        assert calendar.periods_on(date(2026, 11, 21)) == (WorkingPeriod(time(8), time(12)),)
        assert calendar.periods_on(date(2026, 11, 22)) == ()
        assert calendar.periods_on(date(2026, 3, 2))[0] == WorkingPeriod(time(8), time(12))
        assert calendar.periods_on(date(2026, 3, 7)) == ()
        assert calendar.closed_reason(date(2026, 4, 1)) == "HUT Kota"
        assert calendar.closed_reason(date(2026, 7, 7)) == "Pindah kantor"
        assert calendar.closed_reason(date(2026, 12, 24)) is None
        assert calendar.periods_on(date(2026, 12, 24)) == DEFAULT_WEEKLY[3]
        assert calendar.periods_on(date(2026, 5, 15)) == (WorkingPeriod(time(8), time(12)),)
        assert calendar.holiday_name(date(2026, 5, 15)) is not None
        assert config.policy_for("dm").first_response == Duration(12, "working_hours")
        assert config.policy_for("comment").next_response is None
        high = config.policy_for("dm", priority="high")
        assert (high.name, high.first_response) == ("Aduan prioritas tinggi", Duration(4, "working_hours"))
        assert high.next_response == Duration(24, "working_hours")
        road = config.policy_for("dm", category="jalan-rusak")
        assert (road.first_response, road.resolution) == (
            Duration(12, "working_hours"),
            Duration(10, "working_days"),
        )


class TestCalendarSettings:
    def test_a_weekly_schedule_replaces_the_default_week(self, tmp_path: Path) -> None:
        config = load_sla_config(
            write(tmp_path, 'calendar: {weekly: {senin: "08:00-16:00"}}'), "Asia/Jakarta"
        )
        assert config.calendar.weekly == {0: (WorkingPeriod(time(8), time(16)),)}
        assert not config.calendar.is_working_time(wib(2026, 11, 17, 9))

    def test_without_a_weekly_schedule_the_default_hours_apply(self, tmp_path: Path) -> None:
        config = load_sla_config(write(tmp_path, "calendar: {cuti_bersama: false}"), "Asia/Jakarta")
        assert config.calendar.weekly == DEFAULT_WEEKLY
        assert config.calendar.is_working_day(date(2026, 3, 23))

    def test_periods_may_be_listed_in_any_order(self, tmp_path: Path) -> None:
        config = load_sla_config(
            write(tmp_path, 'calendar: {weekly: {monday: ["13:00-16:00", "07:30-12:00"]}}'), "Asia/Jakarta"
        )
        assert [str(p) for p in config.calendar.weekly[0]] == ["07:30-12:00", "13:00-16:00"]


class TestPolicySettings:
    def test_a_partial_policy_keeps_the_other_defaults(self, tmp_path: Path) -> None:
        config = load_sla_config(
            write(tmp_path, "policies: {dm: {first_response: 12 working_hours}}"), "Asia/Jakarta"
        )
        dm = config.policy_for("dm")
        assert dm.first_response == Duration(12, "working_hours")
        assert dm.resolution == DEFAULT_POLICIES["dm"].resolution
        assert config.policy_for("comment") == DEFAULT_POLICIES["comment"]

    def test_a_specific_policy_inherits_from_its_kind_as_configured(self, tmp_path: Path) -> None:
        content = """
        policies:
          "comment:priority:high": {first_response: 6 calendar_hours}
          comment: {resolution: 3 working_days}
        """
        high = load_sla_config(write(tmp_path, content), "Asia/Jakarta").policy_for(
            "comment", priority="high"
        )
        assert (high.name, high.first_response) == ("comment:priority:high", Duration(6, "calendar_hours"))
        assert high.resolution == Duration(3, "working_days")


class TestInvalidConfigurationIsReportedPrecisely:
    @pytest.mark.parametrize(
        ("content", "problem"),
        [
            (
                'calendar: {weekly: {monday: ["07:30-12:00", "11:00-16:00"]}}',
                "calendar.weekly.monday: periods 07:30-12:00 and 11:00-16:00 overlap",
            ),
            (
                'calendar: {weekly: {monday: ["07:30-12:00", "16:00-13:00"]}}',
                "calendar.weekly.monday[1]: period 16:00-13:00 ends before it starts",
            ),
            (
                'calendar: {weekly: {monday: ["7.30-12"]}}',
                "calendar.weekly.monday[0]: period '7.30-12' is not of the form 'HH:MM-HH:MM'",
            ),
            ("calendar: {weekly: {monday: [13:00]}}", "calendar.weekly.monday[0]: expected a period like"),
            ("calendar: {weekly: {funday: []}}", "calendar.weekly.funday: unknown key"),
            (
                "calendar: {weekly: {saturday: []}}",
                "calendar.weekly: no working period on any day of the week",
            ),
            ("calendar: {cuti_bersama: maybe}", "calendar.cuti_bersama: expected true or false, got 'maybe'"),
            (
                "calendar: {holidays: []}",
                "calendar.holidays: unknown key (expected one of: weekly, overrides",
            ),
            (
                "timezone: Asia/Jakarta",
                "sla.yaml.timezone: unknown key (expected one of: calendar, warnings, policies)",
            ),
            ("[1, 2]", "sla.yaml: expected a mapping, got list"),
            (
                "policies: {dm: {first_response: 0 working_hours}}",
                "policies.dm.first_response: target must be greater than zero, got 0 working_hours",
            ),
            (
                "policies: {dm: {first_response: -4 working_hours}}",
                "policies.dm.first_response: target must be greater than zero, got -4 working_hours",
            ),
            (
                "policies: {dm: {resolution: 5 hari_kerja}}",
                "policies.dm.resolution: unknown unit 'hari_kerja' in '5 hari_kerja' (expected one of: "
                "working_hours, working_days, calendar_hours)",
            ),
            ("policies: {dm: {first_response: 24}}", "policies.dm.first_response: expected text like"),
            ("policies: {dm: {first_reply: 1 working_hours}}", "policies.dm.first_reply: unknown key"),
            (
                "policies: {email: {}}",
                "policies.email: unknown channel kind 'email' (expected one of: dm, comment)",
            ),
            ("policies: {'dm:a:b': {}}", "policies.dm:a:b: key must be"),
            (
                "calendar: {closures: [{date: 2026-02-30, reason: x}]}",
                "calendar.closures[0].date: '2026-02-30' is not a valid date (expected YYYY-MM-DD)",
            ),
            (
                "calendar: {closures: [{date: 2026-07-01}]}",
                "calendar.closures[0].reason: required text is missing",
            ),
            (
                "calendar: {closures: [{date: 2026-07-03, to: 2026-07-01, reason: x}]}",
                "calendar.closures[0].to: 2026-07-01 is before 'date' (2026-07-03)",
            ),
            ("calendar: {closures: {date: 2026-07-01}}", "calendar.closures: expected a list, got dict"),
        ],
    )
    def test_each_problem_names_its_field(self, tmp_path: Path, content: str, problem: str) -> None:
        problems = problems_of(tmp_path, content)
        assert any(found.startswith(problem) for found in problems), problems

    def test_override_problems_name_the_override(self, tmp_path: Path) -> None:
        content = """
        calendar:
          overrides:
            - {name: Ramadan, from: "2026-02-19", to: "2026-03-19", weekly: {monday: ["08:00-15:00"]}}
            - {name: Rapat, from: "2026-03-01", to: "2026-03-02", weekly: {}}
            - {name: Mundur, from: "2026-05-02", to: "2026-05-01", weekly: {}}
            - {from: "2026-06-01", to: "2026-06-01"}
        """
        assert problems_of(tmp_path, content) == [
            "calendar.overrides[1]: dates 2026-03-01..2026-03-02 overlap calendar.overrides[0] ('Ramadan')",
            "calendar.overrides[2].to: 2026-05-01 is before 'from' (2026-05-02)",
            "calendar.overrides[3].name: required text is missing",
            "calendar.overrides[3].weekly: required mapping is missing",
        ]

    def test_all_problems_are_collected_at_once(self, tmp_path: Path) -> None:
        content = """
        calendar:
          weekly:
            monday: ["16:00-07:30"]
            tuesday: ["07:30-12:00"]
          closures:
            - {date: "2026-13-01", reason: Banjir}
          colour: blue
        policies:
          dm: {first_response: 0 working_hours, resolution: 5 fortnights}
        """
        problems = problems_of(tmp_path, content, timezone="Mars/Olympus")
        assert len(problems) == 6, problems
        assert problems[0].startswith("timezone: unknown time zone 'Mars/Olympus'")

    def test_the_error_message_lists_the_file_and_every_problem(self, tmp_path: Path) -> None:
        with pytest.raises(SlaConfigError) as caught:
            load_sla_config(
                write(tmp_path, "policies: {dm: {first_response: 0 working_hours}}"), "Asia/Jakarta"
            )
        message = str(caught.value)
        assert str(tmp_path / "sla.yaml") in message
        assert "- policies.dm.first_response: target must be greater than zero" in message

    def test_broken_yaml_is_reported_as_a_problem(self, tmp_path: Path) -> None:
        problems = problems_of(tmp_path, "calendar: {weekly: [")
        assert problems[0].startswith("sla.yaml: not valid YAML")
