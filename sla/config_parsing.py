"""Turning the plain data of sla.yaml into policy objects, and the helpers every section's parser uses,
collecting every problem.

Each problem names the field it is about, e.g. "policies.dm.first_response: ...". Nothing here reads
files; `sla.config` does. The calendar section is parsed by `sla.config_calendar`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from datetime import date
from typing import Any

from sla.policies import (
    DEFAULT_POLICIES,
    DEFAULT_WARNINGS,
    Duration,
    SlaPolicy,
    policy_key_problem,
    warning_points_problem,
)

POLICY_KEYS = ("name", "first_response", "next_response", "resolution", "warnings")
_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


@dataclass
class Problems:
    """Problems found so far, each prefixed with the path of the field it concerns."""

    items: list[str] = field(default_factory=list)

    def add(self, path: str, message: str) -> None:
        self.items.append(f"{path}: {message}")


def mapping(value: object, path: str, problems: Problems, allowed: tuple[str, ...]) -> dict[str, Any]:
    """`value` as a mapping with only `allowed` keys (an empty mapping after reporting otherwise)."""
    if value is None:
        return {}
    if not isinstance(value, dict):
        problems.add(path, f"expected a mapping, got {type(value).__name__}")
        return {}
    for key in value:
        if key not in allowed:
            problems.add(f"{path}.{key}", f"unknown key (expected one of: {', '.join(allowed)})")
    return {str(key): item for key, item in value.items() if key in allowed}


def parse_date(value: object, path: str, problems: Problems) -> date | None:
    if isinstance(value, str) and _ISO_DATE.fullmatch(value):
        try:
            return date.fromisoformat(value)
        except ValueError:
            pass
    problems.add(path, f"{value!r} is not a valid date (expected YYYY-MM-DD)")
    return None


def list_of(value: object, path: str, problems: Problems) -> list[object]:
    if value is None:
        return []
    if not isinstance(value, list):
        problems.add(path, f"expected a list, got {type(value).__name__}")
        return []
    return value


def required_text(value: object, path: str, problems: Problems) -> str | None:
    if isinstance(value, str) and value.strip():
        return value.strip()
    problems.add(path, "required text is missing" if value is None else f"expected text, got {value!r}")
    return None


def parse_warnings(value: object, path: str, problems: Problems) -> tuple[float, ...] | None:
    """Warning points such as [0.75, 0.9]: fractions of the allowed time, ascending, each in (0, 1)."""
    if not isinstance(value, list):
        problems.add(path, f"expected a list of fractions like [0.75, 0.9], got {value!r}")
        return None
    points = tuple(value)
    problem = warning_points_problem(points)
    if problem is not None:
        problems.add(path, problem)
        return None
    return tuple(float(point) for point in points)


def parse_policies(
    value: object, problems: Problems, warnings: tuple[float, ...] = DEFAULT_WARNINGS
) -> dict[str, SlaPolicy]:
    """Policies merged over the defaults; a more specific key inherits what it leaves out from its kind.

    `warnings` (the file's top-level warning points) replace the default ones of every policy that does
    not set its own.
    """
    if value is not None and not isinstance(value, dict):
        problems.add("policies", f"expected a mapping, got {type(value).__name__}")
        value = None
    raw: dict[str, object] = {str(key): item for key, item in (value or {}).items()}
    policies = {key: replace(policy, warnings=warnings) for key, policy in DEFAULT_POLICIES.items()}
    for key in sorted(raw, key=lambda k: k.count(":")):
        path = f"policies.{key}"
        problem = policy_key_problem(key)
        if problem is not None:
            problems.add(path, problem)
            continue
        base = policies[key.split(":")[0]]
        policies[key] = _parse_policy(raw[key], key, path, base, problems)
    return policies


def _parse_policy(value: object, key: str, path: str, base: SlaPolicy, problems: Problems) -> SlaPolicy:
    item = mapping(value, path, problems, POLICY_KEYS)
    name = required_text(item["name"], f"{path}.name", problems) if "name" in item else None
    policy = replace(base, name=name or key)
    if "warnings" in item:
        points = parse_warnings(item["warnings"], f"{path}.warnings", problems)
        policy = replace(policy, warnings=points if points is not None else policy.warnings)
    for target in ("first_response", "next_response", "resolution"):
        if target not in item:
            continue
        if item[target] is None and target == "next_response":
            policy = replace(policy, next_response=None)
            continue
        duration = _parse_duration(item[target], f"{path}.{target}", problems)
        if duration is not None:
            policy = _with_target(policy, target, duration)
    return policy


def _with_target(policy: SlaPolicy, target: str, duration: Duration) -> SlaPolicy:
    if target == "first_response":
        return replace(policy, first_response=duration)
    if target == "next_response":
        return replace(policy, next_response=duration)
    return replace(policy, resolution=duration)


def _parse_duration(value: object, path: str, problems: Problems) -> Duration | None:
    if not isinstance(value, str):
        problems.add(path, f"expected text like '24 working_hours', got {value!r}")
        return None
    try:
        return Duration.parse(value)
    except ValueError as error:
        problems.add(path, str(error))
        return None
