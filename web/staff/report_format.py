"""How the report page writes its values: numbers with a decimal comma ("12,5"), percentages, dates
as Indonesians write them ("2 November 2026"), and a figure's name in words for the ticket list's
heading ("Melewati tenggat · Penyelesaian · Unit layanan: Dinas Perhubungan")."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date

from babel.dates import format_date
from jinja2 import Environment

from reports.drill import Drill
from reports.metrics import BACKLOG_BUCKETS
from reports.texts import labels
from reports.texts import text as report_text
from web.staff.texts import text


def number(value: float | None, digits: int = 1) -> str:
    return "–" if value is None else f"{value:.{digits}f}".replace(".", ",")


def percent(value: float | None) -> str:
    return "–" if value is None else f"{number(value)}%"


def long_date(value: date | str) -> str:
    day = date.fromisoformat(value) if isinstance(value, str) else value
    return format_date(day, "d MMMM yyyy", locale="id")


def figure_label(drill: Drill, units: Mapping[str, str], people: Mapping[str, str]) -> str:
    parts = [text(f"reports.figure.{drill.metric}")]
    if drill.clock is not None:
        parts.append(labels("clock_kind")[drill.clock])
    value = drill.value
    if drill.dimension is not None:
        shown = _value_name(drill.dimension, value, units, people)
        parts.append(f"{text(f'reports.dimension.{drill.dimension}')}: {shown}")
    elif drill.metric == "backlog" and value in BACKLOG_BUCKETS:
        parts[-1] += f" {labels('backlog_bucket')[value]}"
    elif drill.metric in ("week", "week_breached") and value:
        parts[-1] += f" {_safe_date(value)}"
    elif drill.metric == "in_hands" and value is not None:
        parts[-1] += f" {_value_name('unit', value, units, people)}"
    elif value is not None:
        parts[-1] += f" {value or text('reports.none.category')}"
    return " · ".join(parts)


def _value_name(
    dimension: str, value: str | None, units: Mapping[str, str], people: Mapping[str, str]
) -> str:
    if not value:
        return text(f"reports.none.{dimension}")
    names = {"unit": units, "officer": people}.get(dimension, {})
    return names.get(value, value)


def _safe_date(value: str) -> str:
    try:
        return long_date(value)
    except ValueError:
        return value


def install(env: Environment) -> None:
    """The filters and helpers the report templates use."""
    env.filters["number"] = number
    env.filters["percent"] = percent
    env.filters["long_date"] = long_date
    env.globals["r"] = report_text
    env.globals["backlog_buckets"] = BACKLOG_BUCKETS
