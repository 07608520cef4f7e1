"""Working time inside SQL: the agency's calendar as a small table of days, so an aggregate query can
measure "how many working hours between these two moments" for every row without a Python loop.

`W(t)` is the working time (seconds) counted from the start of the table to `t`. It is piecewise
linear: each UTC day of the span is one row with the working seconds before that day (`cum`) and that
day's working intervals (`s1, f1, s2, f2, ...`, epoch seconds, split at UTC midnight so any time zone
works). `W(t) = cum + sum(clamp(t - s_i, 0, f_i - s_i))` for the row of t's UTC day, found by an
equality join on the day number (a hash join). The working time from a to b is `W(b) - W(a)`, exactly
what `BusinessCalendar.working_seconds_between` gives (to the millisecond on SQLite).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import CTE, BigInteger, ColumnElement, Float, FromClause, and_, case, column, values
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql.compiler import SQLCompiler
from sqlalchemy.sql.functions import FunctionElement

from sla import BusinessCalendar

DAY_SECONDS = 86_400
_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)


class epoch_seconds(FunctionElement[float]):
    """Seconds since 1970-01-01 UTC of a UTCDateTime column."""

    type = Float()
    inherit_cache = True
    name = "epoch_seconds"


@compiles(epoch_seconds, "postgresql")
def _epoch_pg(element: epoch_seconds, compiler: SQLCompiler, **kw: Any) -> str:
    # date_part gives double precision; EXTRACT gives numeric (PostgreSQL 14+), several times slower
    return f"date_part('epoch', {compiler.process(element.clauses, **kw)})"


@compiles(epoch_seconds, "sqlite")
def _epoch_sqlite(element: epoch_seconds, compiler: SQLCompiler, **kw: Any) -> str:
    return f"((julianday({compiler.process(element.clauses, **kw)}) - 2440587.5) * 86400.0)"


class day_number(FunctionElement[int]):
    """The UTC day (days since 1970-01-01) of a UTCDateTime column."""

    type = BigInteger()
    inherit_cache = True
    name = "day_number"


@compiles(day_number, "postgresql")
def _day_pg(element: day_number, compiler: SQLCompiler, **kw: Any) -> str:
    inner = compiler.process(element.clauses, **kw)
    return f"CAST(FLOOR(date_part('epoch', {inner}) / 86400) AS BIGINT)"


@compiles(day_number, "sqlite")
def _day_sqlite(element: day_number, compiler: SQLCompiler, **kw: Any) -> str:
    return f"CAST(julianday({compiler.process(element.clauses, **kw)}) - 2440587.5 AS INTEGER)"


@dataclass(frozen=True)
class WorkDays:
    """The working-time table of a span, as a CTE, and how to measure working time against it."""

    table: CTE
    slots: int
    first_day: int
    last_day: int

    def at(self, days: FromClause, moment: ColumnElement[Any]) -> ColumnElement[float]:
        """W(moment) read from `days`, an alias of `table` joined with `self.on(days, moment)`."""
        t = epoch_seconds(moment)
        total: ColumnElement[Any] = days.c.cum
        for i in range(1, self.slots + 1):
            start, end = days.c[f"s{i}"], days.c[f"f{i}"]
            total = total + case((t <= start, 0), (t >= end, end - start), else_=t - start)
        return total

    def on(self, days: FromClause, moment: ColumnElement[Any]) -> ColumnElement[bool]:
        return and_(days.c.day == day_number(moment))

    def alias(self, name: str) -> FromClause:
        return self.table.alias(name)


def work_days(
    calendar: BusinessCalendar, start: datetime, end: datetime, name: str = "work_days"
) -> WorkDays:
    """The table for every UTC day from the day of `start` to the day of `end` (both included)."""
    first = _day_of(start)
    last = max(_day_of(end), first)
    span_start = _EPOCH + timedelta(days=first)
    span_end = _EPOCH + timedelta(days=last + 1)
    per_day: dict[int, list[tuple[int, int]]] = defaultdict(list)
    for begin, finish in calendar.working_intervals(span_start, span_end):
        for piece in _split_at_midnight(_seconds(begin), _seconds(finish)):
            per_day[piece[0] // DAY_SECONDS].append(piece)
    slots = max((len(pieces) for pieces in per_day.values()), default=1)
    rows: list[tuple[int, ...]] = []
    cum = 0
    for day in range(first, last + 1):
        pieces = per_day.get(day, [])
        midnight = day * DAY_SECONDS
        padded = [*pieces, *[(midnight, midnight)] * (slots - len(pieces))]
        rows.append((day, cum, *[bound for piece in padded for bound in piece]))
        cum += sum(finish - begin for begin, finish in pieces)
    columns = [column("day", BigInteger), column("cum", BigInteger)]
    for i in range(1, slots + 1):
        columns += [column(f"s{i}", BigInteger), column(f"f{i}", BigInteger)]
    table = values(*columns, name=name, literal_binds=True).data(rows).cte(name)
    return WorkDays(table=table, slots=slots, first_day=first, last_day=last)


def _day_of(moment: datetime) -> int:
    return int((moment.astimezone(UTC) - _EPOCH).total_seconds() // DAY_SECONDS)


def _seconds(moment: datetime) -> int:
    return round((moment.astimezone(UTC) - _EPOCH).total_seconds())


def _split_at_midnight(begin: int, finish: int) -> list[tuple[int, int]]:
    pieces = []
    while begin < finish:
        midnight = (begin // DAY_SECONDS + 1) * DAY_SECONDS
        pieces.append((begin, min(finish, midnight)))
        begin = midnight
    return pieces
