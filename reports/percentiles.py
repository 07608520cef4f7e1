"""Median and p90 in SQL on SQLite and PostgreSQL alike (SQLite has no percentile_cont): the values
are ranked with window functions and only the rows around each percentile come back (and each
group's largest, its worst); the value between them is interpolated here, as percentile_cont does.
Several groupings share one pass over the rows."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from fractions import Fraction
from math import floor
from typing import Any

from sqlalchemy import ColumnElement, FromClause, Select, and_, func, or_, select
from sqlalchemy.ext.asyncio import AsyncSession

POINTS = (Fraction(1, 2), Fraction(9, 10))


@dataclass(frozen=True)
class Found:
    count: int
    values: list[float]
    """The value at each point."""
    largest: float


async def percentiles(
    session: AsyncSession,
    source: FromClause,
    value: str,
    groupings: tuple[tuple[str, ...], ...] = ((),),
    points: tuple[Fraction, ...] = POINTS,
) -> list[dict[tuple[Any, ...], Found]]:
    """For each grouping (column names of `source`), group key -> what was found, over the non-NULL
    `value`s; one query for all groupings."""
    rows = (await session.execute(ranked(source, value, groupings, points))).mappings().all()
    return folded(rows, groupings, points)


def ranked(
    source: FromClause,
    value: str,
    groupings: tuple[tuple[str, ...], ...] = ((),),
    points: tuple[Fraction, ...] = POINTS,
) -> Select[Any]:
    """The rows `folded` needs: the grouping columns, `v`, and per grouping i its rank `rn{i}` and
    count `n{i}`, only for the rows around each point and each group's largest."""
    column = source.c[value]
    names = sorted({name for grouping in groupings for name in grouping})
    ranks = []
    for i, grouping in enumerate(groupings):
        keys = [source.c[name] for name in grouping] or None
        ranks += [
            func.row_number().over(partition_by=keys, order_by=column).label(f"rn{i}"),
            func.count().over(partition_by=keys).label(f"n{i}"),
        ]
    inner = (
        select(*(source.c[name] for name in names), column.label("v"), *ranks)
        .where(column.is_not(None))
        .subquery("ranked")
    )
    wanted = [
        or_(
            inner.c[f"rn{i}"] == inner.c[f"n{i}"],
            *(_near(inner.c[f"rn{i}"], inner.c[f"n{i}"], p) for p in points),
        )
        for i in range(len(groupings))
    ]
    return select(inner).where(or_(*wanted))


def folded(
    rows: Sequence[Mapping[str, Any]],
    groupings: tuple[tuple[str, ...], ...] = ((),),
    points: tuple[Fraction, ...] = POINTS,
) -> list[dict[tuple[Any, ...], Found]]:
    """The rows of `ranked` (or rows with the same keys) folded into what was found per group."""
    found: list[dict[tuple[Any, ...], dict[int, float]]] = [defaultdict(dict) for _ in groupings]
    counts: list[dict[tuple[Any, ...], int]] = [{} for _ in groupings]
    for row in rows:
        for i, grouping in enumerate(groupings):
            key = tuple(row[name] for name in grouping)
            found[i][key][int(row[f"rn{i}"])] = float(row["v"])
            counts[i][key] = int(row[f"n{i}"])
    return [
        {
            key: Found(
                counts[i][key], [_value(ranks_, counts[i][key], p) for p in points], ranks_[counts[i][key]]
            )
            for key, ranks_ in found[i].items()
        }
        for i in range(len(groupings))
    ]


def _near(rn: ColumnElement[Any], n: ColumnElement[Any], point: Fraction) -> ColumnElement[bool]:
    """rank - 1 within (x - 1, x + 1] where x = point * (n - 1): the ranks floor(x)+1 and floor(x)+2,
    in integer arithmetic only."""
    a, b = point.numerator, point.denominator
    return and_((rn - 1) * b > a * (n - 1) - b, (rn - 1) * b <= a * (n - 1) + b)


def _value(ranks: dict[int, float], n: int, point: Fraction) -> float:
    x = point * (n - 1)
    low = floor(x)
    below = ranks[low + 1]
    above = ranks.get(low + 2, below)
    return below + float(x - low) * (above - below)
