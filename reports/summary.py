"""The report as lines of text (the CLI's summary), labelled from reports/texts.yaml."""

from __future__ import annotations

from collections.abc import Mapping

from reports.metrics import BACKLOG_BUCKETS, Report
from reports.service import CLOCK_KINDS
from reports.texts import labels, text


def summary_lines(report: Report, unit_names: Mapping[str, str]) -> list[str]:
    t = labels("summary")
    period = report.filter.period
    counts = report.counts
    lines = [
        t["period"].format(start=period.first_day.isoformat(), end=period.last_day.isoformat()),
        t["counts"].format(
            received=counts.received,
            responded=counts.responded,
            resolved=counts.resolved,
            closed=counts.closed,
            reopened=counts.reopened,
        ),
        t["resolution_rate"].format(value=_number(counts.resolution_rate, "%")),
        t["first_response"].format(
            median=_number(report.first_response.median), p90=_number(report.first_response.p90)
        ),
    ]
    kinds = labels("clock_kind")
    for kind in CLOCK_KINDS:
        found, late = report.compliance[kind], report.lateness.get(kind)
        lines.append(
            t["compliance"].format(
                kind=kinds[kind],
                met=_number(found.percent_met, "%"),
                breached=found.breached,
                median=_number(late.median_hours if late else None),
                worst=_number(late.worst_hours if late else None),
            )
        )
    lines.append(t["by_unit"])
    for unit, found in sorted(
        report.compliance_by["unit"].get("resolution", {}).items(), key=lambda item: -item[1].breached
    ):
        name = unit_names.get(unit, unit) or text("charts.no_unit")
        lines.append(
            t["unit"].format(unit=name, met=_number(found.percent_met, "%"), breached=found.breached)
        )
    buckets = labels("backlog_bucket")
    backlog = ", ".join(f"{buckets[b]}: {report.backlog.get(b, 0)}" for b in BACKLOG_BUCKETS)
    lines.append(t["backlog"].format(buckets=backlog))
    ratings = report.ratings
    lines.append(t["ratings"].format(count=ratings.count, average=_number(ratings.average)))
    lines.append(t["unanswered"].format(count=report.unanswered_questions))
    return lines


def _number(value: float | None, suffix: str = "") -> str:
    return "–" if value is None else f"{value:.1f}{suffix}".replace(".", ",")
