"""Properties of deadline arithmetic that hold for any start, any duration and each Indonesian zone."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from itertools import pairwise

from hypothesis import given, settings
from hypothesis import strategies as st

from sla import BusinessCalendar, Duration, ScheduleOverride, WorkingPeriod, default_calendar, due_at
from sla.calendar import DEFAULT_WEEKLY

ramadan = ScheduleOverride(
    "Ramadan",
    date(2027, 2, 8),
    date(2027, 3, 9),
    {day: (WorkingPeriod.parse("08:00-12:00"), WorkingPeriod.parse("12:30-15:00")) for day in range(5)},
)
CALENDARS = [
    default_calendar("Asia/Jakarta"),
    default_calendar("Asia/Makassar"),
    default_calendar("Asia/Jayapura"),
    BusinessCalendar(
        tz=default_calendar().tz,
        weekly=DEFAULT_WEEKLY,
        overrides=(ramadan,),
        closures={date(2026, 7, 1): "HUT Kota", date(2026, 12, 31): "Tutup buku"},
    ),
]

calendars = st.sampled_from(CALENDARS)
starts = st.datetimes(
    min_value=datetime(2025, 1, 1),  # noqa: DTZ001
    max_value=datetime(2028, 12, 31),  # noqa: DTZ001
    timezones=st.just(UTC),
)
quarter_hours = st.integers(min_value=1, max_value=4 * 200).map(lambda quarters: quarters / 4)


def at_period_end(calendar: BusinessCalendar, moment: datetime) -> bool:
    return any(end == moment for _, end in calendar.working_periods_on(calendar.local_date(moment)))


class TestWorkingHoursDeadlinesLandInWorkingTime:
    @given(calendar=calendars, start=starts, hours=quarter_hours)
    def test_the_deadline_is_working_time_or_exactly_a_period_end(
        self, calendar: BusinessCalendar, start: datetime, hours: float
    ) -> None:
        deadline = due_at(start, Duration(hours, "working_hours"), calendar)
        assert calendar.is_working_time(deadline) or at_period_end(calendar, deadline)
        assert deadline > start


class TestWorkingHoursAddUp:
    @given(calendar=calendars, start=starts, first=quarter_hours, second=quarter_hours)
    def test_adding_two_parts_equals_adding_the_sum(
        self, calendar: BusinessCalendar, start: datetime, first: float, second: float
    ) -> None:
        halfway = due_at(start, Duration(first, "working_hours"), calendar)
        in_two_steps = due_at(halfway, Duration(second, "working_hours"), calendar)
        assert in_two_steps == due_at(start, Duration(first + second, "working_hours"), calendar)

    @given(start=starts, first=quarter_hours, second=quarter_hours)
    def test_calendar_hours_add_up_too(self, start: datetime, first: float, second: float) -> None:
        calendar = CALENDARS[0]
        halfway = due_at(start, Duration(first, "calendar_hours"), calendar)
        in_two_steps = due_at(halfway, Duration(second, "calendar_hours"), calendar)
        assert in_two_steps == due_at(start, Duration(first + second, "calendar_hours"), calendar)


class TestWorkingSecondsInvertDueAt:
    @given(calendar=calendars, start=starts, hours=quarter_hours)
    def test_the_working_time_until_the_deadline_is_the_duration(
        self, calendar: BusinessCalendar, start: datetime, hours: float
    ) -> None:
        deadline = due_at(start, Duration(hours, "working_hours"), calendar)
        assert calendar.working_seconds_between(start, deadline) == hours * 3600


class TestWorkingDaysDeadlines:
    @given(calendar=calendars, start=starts, days=st.integers(min_value=1, max_value=30))
    def test_the_deadline_is_on_a_working_day_within_or_at_the_edge_of_a_period(
        self, calendar: BusinessCalendar, start: datetime, days: int
    ) -> None:
        deadline = due_at(start, Duration(days, "working_days"), calendar)
        periods = calendar.working_periods_on(calendar.local_date(deadline))
        assert any(begin <= deadline <= end for begin, end in periods)

    @given(calendar=calendars, start=starts, days=st.integers(min_value=1, max_value=30))
    def test_one_more_working_day_is_later(
        self, calendar: BusinessCalendar, start: datetime, days: int
    ) -> None:
        sooner = due_at(start, Duration(days, "working_days"), calendar)
        later = due_at(start, Duration(days + 1, "working_days"), calendar)
        assert later > sooner > start


class TestNextWorkingInstant:
    @given(calendar=calendars, moment=starts)
    def test_it_is_working_time_not_before_the_moment_and_idempotent(
        self, calendar: BusinessCalendar, moment: datetime
    ) -> None:
        instant = calendar.next_working_instant(moment)
        assert instant >= moment
        assert calendar.is_working_time(instant)
        assert calendar.next_working_instant(instant) == instant
        assert calendar.working_seconds_between(moment, instant) == 0


class TestWorkingIntervals:
    @settings(max_examples=50)
    @given(calendar=calendars, start=starts, length=st.integers(min_value=0, max_value=24 * 20))
    def test_intervals_are_ordered_disjoint_working_time_within_the_range(
        self, calendar: BusinessCalendar, start: datetime, length: int
    ) -> None:
        end = start + timedelta(hours=length)
        intervals = list(calendar.working_intervals(start, end))
        for begin, finish in intervals:
            assert start <= begin < finish <= end
            assert calendar.is_working_time(begin)
        assert all(a[1] <= b[0] for a, b in pairwise(intervals))
