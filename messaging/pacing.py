"""Pacing outgoing messages under the platforms' limits, in one process or shared through Redis.

Each `RateLimit` is a key and an interval: a message under the key may go out at most once per
interval. Reserving a send takes the next free slot of every key at once and says how long to wait
for it, so senders in several processes (sharing Redis) queue up instead of bursting.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from typing import Protocol

from redis.asyncio import Redis

from core.messenger import RateLimit
from messaging.fallback import SharedOrLocal


class Pacer(Protocol):
    async def reserve(self, limits: Sequence[RateLimit]) -> float:
        """Take the next slot under all `limits`; returns the seconds to wait before sending."""
        ...

    async def hold(self, key: str, seconds: float) -> None:
        """Nothing goes out under `key` for `seconds` (the platform asked us to slow down)."""
        ...


class MemoryPacer:
    """Slots kept in this process: right for one process on SQLite."""

    def __init__(self, clock: Callable[[], float] = time.monotonic) -> None:
        self._clock = clock
        self._next_free: dict[str, float] = {}

    async def reserve(self, limits: Sequence[RateLimit]) -> float:
        now = self._clock()
        slot = max([now, *(self._next_free.get(limit.key, 0.0) for limit in limits)])
        for limit in limits:
            self._next_free[limit.key] = slot + limit.interval
        return slot - now

    async def hold(self, key: str, seconds: float) -> None:
        self._next_free[key] = max(self._next_free.get(key, 0.0), self._clock() + seconds)


_NOW = """
local function server_now(given)
  if given ~= '' then return tonumber(given) end
  local t = redis.call('TIME')
  return tonumber(t[1]) + tonumber(t[2]) / 1000000
end
"""

_RESERVE = (
    _NOW
    + """
local now = server_now(ARGV[1])
local slot = now
for i, key in ipairs(KEYS) do
  local taken = tonumber(redis.call('GET', key) or '0')
  if taken > slot then slot = taken end
end
for i, key in ipairs(KEYS) do
  local free_at = slot + tonumber(ARGV[i + 1])
  redis.call('SET', key, tostring(free_at), 'PX', math.ceil((free_at - now) * 1000) + 1000)
end
return tostring(slot - now)
"""
)

_HOLD = (
    _NOW
    + """
local until_at = server_now(ARGV[1]) + tonumber(ARGV[2])
local taken = tonumber(redis.call('GET', KEYS[1]) or '0')
if until_at > taken then
  redis.call('SET', KEYS[1], tostring(until_at), 'PX', math.ceil(tonumber(ARGV[2]) * 1000) + 1000)
end
return 1
"""
)


class RedisPacer:
    """Slots kept in Redis (one atomic script per send): shared by every worker and machine.

    The time is Redis's own (`TIME` inside the script), so machines whose clocks disagree still
    share one timeline; `clock` replaces it in tests."""

    def __init__(self, redis: Redis, *, prefix: str, clock: Callable[[], float] | None = None) -> None:
        self._redis = redis
        self._prefix = prefix
        self._clock = clock

    async def reserve(self, limits: Sequence[RateLimit]) -> float:
        if not limits:
            return 0.0
        keys = [f"{self._prefix}:pace:{limit.key}" for limit in limits]
        args = [self._now(), *(repr(limit.interval) for limit in limits)]
        waited = await self._redis.eval(_RESERVE, len(keys), *keys, *args)  # type: ignore[misc]
        return max(0.0, float(waited))

    def _now(self) -> str:
        """The injected time, or "" for Redis's own."""
        return "" if self._clock is None else repr(self._clock())

    async def hold(self, key: str, seconds: float) -> None:
        await self._redis.eval(  # type: ignore[misc]
            _HOLD, 1, f"{self._prefix}:pace:{key}", self._now(), repr(seconds)
        )


class FallbackPacer:
    """Redis pacing that keeps replies going while Redis is unreachable: this process's slots in
    memory meanwhile (`messaging.fallback`). A platform's hold is kept in both."""

    def __init__(
        self,
        shared: Pacer,
        *,
        local: Pacer | None = None,
        timeout: float = 1.0,
        retry_seconds: float = 5.0,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self._shared = shared
        self._local = local or MemoryPacer()
        self._switch = SharedOrLocal("pacing", timeout=timeout, retry_seconds=retry_seconds, clock=clock)

    @property
    def degraded(self) -> bool:
        return self._switch.degraded

    async def reserve(self, limits: Sequence[RateLimit]) -> float:
        return await self._switch.call(
            lambda: self._shared.reserve(limits), lambda: self._local.reserve(limits)
        )

    async def hold(self, key: str, seconds: float) -> None:
        await self._local.hold(key, seconds)

        async def kept() -> None:
            return None

        await self._switch.call(lambda: self._shared.hold(key, seconds), kept)
