"""The figures of a report, as plain data (hours are working hours; None when nothing was measured)."""

from __future__ import annotations

from dataclasses import dataclass, field

from reports.filters import ReportFilter

BACKLOG_BUCKETS = ("0", "1-3", "4-7", "8-14", "15-30", "31+")
"""Age of open tickets in whole calendar days: under a day, 1-3 days, ..., more than 30 days."""


@dataclass(frozen=True)
class Spread:
    """Median and 90th percentile (linear between ranks, like percentile_cont) of `count` values."""

    count: int
    median: float | None
    p90: float | None


@dataclass(frozen=True)
class Compliance:
    """One clock kind in one group: promises met in time, breached, still running (not yet due)."""

    met: int = 0
    breached: int = 0
    running: int = 0
    late_total_hours: float = 0.0
    late_worst_hours: float | None = None

    @property
    def decided(self) -> int:
        return self.met + self.breached

    @property
    def percent_met(self) -> float | None:
        return None if not self.decided else 100.0 * self.met / self.decided

    def plus(self, other: Compliance) -> Compliance:
        worst = [h for h in (self.late_worst_hours, other.late_worst_hours) if h is not None]
        return Compliance(
            met=self.met + other.met,
            breached=self.breached + other.breached,
            running=self.running + other.running,
            late_total_hours=self.late_total_hours + other.late_total_hours,
            late_worst_hours=max(worst) if worst else None,
        )


@dataclass(frozen=True)
class Lateness:
    """How late the breached promises of one kind were: median and worst, in working hours."""

    breaches: int
    median_hours: float | None
    worst_hours: float | None


@dataclass(frozen=True)
class Ratings:
    count: int
    average: float | None
    distribution: dict[int, int]
    rated_share: float | None
    """Rated tickets out of the tickets resolved or closed (percent)."""


@dataclass(frozen=True)
class InHands:
    """Working hours forwarded tickets spent with one unit (before and after each forwarding)."""

    unit: str
    tickets: int
    hours: float


@dataclass(frozen=True)
class TicketCounts:
    received: int
    responded: int
    resolved: int
    closed: int
    reopened: int

    @property
    def resolution_rate(self) -> float | None:
        return None if not self.received else 100.0 * self.resolved / self.received


@dataclass(frozen=True)
class Report:
    filter: ReportFilter
    counts: TicketCounts
    first_response: Spread
    first_response_by_unit: dict[str, Spread]
    compliance: dict[str, Compliance]
    """Per clock kind, every ticket of the report."""
    compliance_by: dict[str, dict[str, dict[str, Compliance]]]
    """dimension (unit, channel, category, officer) -> clock kind -> value -> compliance."""
    lateness: dict[str, Lateness]
    lateness_by_unit: dict[str, dict[str, Lateness]]
    backlog: dict[str, int]
    ratings: Ratings
    top_categories: list[tuple[str, int]]
    in_hands: list[InHands]
    unanswered_questions: int
    weekly: list[tuple[str, int, int]] = field(default_factory=list)
    """(Monday of the week, tickets received, tickets with a breached promise)."""
