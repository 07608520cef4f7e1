"""The figures read from the SLA clocks (first-response times, compliance and breaches, how late the
breaches were) in one statement. Each clock's facts (outcome, working seconds late, working seconds
to the first response) are a CTE the statement reads three times, so PostgreSQL and SQLite compute
them once (both materialise a CTE referenced more than once) instead of once per figure: the
working-time arithmetic over every clock of the period is most of the report's time. The three
parts come back as rows of one shape, told apart by `part`; Python folds the few rows returned."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import CTE, ColumnElement, Float, Select, String, case, cast, func, literal, null, select
from sqlalchemy.ext.asyncio import AsyncSession

from reports.metrics import Compliance, Lateness, Spread
from reports.percentiles import Found, folded, ranked
from reports.scope import BREACHED, DIMENSIONS, MET, RUNNING, Scope, clock_facts_shared

HOUR = 3600.0
COMPLIANCE, LATE, RESPONSE = "compliance", "late", "response"
NUMBERS = ("a1", "a2", "a3", "a4", "a5")
LATE_GROUPS = (("kind",), ("kind", "unit"))
RESPONSE_GROUPS = ((), ("unit",))

ComplianceRows = list[tuple[str, dict[str, str | None], Compliance]]


@dataclass(frozen=True)
class ClockFigures:
    first_response: Spread
    first_response_by_unit: dict[str, Spread]
    compliance_rows: ComplianceRows
    """(clock kind, {dimension: value}, compliance) per distinct combination of the four dimensions."""
    lateness: dict[str, Lateness]
    lateness_by_unit: dict[str, dict[str, Lateness]]


async def clock_figures(session: AsyncSession, scope: Scope) -> ClockFigures:
    facts = clock_facts_shared(scope)
    statement = _compliance(facts).union_all(_lateness(facts), _response(facts))
    rows = (await session.execute(statement)).mappings().all()
    parts: dict[str, list[Mapping[str, Any]]] = {COMPLIANCE: [], LATE: [], RESPONSE: []}
    for row in rows:
        parts[str(row["part"])].append(row)
    late, late_by_unit = _lateness_found(folded(_ranks(parts[LATE]), LATE_GROUPS))
    overall, by_unit = folded(_ranks(parts[RESPONSE]), RESPONSE_GROUPS)
    return ClockFigures(
        first_response=_spread(overall.get(())),
        first_response_by_unit={str(key[0] or ""): _spread(found) for key, found in by_unit.items()},
        compliance_rows=[_compliance_row(row) for row in parts[COMPLIANCE]],
        lateness=late,
        lateness_by_unit=late_by_unit,
    )


def _count_if(condition: ColumnElement[bool]) -> ColumnElement[Any]:
    return func.coalesce(func.sum(case((condition, 1), else_=0)), 0)


def _number(value: ColumnElement[Any], name: str) -> ColumnElement[Any]:
    return cast(value, Float).label(name)


def _text(value: ColumnElement[Any] | None, name: str) -> ColumnElement[Any]:
    return cast(null() if value is None else value, String).label(name)


def _compliance(facts: CTE) -> Select[Any]:
    keys = [facts.c[name] for name in DIMENSIONS]
    numbers = (
        _count_if(facts.c.outcome == MET),
        _count_if(facts.c.outcome == BREACHED),
        _count_if(facts.c.outcome == RUNNING),
        func.coalesce(func.sum(facts.c.late), 0),
        func.max(facts.c.late),
    )
    return select(
        literal(COMPLIANCE).label("part"),
        _text(facts.c.kind, "kind"),
        *(_text(key, name) for key, name in zip(keys, DIMENSIONS, strict=True)),
        *(_number(value, name) for value, name in zip(numbers, NUMBERS, strict=True)),
    ).group_by(facts.c.kind, *keys)


def _ranked_part(part: str, source: Any, groups: tuple[tuple[str, ...], ...]) -> Select[Any]:
    """Rows of `percentiles.ranked` in the common shape: v, rn0, n0, rn1, n1 as a1..a5."""
    rows = ranked(source, "hours", groups).subquery(f"{part}_ranked")
    names = {name for group in groups for name in group}
    texts = [_text(rows.c[name] if name in names else None, name) for name in ("kind", *DIMENSIONS)]
    numbers = [rows.c.v, rows.c.rn0, rows.c.n0, rows.c.rn1, rows.c.n1]
    return select(
        literal(part).label("part"),
        *texts,
        *(_number(value, name) for value, name in zip(numbers, NUMBERS, strict=True)),
    )


def _lateness(facts: CTE) -> Select[Any]:
    hours = (facts.c.late / HOUR).label("hours")
    source = select(facts.c.kind, facts.c.unit, hours).where(facts.c.outcome == BREACHED)
    return _ranked_part(LATE, source.subquery("breaches"), LATE_GROUPS)


def _response(facts: CTE) -> Select[Any]:
    source = select(facts.c.unit, (facts.c.response / HOUR).label("hours"))
    return _ranked_part(RESPONSE, source.subquery("responses"), RESPONSE_GROUPS)


def _ranks(rows: Sequence[Mapping[str, Any]]) -> list[dict[str, Any]]:
    return [
        {"kind": row["kind"], "unit": row["unit"], "v": row["a1"]}
        | {"rn0": row["a2"], "n0": row["a3"], "rn1": row["a4"], "n1": row["a5"]}
        for row in rows
    ]


def _compliance_row(row: Mapping[str, Any]) -> tuple[str, dict[str, str | None], Compliance]:
    late_max = row["a5"]
    found = Compliance(
        met=int(row["a1"]),
        breached=int(row["a2"]),
        running=int(row["a3"]),
        late_total_hours=float(row["a4"]) / HOUR,
        late_worst_hours=None if late_max is None else float(late_max) / HOUR,
    )
    return str(row["kind"]), {name: row[name] for name in DIMENSIONS}, found


def _lateness_found(
    found: list[dict[tuple[Any, ...], Found]],
) -> tuple[dict[str, Lateness], dict[str, dict[str, Lateness]]]:
    overall, by_unit = found
    result = {str(key[0]): Lateness(f.count, f.values[0], f.largest) for key, f in overall.items()}
    per_unit: dict[str, dict[str, Lateness]] = {}
    for (kind, unit), f in by_unit.items():
        per_unit.setdefault(str(unit), {})[str(kind)] = Lateness(f.count, f.values[0], f.largest)
    return result, per_unit


def _spread(found: Found | None) -> Spread:
    if found is None:
        return Spread(count=0, median=None, p90=None)
    return Spread(count=found.count, median=found.values[0], p90=found.values[1])
