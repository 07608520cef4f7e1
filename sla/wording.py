"""Deadlines and explanations in plain Indonesian, in the agency's local time."""

from __future__ import annotations

from datetime import datetime, time, timedelta, tzinfo
from zoneinfo import ZoneInfo

from babel.dates import format_date

from sla.calendar import BusinessCalendar, require_aware
from sla.deadlines import DueExplanation, Gap
from sla.policies import Duration
from sla.texts import text

ZONE_ABBREVIATIONS: dict[str, str] = {
    "Asia/Jakarta": "WIB",
    "Asia/Pontianak": "WIB",
    "Asia/Makassar": "WITA",
    "Asia/Ujung_Pandang": "WITA",
    "Asia/Jayapura": "WIT",
}
"""Waktu Indonesia Barat (UTC+7), Tengah (UTC+8) and Timur (UTC+9)."""


def zone_abbreviation(tz: tzinfo | None, moment: datetime) -> str:
    """WIB, WITA or WIT for the Indonesian zones; otherwise the zone's own abbreviation or UTC offset."""
    if isinstance(tz, ZoneInfo) and tz.key in ZONE_ABBREVIATIONS:
        return ZONE_ABBREVIATIONS[tz.key]
    local = require_aware(moment).astimezone(tz)
    name = local.tzname()
    if name and not name.startswith(("+", "-")):
        return name
    offset = local.utcoffset() or timedelta(0)
    minutes = int(offset.total_seconds()) // 60
    sign = "+" if minutes >= 0 else "-"
    hours, rest = divmod(abs(minutes), 60)
    return f"UTC{sign}{hours}" + (f":{rest:02d}" if rest else "")


def format_day(moment: datetime) -> str:
    """ "Senin, 23 November 2026" for a local datetime or date."""
    return str(format_date(moment, "EEEE, d MMMM y", locale="id"))


def format_moment(moment: datetime, tz: tzinfo | None = None) -> str:
    """ "Senin, 23 November 2026 pukul 10.30 WIB" in `tz` (by default the moment's own zone)."""
    local = require_aware(moment).astimezone(tz) if tz is not None else moment
    return text("due.default").format(
        date=format_day(local), time=f"{local:%H.%M}", zone=zone_abbreviation(local.tzinfo, local)
    )


def humanize_due(deadline: datetime, now: datetime, calendar: BusinessCalendar) -> str:
    """A deadline for citizens and officers, e.g. "Senin, 23 November 2026 pukul 10.30 WIB".

    Prefixed with "hari ini" or "besok" when it falls today or tomorrow (local dates), and marked
    "(sudah lewat)" when it is already past.
    """
    local = require_aware(deadline).astimezone(calendar.tz)
    local_now = require_aware(now).astimezone(calendar.tz)
    if deadline < now:
        key = "due.past"
    elif local.date() == local_now.date():
        key = "due.today"
    elif local.date() == local_now.date() + timedelta(days=1):
        key = "due.tomorrow"
    else:
        key = "due.default"
    return text(key).format(
        date=format_day(local), time=f"{local:%H.%M}", zone=zone_abbreviation(calendar.tz, local)
    )


def describe_duration(duration: Duration) -> str:
    """ "24 jam kerja", "5 hari kerja", "48 jam kalender"."""
    amount = f"{duration.amount:g}".replace(".", ",")
    return text(f"unit.{duration.unit}").format(amount=amount)


def format_explanation(explanation: DueExplanation) -> str:
    """A plain-text account for admins: which days and hours were skipped and why, and the deadline."""
    lines = [text("explanation.start").format(moment=format_moment(explanation.start))]
    if explanation.clock_start != explanation.start:
        moment = format_moment(explanation.clock_start)
        lines.append(text("explanation.clock_start").format(moment=moment))
    lines.append(text("explanation.target").format(target=describe_duration(explanation.duration)))
    if explanation.gaps:
        lines.append(text("explanation.skipped"))
        lines.extend(_gap_line(gap) for gap in explanation.gaps)
    else:
        lines.append(text("explanation.nothing_skipped"))
    minutes = int(explanation.counted.total_seconds() // 60)
    lines.append(text("explanation.counted").format(hours=minutes // 60, minutes=minutes % 60))
    lines.append(text("explanation.deadline").format(moment=format_moment(explanation.deadline)))
    return "\n".join(lines)


def _gap_line(gap: Gap) -> str:
    if gap.kind == "closed_day":
        if gap.start.hour or gap.start.minute:
            return text("explanation.closed_part").format(
                day=format_day(gap.start), start=f"{gap.start:%H.%M}", reason=gap.reason
            )
        return text("explanation.closed_day").format(day=format_day(gap.start), reason=gap.reason)
    end_of_day = gap.end.time() == time(0) and gap.end.date() == gap.start.date() + timedelta(days=1)
    if gap.end.date() == gap.start.date() or end_of_day:
        end = "24.00" if end_of_day else f"{gap.end:%H.%M}"
        return text("explanation.same_day_span").format(
            day=format_day(gap.start), start=f"{gap.start:%H.%M}", end=end, reason=gap.reason
        )
    return text("explanation.span").format(
        start=_short_moment(gap.start), end=_short_moment(gap.end), reason=gap.reason
    )


def _short_moment(moment: datetime) -> str:
    return f"{format_day(moment)} {moment:%H.%M}"
