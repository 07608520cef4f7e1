"""The pure arithmetic of a clock: warning moments, what a pause does, what fires when."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from hypothesis import given
from hypothesis import strategies as st

from sla import Duration, add_working_time, default_calendar
from sla.clocks import due_firing, elapsed, next_check, schedule, shifted
from tests.sla.conftest import wib

JAKARTA = default_calendar("Asia/Jakarta")
moments = st.datetimes(
    min_value=datetime(2026, 1, 1),  # noqa: DTZ001
    max_value=datetime(2027, 12, 31),  # noqa: DTZ001
    timezones=st.just(UTC),
)
calendar_minutes = st.integers(min_value=0, max_value=60 * 24 * 30).map(lambda m: timedelta(minutes=m))
working_minutes = st.integers(min_value=1, max_value=60 * 80).map(lambda minutes: timedelta(minutes=minutes))


class TestPausesMoveCheckpointsByThePausedTime:
    @given(paused_at=moments, pause=calendar_minutes, ahead=working_minutes)
    def test_a_checkpoint_ahead_moves_by_exactly_the_working_time_paused(
        self, paused_at: datetime, pause: timedelta, ahead: timedelta
    ) -> None:
        resumed_at = paused_at + pause
        checkpoint = add_working_time(paused_at, ahead, JAKARTA)
        moved = shifted(checkpoint, paused_at, resumed_at, JAKARTA, "working")
        paused_time = JAKARTA.working_time_between(paused_at, resumed_at)
        assert JAKARTA.working_time_between(checkpoint, moved) == paused_time
        assert elapsed(resumed_at, moved, JAKARTA, "working") == elapsed(
            paused_at, checkpoint, JAKARTA, "working"
        )

    @given(paused_at=moments, pause=st.integers(min_value=1, max_value=10**6))
    def test_a_checkpoint_already_passed_stays_put(self, paused_at: datetime, pause: int) -> None:
        resumed_at = paused_at + timedelta(seconds=pause)
        assert shifted(paused_at, paused_at, resumed_at, JAKARTA, "working") == paused_at

    def test_calendar_time_moves_by_the_plain_pause(self) -> None:
        moved = shifted(wib(25, 9), wib(23, 9), wib(23, 21), JAKARTA, "calendar")
        assert moved == wib(25, 21)


class TestWarningMoments:
    def test_warnings_split_the_allowed_working_time(self) -> None:
        planned = schedule(wib(23, 9), Duration(24, "working_hours"), (0.75, 0.9), JAKARTA)
        assert planned.due_at == wib(26, 10, 30)
        assert planned.warning_times == (wib(25, 12), wib(26, 8, 6))

    def test_working_days_warn_on_the_working_time_up_to_the_deadline(self) -> None:
        planned = schedule(wib(23, 9), Duration(5, "working_days"), (0.5,), JAKARTA)
        assert JAKARTA.working_time_between(wib(23, 9), planned.warning_times[0]) == timedelta(hours=18.75)

    def test_no_warning_points_means_only_the_deadline_is_checked(self) -> None:
        planned = schedule(wib(23, 9), Duration(1, "working_hours"), (), JAKARTA)
        assert next_check(planned.due_at, planned.warning_times, 0, breached=False) == wib(23, 10)


class TestWhatFires:
    times = (wib(25, 12), wib(26, 8, 6))

    def test_the_latest_warning_reached_fires_and_the_earlier_is_skipped(self) -> None:
        firing = due_firing(wib(26, 9), wib(26, 10, 30), self.times, (0.75, 0.9), 0, breached=False)
        assert firing is not None
        assert (firing.kind, firing.point, firing.warnings_fired, firing.skipped) == (
            "warning",
            0.9,
            2,
            (0.75,),
        )

    def test_nothing_fires_twice(self) -> None:
        assert due_firing(wib(26, 9), wib(26, 10, 30), self.times, (0.75, 0.9), 2, breached=False) is None
        assert due_firing(wib(27, 9), wib(26, 10, 30), self.times, (0.75, 0.9), 2, breached=True) is None

    def test_the_breach_comes_exactly_at_the_deadline(self) -> None:
        firing = due_firing(wib(26, 10, 30), wib(26, 10, 30), self.times, (0.75, 0.9), 2, breached=False)
        assert firing is not None
        assert (firing.kind, firing.skipped) == ("breach", ())
