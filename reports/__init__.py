"""Supervisors' reports: what the tickets of a period came to (received, first-response times in
working hours, SLA compliance and breaches per unit, channel, category and officer, backlog, ratings,
time in hands of forwarded tickets), their tickets behind each figure, charts and exports."""

from reports.filters import (
    Period,
    ReportFilter,
    ReportFilterError,
    custom_period,
    last_month,
    month_period,
    parse_kinds,
    parse_month,
    preset_period,
    this_week,
)
from reports.metrics import Compliance, InHands, Lateness, Ratings, Report, Spread, TicketCounts
from reports.service import build_report, make_scope

__all__ = [
    "Compliance",
    "InHands",
    "Lateness",
    "Period",
    "Ratings",
    "Report",
    "ReportFilter",
    "ReportFilterError",
    "Spread",
    "TicketCounts",
    "build_report",
    "custom_period",
    "last_month",
    "make_scope",
    "month_period",
    "parse_kinds",
    "parse_month",
    "preset_period",
    "this_week",
]
