"""SLA: business calendars, policies and deadline arithmetic (pure; time is always passed in), and the
per-ticket clocks with the sweep that fires their warnings and breaches (`sla.service`, `sla.sweep`)."""

from sla.alerts import RecordOnlyListener, SlaAlert, SlaListener
from sla.calendar import (
    DEFAULT_WEEKLY,
    BusinessCalendar,
    NoWorkingTimeError,
    OpenDay,
    ScheduleOverride,
    WorkingPeriod,
    default_calendar,
)
from sla.config import SlaConfigError, load_sla_config, parse_sla_config
from sla.deadlines import DueExplanation, Gap, add_working_time, due_at, explain_due
from sla.models import ClockKind, ClockStatus, SlaClock, SlaEventKind
from sla.national_holidays import HolidayProvider, IndonesianHolidays, no_holidays
from sla.policies import (
    DEFAULT_POLICIES,
    DEFAULT_WARNINGS,
    Duration,
    SlaConfig,
    SlaPolicy,
    Unit,
    default_sla_config,
)
from sla.runner import SlaSettings, SweepRunner
from sla.sweep import Sweeper, SweepReport
from sla.wording import format_explanation, format_moment, humanize_due, zone_abbreviation

__all__ = [
    "DEFAULT_POLICIES",
    "DEFAULT_WARNINGS",
    "DEFAULT_WEEKLY",
    "BusinessCalendar",
    "ClockKind",
    "ClockStatus",
    "DueExplanation",
    "Duration",
    "Gap",
    "HolidayProvider",
    "IndonesianHolidays",
    "NoWorkingTimeError",
    "OpenDay",
    "RecordOnlyListener",
    "ScheduleOverride",
    "SlaAlert",
    "SlaClock",
    "SlaConfig",
    "SlaConfigError",
    "SlaEventKind",
    "SlaListener",
    "SlaPolicy",
    "SlaSettings",
    "SweepReport",
    "SweepRunner",
    "Sweeper",
    "Unit",
    "WorkingPeriod",
    "add_working_time",
    "default_calendar",
    "default_sla_config",
    "due_at",
    "explain_due",
    "format_explanation",
    "format_moment",
    "humanize_due",
    "load_sla_config",
    "no_holidays",
    "parse_sla_config",
    "zone_abbreviation",
]
