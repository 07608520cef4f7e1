"""Median and p90 in SQL on SQLite and PostgreSQL alike (SQLite has no percentile_cont): the values
are ranked with window functions and only the two rows around each percentile come back; the value
between them is interpolated here, as percentile_cont does."""

from __future__ import annotations

from collections import defaultdict
from fractions import Fraction
from math import floor
from typing import Any

from sqlalchemy import ColumnElement, and_, func, or_, select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.sql import Subquery

POINTS = (Fraction(1, 2), Fraction(9, 10))


async def percentiles(
    session: AsyncSession,
    source: Subquery,
    value: str,
    groups: tuple[str, ...] = (),
    points: tuple[Fraction, ...] = POINTS,
) -> dict[tuple[Any, ...], tuple[int, list[float]]]:
    """Group key -> (count, [value at each point]) for the non-NULL `value`s of `source`."""
    keys = [source.c[name] for name in groups]
    column = source.c[value]
    ranked = (
        select(
            *keys,
            column.label("v"),
            func.row_number().over(partition_by=keys or None, order_by=column).label("rn"),
            func.count().over(partition_by=keys or None).label("n"),
        )
        .where(column.is_not(None))
        .subquery("ranked")
    )
    near = or_(*(_near(ranked.c.rn, ranked.c.n, point) for point in points))
    rows = (await session.execute(select(ranked).where(near))).all()
    found: dict[tuple[Any, ...], dict[int, float]] = defaultdict(dict)
    counts: dict[tuple[Any, ...], int] = {}
    for row in rows:
        key = tuple(row[: len(groups)])
        found[key][int(row.rn)] = float(row.v)
        counts[key] = int(row.n)
    return {key: (counts[key], [_value(found[key], counts[key], p) for p in points]) for key in found}


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
