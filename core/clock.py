"""The only place that reads the wall clock.

Everything that needs "now" calls `core.clock.now()`; tests install a `FrozenClock`
with `use_clock` so SLA deadlines and working hours are tested without sleeping.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta
from typing import Protocol


class Clock(Protocol):
    def now(self) -> datetime: ...


class SystemClock:
    def now(self) -> datetime:
        return datetime.now(UTC)


class FrozenClock:
    """A clock that only moves when told to."""

    def __init__(self, at: datetime) -> None:
        self._at = ensure_utc(at)

    def now(self) -> datetime:
        return self._at

    def set(self, at: datetime) -> None:
        self._at = ensure_utc(at)

    def advance(self, delta: timedelta | None = None, **kwargs: float) -> datetime:
        self._at += delta if delta is not None else timedelta(**kwargs)
        return self._at


_current: Clock = SystemClock()


def now() -> datetime:
    """Current time, timezone-aware UTC."""
    return _current.now()


def set_clock(clock: Clock) -> Clock:
    """Install `clock`; returns the previous one."""
    global _current
    previous, _current = _current, clock
    return previous


@contextmanager
def use_clock(clock: Clock) -> Iterator[Clock]:
    previous = set_clock(clock)
    try:
        yield clock
    finally:
        set_clock(previous)


def ensure_utc(value: datetime) -> datetime:
    """Reject naive datetimes; convert aware ones to UTC."""
    if value.tzinfo is None or value.utcoffset() is None:
        raise ValueError("naive datetime: Tanggap only handles timezone-aware datetimes")
    return value.astimezone(UTC)
