"""The report figures of a period as the API answers them (`reports.Report`; hours are working
hours, None when nothing was measured)."""

from __future__ import annotations

from datetime import date

from pydantic import BaseModel, Field

from reports import Compliance, Lateness, Report, Spread


class SpreadOut(BaseModel):
    count: int
    median_hours: float | None
    p90_hours: float | None

    @classmethod
    def of(cls, spread: Spread) -> SpreadOut:
        return cls(count=spread.count, median_hours=spread.median, p90_hours=spread.p90)


class ComplianceOut(BaseModel):
    met: int
    breached: int
    running: int = Field(description="Promises still running, not yet due.")
    percent_met: float | None
    late_total_hours: float
    late_worst_hours: float | None

    @classmethod
    def of(cls, found: Compliance) -> ComplianceOut:
        return cls(
            met=found.met,
            breached=found.breached,
            running=found.running,
            percent_met=found.percent_met,
            late_total_hours=found.late_total_hours,
            late_worst_hours=found.late_worst_hours,
        )


class LatenessOut(BaseModel):
    breaches: int
    median_hours: float | None
    worst_hours: float | None

    @classmethod
    def of(cls, found: Lateness) -> LatenessOut:
        return cls(breaches=found.breaches, median_hours=found.median_hours, worst_hours=found.worst_hours)


class CountsOut(BaseModel):
    received: int
    responded: int
    resolved: int
    closed: int
    reopened: int
    resolution_rate: float | None = Field(description="Percent of the tickets received.")


class RatingsOut(BaseModel):
    count: int
    average: float | None
    distribution: dict[str, int] = Field(description="Ratings 1-5 and how many gave each.")
    rated_share: float | None = Field(
        description="Percent of the tickets resolved or closed that were rated."
    )


class CategoryOut(BaseModel):
    category: str
    tickets: int


class InHandsOut(BaseModel):
    unit: str
    tickets: int
    hours: float


class WeekOut(BaseModel):
    week_start: date = Field(description="The Monday of the week.")
    received: int
    breached: int = Field(description="Tickets received that week with a breached promise.")


class Metrics(BaseModel):
    first_day: date
    last_day: date
    counts: CountsOut
    first_response: SpreadOut
    first_response_by_unit: dict[str, SpreadOut]
    compliance: dict[str, ComplianceOut] = Field(description="Per clock kind: every ticket of the period.")
    compliance_by: dict[str, dict[str, dict[str, ComplianceOut]]] = Field(
        description="Dimension (unit, channel, category, officer) -> clock kind -> value -> compliance."
    )
    lateness: dict[str, LatenessOut]
    lateness_by_unit: dict[str, dict[str, LatenessOut]]
    backlog: dict[str, int] = Field(
        description="Open tickets by age in days (0, 1-3, 4-7, 8-14, 15-30, 31+)."
    )
    ratings: RatingsOut
    top_categories: list[CategoryOut]
    in_hands: list[InHandsOut]
    unanswered_questions: int
    weekly: list[WeekOut]

    @classmethod
    def of(cls, report: Report) -> Metrics:
        counts = report.counts
        ratings = report.ratings
        return cls(
            first_day=report.filter.period.first_day,
            last_day=report.filter.period.last_day,
            counts=CountsOut(
                received=counts.received,
                responded=counts.responded,
                resolved=counts.resolved,
                closed=counts.closed,
                reopened=counts.reopened,
                resolution_rate=counts.resolution_rate,
            ),
            first_response=SpreadOut.of(report.first_response),
            first_response_by_unit={u: SpreadOut.of(s) for u, s in report.first_response_by_unit.items()},
            compliance={kind: ComplianceOut.of(c) for kind, c in report.compliance.items()},
            compliance_by={
                dimension: {
                    kind: {value: ComplianceOut.of(c) for value, c in groups.items()}
                    for kind, groups in per_kind.items()
                }
                for dimension, per_kind in report.compliance_by.items()
            },
            lateness={kind: LatenessOut.of(found) for kind, found in report.lateness.items()},
            lateness_by_unit={
                unit: {kind: LatenessOut.of(found) for kind, found in per.items()}
                for unit, per in report.lateness_by_unit.items()
            },
            backlog=dict(report.backlog),
            ratings=RatingsOut(
                count=ratings.count,
                average=ratings.average,
                distribution={str(k): v for k, v in ratings.distribution.items()},
                rated_share=ratings.rated_share,
            ),
            top_categories=[CategoryOut(category=c, tickets=n) for c, n in report.top_categories],
            in_hands=[InHandsOut(unit=h.unit, tickets=h.tickets, hours=h.hours) for h in report.in_hands],
            unanswered_questions=report.unanswered_questions,
            weekly=[
                WeekOut(week_start=date.fromisoformat(day), received=r, breached=b)
                for day, r, b in report.weekly
            ],
        )
