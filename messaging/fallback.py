"""Shared state in Redis, with this process's memory while Redis is unreachable.

Pacing (`messaging.pacing`) and flood limits (`messaging.limits`) are shared through Redis by every
process; neither is worth a citizen's reply. Each call to Redis gets `timeout` seconds; on a failure
the process uses its memory for `retry_seconds`, then tries Redis again. During an outage each
process keeps the limits on its own (several processes together may exceed a bot-wide rate for that
while; the platform's 429 then holds them, as usual). The outage and the recovery are logged once.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Awaitable, Callable
from typing import TypeVar

import structlog
from redis.exceptions import RedisError

log = structlog.get_logger(__name__)
T = TypeVar("T")


class SharedOrLocal:
    def __init__(
        self,
        name: str,
        *,
        timeout: float = 1.0,
        retry_seconds: float = 5.0,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.name = name
        self._timeout = timeout
        self._retry_seconds = retry_seconds
        self._clock = clock
        self._down_until: float | None = None

    @property
    def degraded(self) -> bool:
        return self._down_until is not None

    async def call(self, shared: Callable[[], Awaitable[T]], local: Callable[[], Awaitable[T]]) -> T:
        if self._down_until is None or self._clock() >= self._down_until:
            try:
                async with asyncio.timeout(self._timeout):
                    result = await shared()
            except (RedisError, OSError, TimeoutError) as error:
                self._went_down(error)
            else:
                self._came_back()
                return result
        return await local()

    def _came_back(self) -> None:
        if self._down_until is not None:
            log.info("redis_available_again", used_for=self.name)
            self._down_until = None

    def _went_down(self, error: Exception) -> None:
        if self._down_until is None:
            log.warning(
                "redis_unavailable", used_for=self.name, error=f"{type(error).__name__}: {error}"[:300]
            )
        self._down_until = self._clock() + self._retry_seconds
