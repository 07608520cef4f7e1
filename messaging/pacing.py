"""Pacing outgoing messages under the platforms' limits, in one process or shared through Redis.

Each `RateLimit` is a key and an interval: a message under the key may go out at most once per
interval. Reserving a send takes the next free slot of every key at once and says how long to wait
for it, so senders in several processes (sharing Redis) queue up instead of bursting.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable, Sequence
from typing import Protocol

import structlog
from redis.asyncio import Redis
from redis.exceptions import RedisError

from core.messenger import RateLimit

log = structlog.get_logger(__name__)


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


_RESERVE = """
local now = tonumber(ARGV[1])
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

_HOLD = """
local until_at = tonumber(ARGV[1]) + tonumber(ARGV[2])
local taken = tonumber(redis.call('GET', KEYS[1]) or '0')
if until_at > taken then
  redis.call('SET', KEYS[1], tostring(until_at), 'PX', math.ceil(tonumber(ARGV[2]) * 1000) + 1000)
end
return 1
"""


class RedisPacer:
    """Slots kept in Redis (one atomic script per send): shared by every worker and machine."""

    def __init__(self, redis: Redis, *, prefix: str, clock: Callable[[], float] = time.time) -> None:
        self._redis = redis
        self._prefix = prefix
        self._clock = clock

    async def reserve(self, limits: Sequence[RateLimit]) -> float:
        if not limits:
            return 0.0
        keys = [f"{self._prefix}:pace:{limit.key}" for limit in limits]
        args = [repr(self._clock()), *(repr(limit.interval) for limit in limits)]
        waited = await self._redis.eval(_RESERVE, len(keys), *keys, *args)  # type: ignore[misc]
        return max(0.0, float(waited))

    async def hold(self, key: str, seconds: float) -> None:
        await self._redis.eval(  # type: ignore[misc]
            _HOLD, 1, f"{self._prefix}:pace:{key}", repr(self._clock()), repr(seconds)
        )


class FallbackPacer:
    """Redis pacing that keeps replies going while Redis is unreachable: each call gets `timeout`
    seconds; on a failure this process paces in memory for `retry_seconds`, then tries Redis again.
    During an outage each process keeps the platforms' limits on its own (several processes may
    together exceed the bot-wide rate for that while; a 429 then holds them, as usual)."""

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
        self._timeout = timeout
        self._retry_seconds = retry_seconds
        self._clock = clock
        self._down_until: float | None = None

    @property
    def degraded(self) -> bool:
        return self._down_until is not None

    async def reserve(self, limits: Sequence[RateLimit]) -> float:
        if self._use_shared():
            try:
                async with asyncio.timeout(self._timeout):
                    wait = await self._shared.reserve(limits)
            except (RedisError, OSError, TimeoutError) as error:
                self._went_down(error)
            else:
                self._came_back()
                return wait
        return await self._local.reserve(limits)

    async def hold(self, key: str, seconds: float) -> None:
        await self._local.hold(key, seconds)
        if self._use_shared():
            try:
                async with asyncio.timeout(self._timeout):
                    await self._shared.hold(key, seconds)
            except (RedisError, OSError, TimeoutError) as error:
                self._went_down(error)

    def _use_shared(self) -> bool:
        if self._down_until is None:
            return True
        return self._clock() >= self._down_until

    def _came_back(self) -> None:
        if self._down_until is not None:
            log.info("pacing_redis_available_again")
            self._down_until = None

    def _went_down(self, error: Exception) -> None:
        if self._down_until is None:
            log.warning("pacing_redis_unavailable", error=f"{type(error).__name__}: {error}"[:300])
        self._down_until = self._clock() + self._retry_seconds
