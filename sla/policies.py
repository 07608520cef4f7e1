"""SLA policies: response and resolution targets per channel kind, category and priority."""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import timedelta
from itertools import pairwise
from types import MappingProxyType
from typing import Literal, cast, get_args

from sla.calendar import BusinessCalendar, default_calendar

Unit = Literal["working_hours", "working_days", "calendar_hours"]
UNITS: tuple[str, ...] = get_args(Unit)
CHANNEL_KINDS: tuple[str, ...] = ("dm", "comment")
DEFAULT_WARNINGS: tuple[float, ...] = (0.75, 0.9)
"""Warn when 75% and 90% of the allowed time has passed (fractions, ascending, each in (0, 1))."""


@dataclass(frozen=True, slots=True)
class Duration:
    """An SLA target such as 24 working hours, 5 working days or 48 calendar hours."""

    amount: float
    unit: Unit

    def __post_init__(self) -> None:
        if self.unit not in UNITS:
            raise ValueError(f"unknown unit {self.unit!r} (expected one of: {', '.join(UNITS)})")
        if isinstance(self.amount, bool) or not isinstance(self.amount, int | float):
            raise ValueError(f"amount {self.amount!r} is not a number")
        if not math.isfinite(self.amount):
            raise ValueError(f"amount must be a finite number, got {self.amount}")
        if self.amount <= 0:
            raise ValueError(f"target must be greater than zero, got {self.amount:g} {self.unit}")
        if self.unit == "working_days" and self.amount != int(self.amount):
            raise ValueError(f"working_days must be a whole number, got {self.amount:g}")

    @classmethod
    def parse(cls, text: str) -> Duration:
        """Parse "24 working_hours", "5 working_days" or "48 calendar_hours"."""
        parts = text.split()
        if len(parts) != 2:
            raise ValueError(f"{text!r} is not of the form '<amount> <unit>', e.g. '24 working_hours'")
        amount_text, unit = parts
        try:
            amount = float(amount_text)
        except ValueError:
            raise ValueError(f"amount {amount_text!r} in {text!r} is not a number") from None
        if unit not in UNITS:
            raise ValueError(f"unknown unit {unit!r} in {text!r} (expected one of: {', '.join(UNITS)})")
        whole = amount.is_integer() and math.isfinite(amount)
        return cls(int(amount) if whole else amount, cast(Unit, unit))

    @property
    def hours(self) -> timedelta:
        """The amount as a length of time (meaningful for the *_hours units)."""
        return timedelta(hours=self.amount)

    def __str__(self) -> str:
        return f"{self.amount:g} {self.unit}"


@dataclass(frozen=True, slots=True)
class SlaPolicy:
    """Targets for one kind of conversation; `next_response` None means no next-response target.

    `warnings` are the fractions of each target's allowed time at which a warning fires.
    """

    name: str
    first_response: Duration
    next_response: Duration | None
    resolution: Duration
    warnings: tuple[float, ...] = DEFAULT_WARNINGS

    def __post_init__(self) -> None:
        problem = warning_points_problem(self.warnings)
        if problem is not None:
            raise ValueError(problem)

    def target(self, clock: str) -> Duration | None:
        """The target of one clock kind: first_response, next_response or resolution."""
        if clock not in ("first_response", "next_response", "resolution"):
            raise ValueError(f"unknown clock kind {clock!r}")
        target: Duration | None = getattr(self, clock)
        return target


def warning_points_problem(points: tuple[float, ...]) -> str | None:
    """Why `points` are not valid warning points (each in (0, 1), strictly ascending), or None."""
    for point in points:
        if isinstance(point, bool) or not isinstance(point, int | float) or not math.isfinite(point):
            return f"warning point {point!r} is not a number (write 0.75 for 75%)"
        if not 0 < point < 1:
            return f"warning point {point:g} must be between 0 and 1, exclusive (write 0.75 for 75%)"
    if any(later <= earlier for earlier, later in pairwise(points)):
        shown = ", ".join(f"{point:g}" for point in points)
        return f"warning points must be strictly ascending, got [{shown}]"
    return None


DEFAULT_POLICIES: Mapping[str, SlaPolicy] = MappingProxyType(
    {
        "dm": SlaPolicy(
            name="dm",
            first_response=Duration(24, "working_hours"),
            next_response=Duration(24, "working_hours"),
            resolution=Duration(5, "working_days"),
        ),
        "comment": SlaPolicy(
            name="comment",
            first_response=Duration(48, "calendar_hours"),
            next_response=Duration(48, "calendar_hours"),
            resolution=Duration(5, "working_days"),
        ),
    }
)


def policy_key_problem(key: str) -> str | None:
    """Why `key` is not a valid policy key, or None.

    Valid keys: "dm", "dm:<category>", "dm:priority:<priority>", "dm:<category>:priority:<priority>"
    (and the same with "comment").
    """
    parts = key.split(":")
    if parts[0] not in CHANNEL_KINDS:
        return f"unknown channel kind {parts[0]!r} (expected one of: {', '.join(CHANNEL_KINDS)})"
    if any(not part.strip() for part in parts):
        return "empty part in key"
    count = len(parts)
    valid = (
        count == 1
        or (count == 2 and parts[1] != "priority")
        or (count == 3 and parts[1] == "priority")
        or (count == 4 and parts[1] != "priority" and parts[2] == "priority")
    )
    if not valid:
        return (
            "key must be '<kind>', '<kind>:<category>', '<kind>:priority:<priority>' "
            "or '<kind>:<category>:priority:<priority>'"
        )
    return None


@dataclass(frozen=True)
class SlaConfig:
    """The calendar and the policies, keyed by channel kind with optional more specific overrides."""

    calendar: BusinessCalendar
    policies: Mapping[str, SlaPolicy] = field(default_factory=lambda: DEFAULT_POLICIES)

    def __post_init__(self) -> None:
        problems = [f"{key}: {p}" for key in self.policies if (p := policy_key_problem(key)) is not None]
        if problems:
            raise ValueError("; ".join(problems))
        object.__setattr__(self, "policies", MappingProxyType(dict(self.policies)))

    def __hash__(self) -> int:
        return hash((self.calendar, tuple(sorted(self.policies.items()))))

    def policy_for(self, kind: str, category: str | None = None, priority: str | None = None) -> SlaPolicy:
        """The most specific policy: kind+category+priority, then kind+priority, kind+category, kind."""
        candidates = []
        if category is not None and priority is not None:
            candidates.append(f"{kind}:{category}:priority:{priority}")
        if priority is not None:
            candidates.append(f"{kind}:priority:{priority}")
        if category is not None:
            candidates.append(f"{kind}:{category}")
        candidates.append(kind)
        for key in candidates:
            if key in self.policies:
                return self.policies[key]
        known = ", ".join(sorted(self.policies))
        raise LookupError(f"no SLA policy for channel kind {kind!r} (known: {known})")


def default_sla_config(timezone: str = "Asia/Jakarta") -> SlaConfig:
    return SlaConfig(calendar=default_calendar(timezone))
