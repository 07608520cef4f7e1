"""Rate limits on what senders send us, in one process or shared through Redis.

A `Limit` allows `count` hits per `window` seconds under a key (a sender, an address). Windows are
fixed and numbered from the injected clock (`core.clock`), so tests move time instead of sleeping
and every process sharing Redis agrees on the window. A hit reports whether it is allowed and, for
the first hit over the limit in a window only, that the sender should be told (`notify`): one polite
notice per window, never one per message. `repeated` folds a message identical to one the same sender
sent within a few seconds.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from typing import Protocol

from redis.asyncio import Redis

from core import clock
from messaging.fallback import SharedOrLocal


@dataclass(frozen=True)
class Limit:
    name: str
    count: int
    window: float
    """Seconds."""


@dataclass(frozen=True)
class Verdict:
    allowed: bool
    notify: bool = False
    """The first refusal of this window: tell the sender once."""


ALLOWED = Verdict(allowed=True)


class Limiter(Protocol):
    async def hit(self, limit: Limit, key: str) -> Verdict: ...

    async def repeated(self, key: str, text: str, *, window: float) -> bool:
        """True when `key` sent `text` within `window` seconds (not handled again)."""
        ...

    async def count(self, limit: Limit, key: str) -> int:
        """Hits under `limit` for `key` in the current window (the admin CLI)."""
        ...

    async def clear(self, key: str, limits: tuple[Limit, ...]) -> None: ...


def _window_of(limit: Limit) -> int:
    return int(clock.now().timestamp() // limit.window)


def _verdict(hits: int, limit: Limit) -> Verdict:
    if hits <= limit.count:
        return ALLOWED
    return Verdict(allowed=False, notify=hits == limit.count + 1)


def _fingerprint(text: str) -> str:
    return hashlib.sha256(" ".join(text.split()).casefold().encode()).hexdigest()[:32]


class MemoryLimiter:
    """Counters kept in this process: right for one process (no TANGGAP_REDIS_URL)."""

    MAX_KEYS = 100_000

    def __init__(self) -> None:
        self._hits: dict[tuple[str, str], tuple[int, int]] = {}
        self._seen: dict[str, tuple[str, float]] = {}

    async def hit(self, limit: Limit, key: str) -> Verdict:
        window = _window_of(limit)
        last_window, hits = self._hits.get((limit.name, key), (window, 0))
        hits = hits + 1 if last_window == window else 1
        if len(self._hits) >= self.MAX_KEYS:
            self._hits = {k: v for k, v in self._hits.items() if v[0] >= window}
        self._hits[(limit.name, key)] = (window, hits)
        return _verdict(hits, limit)

    async def repeated(self, key: str, text: str, *, window: float) -> bool:
        now, fingerprint = clock.now().timestamp(), _fingerprint(text)
        last = self._seen.get(key)
        if last is not None and last[0] == fingerprint and now - last[1] < window:
            return True
        if len(self._seen) >= self.MAX_KEYS:
            self._seen = {k: v for k, v in self._seen.items() if now - v[1] < window}
        self._seen[key] = (fingerprint, now)
        return False

    async def count(self, limit: Limit, key: str) -> int:
        window, hits = self._hits.get((limit.name, key), (-1, 0))
        return hits if window == _window_of(limit) else 0

    async def clear(self, key: str, limits: tuple[Limit, ...]) -> None:
        for limit in limits:
            self._hits.pop((limit.name, key), None)
        self._seen.pop(key, None)


_HIT = """
local hits = redis.call('INCR', KEYS[1])
if hits == 1 then redis.call('PEXPIRE', KEYS[1], ARGV[1]) end
return hits
"""

_REPEATED = """
local last = redis.call('GET', KEYS[1])
local now = tonumber(ARGV[2])
if last then
  local sep = string.find(last, ' ', 1, true)
  local same = string.sub(last, 1, sep - 1) == ARGV[1]
  if same and now - tonumber(string.sub(last, sep + 1)) < tonumber(ARGV[3]) then return 1 end
end
redis.call('SET', KEYS[1], ARGV[1] .. ' ' .. ARGV[2], 'PX', ARGV[4])
return 0
"""


class RedisLimiter:
    """Counters in Redis (one atomic script per hit): shared by every process and machine."""

    def __init__(self, redis: Redis, *, prefix: str) -> None:
        self._redis = redis
        self._prefix = prefix

    def _key(self, limit: Limit, key: str, window: int) -> str:
        return f"{self._prefix}:limit:{limit.name}:{key}:{window}"

    async def hit(self, limit: Limit, key: str) -> Verdict:
        ttl_ms = int(limit.window * 2000) + 1000
        hits = await self._redis.eval(_HIT, 1, self._key(limit, key, _window_of(limit)), ttl_ms)  # type: ignore[misc]
        return _verdict(int(hits), limit)

    async def repeated(self, key: str, text: str, *, window: float) -> bool:
        now = clock.now().timestamp()
        folded = await self._redis.eval(  # type: ignore[misc]
            _REPEATED,
            1,
            f"{self._prefix}:fold:{key}",
            _fingerprint(text),
            repr(now),
            repr(window),
            int(window * 1000) + 1000,
        )
        return bool(int(folded))

    async def count(self, limit: Limit, key: str) -> int:
        value = await self._redis.get(self._key(limit, key, _window_of(limit)))
        return int(value or 0)

    async def clear(self, key: str, limits: tuple[Limit, ...]) -> None:
        names = [self._key(limit, key, _window_of(limit)) for limit in limits]
        await self._redis.delete(*names, f"{self._prefix}:fold:{key}")


class FallbackLimiter:
    """Redis counters that never stop a message from being handled while Redis is unreachable: this
    process's counters in memory meanwhile (`messaging.fallback`)."""

    def __init__(
        self,
        shared: Limiter,
        *,
        local: Limiter | None = None,
        timeout: float = 1.0,
        retry_seconds: float = 5.0,
    ) -> None:
        self._shared = shared
        self._local = local or MemoryLimiter()
        self._switch = SharedOrLocal("flood limits", timeout=timeout, retry_seconds=retry_seconds)

    async def hit(self, limit: Limit, key: str) -> Verdict:
        return await self._switch.call(
            lambda: self._shared.hit(limit, key), lambda: self._local.hit(limit, key)
        )

    async def repeated(self, key: str, text: str, *, window: float) -> bool:
        return await self._switch.call(
            lambda: self._shared.repeated(key, text, window=window),
            lambda: self._local.repeated(key, text, window=window),
        )

    async def count(self, limit: Limit, key: str) -> int:
        return await self._shared.count(limit, key)

    async def clear(self, key: str, limits: tuple[Limit, ...]) -> None:
        await self._local.clear(key, limits)
        await self._shared.clear(key, limits)
