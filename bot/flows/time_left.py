"""How long is left before a deadline, said as a person would: "sekitar 3 hari kerja lagi", not
"sisa 23 jam waktu kerja" next to a date five days away. Working-time deadlines count the working
days still to come; on the deadline's own day, and for calendar-time deadlines, hours or days."""

from __future__ import annotations

from datetime import date, timedelta

from bot.turn import Turn
from core import clock
from sla import BusinessCalendar
from sla.views import LiveClock

HOUR = timedelta(hours=1)
DAY = timedelta(days=1)
MAX_DAYS_COUNTED = 400


def time_left(turn: Turn, live: LiveClock) -> str | None:
    """None once met, stopped or overdue (the deadline itself then says "sudah lewat")."""
    if live.paused:
        return turn.t("status.clock.paused")
    if live.left is None or live.overdue:
        return None
    calendar = turn.deps.sla.calendar
    today, due_day = calendar.local_date(clock.now()), calendar.local_date(live.due_at)
    if live.measure == "working" and due_day > today:
        return turn.t("status.clock.left_working_days", count=working_days_after(calendar, today, due_day))
    if live.left < HOUR:
        return turn.t("status.clock.left_under_an_hour")
    if live.left < DAY or live.measure == "working":
        return turn.t("status.clock.left_hours", count=round(live.left / HOUR))
    return turn.t("status.clock.left_days", count=round(live.left / DAY))


def working_days_after(calendar: BusinessCalendar, today: date, last: date) -> int:
    """Working days after `today` up to and including `last` (Monday to Thursday: 3)."""
    count, day = 0, today
    for _ in range(MAX_DAYS_COUNTED):
        day += timedelta(days=1)
        if day > last:
            break
        count += calendar.is_working_day(day)
    return max(count, 1)
