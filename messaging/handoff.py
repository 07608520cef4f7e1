"""Handing stored inbound messages to in-process workers, so a webhook answers once the message is
committed instead of once it is handled.

- **Per-chat queues, a small pool of workers.** Every chat (its key) has its own queue; a worker
  takes a chat that has messages waiting, handles its oldest one, and puts the chat back behind the
  other waiting chats. A chat is never handled by two workers at once, so its messages are handled
  one after the other, in the order they were handed over; a chat whose handling is slow (or stuck)
  holds one worker, never the other chats: up to `workers` chats run at the same time.
- **Bounded.** `offer` never waits: when `capacity` messages wait it refuses, and the message simply
  stays `received` in the inbox until the recovery pass hands it back with `put` (which waits for
  room). From a chat's first refusal until the recovery pass has handed back every refused message of
  that chat, its new messages are refused too, so a newer message never overtakes an older one.
- **Storing first.** While a webhook is storing an update (`storing()`), a worker waits a moment
  (up to `storing_wait_ms`) before starting its next message: the webhook's answer does not queue
  behind handling that had not begun (mostly CPU on this process's one event loop). On SQLite the
  store also goes first for the database's one writer (`messaging.writer`).
- **Nothing here is needed after a crash.** What was queued is still `received` in the inbox; the
  recovery pass of the next process handles it, and the inbox claim makes every handling happen once.
"""

from __future__ import annotations

import asyncio
import contextlib
import itertools
from collections import Counter, deque
from collections.abc import Awaitable, Callable, Iterator
from dataclasses import dataclass

import structlog
from pydantic_settings import BaseSettings, SettingsConfigDict

log = structlog.get_logger(__name__)
Work = Callable[[], Awaitable[None]]


class HandoffSettings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="TANGGAP_HANDOFF_", env_file=".env", extra="ignore")

    workers: int = 4
    """How many chats are handled at the same time (one message of each). Handling is mostly CPU in
    this process's one event loop: more workers overlap database waits (PostgreSQL) and keep a slow
    chat from holding up the others, but make the webhook's answer wait behind more of it."""
    capacity: int = 1000
    """Messages waiting in memory (all chats together); beyond that they wait in the inbox."""
    backlog_seconds: float = 2.0
    """How often the recovery pass runs while refused messages wait in the inbox."""
    stop_seconds: float = 5.0
    """At shutdown, how long messages being handled may take to finish (the rest stay `received`)."""
    storing_wait_ms: float = 50.0
    """How long a worker lets webhooks that are storing go first before it starts a message."""


@dataclass(frozen=True)
class _Job:
    key: str
    inbound_id: int
    work: Work


class Handoff:
    def __init__(self, name: str, settings: HandoffSettings | None = None) -> None:
        self.name = name
        self.settings = settings or HandoffSettings()
        self._capacity = max(1, self.settings.capacity)
        self._chats: dict[str, deque[_Job]] = {}
        """Waiting messages per chat; a chat is listed while it is in `_ready` or being handled."""
        self._ready: asyncio.Queue[str] = asyncio.Queue()
        """Chats with a message waiting and no worker on them, in the order they became ready."""
        self._waiting = 0
        self._room = asyncio.Event()
        self._unfinished = 0
        self._idle = asyncio.Event()
        self._idle.set()
        self._workers: list[asyncio.Task[None]] = []
        self._busy: list[bool] = []
        self._held: set[int] = set()
        """Queued or being handled here."""
        self._refused: dict[int, str] = {}
        """Refused (waiting in the inbox) -> their chat, oldest first."""
        self._refused_chats: Counter[str] = Counter()
        self._running = False
        self.elsewhere = False
        """Handled by another process (`tanggap worker`): stored messages are left in the inbox."""
        self.holder: str | None = None
        """This process's handling lease (`messaging.leases`), stamped on what it stores while the
        lease is kept: if the process dies, others take those messages over once it lapses."""
        self._storing = 0
        self._stored = asyncio.Event()
        self._stored.set()
        self.refusals = 0

    @property
    def running(self) -> bool:
        return self._running

    @property
    def backlog(self) -> int:
        """Refused messages waiting in the inbox for the recovery pass."""
        return len(self._refused)

    def start(self) -> None:
        if self._running:
            return
        self._running = True
        count = max(1, self.settings.workers)
        self._busy = [False] * count
        self._workers = [
            asyncio.create_task(self._work(index), name=f"handoff-{self.name}-{index}")
            for index in range(count)
        ]

    @contextlib.contextmanager
    def storing(self) -> Iterator[None]:
        """Around a webhook's store: workers do not start new messages meanwhile (for a moment)."""
        self._storing += 1
        self._stored.clear()
        try:
            yield
        finally:
            self._storing -= 1
            if self._storing == 0:
                self._stored.set()

    def offer(self, key: str, inbound_id: int, work: Work) -> bool:
        """Hand over without waiting. False: the message stays in the inbox for the recovery pass."""
        if inbound_id in self._held:
            return True
        if not self._running or inbound_id in self._refused:
            return False
        if key in self._refused_chats or self._waiting >= self._capacity:
            self._refuse(key, inbound_id)
            self.refusals += 1
            return False
        self._enqueue(_Job(key, inbound_id, work))
        return True

    async def put(self, key: str, inbound_id: int, work: Work) -> bool:
        """Hand over what the recovery pass found, waiting for room. True when it is (or already was)
        here; False when the workers are not running."""
        if inbound_id in self._held:
            return True
        self._held.add(inbound_id)
        try:
            while self._running and self._waiting >= self._capacity:
                self._room.clear()
                await self._room.wait()
        except BaseException:
            self._held.discard(inbound_id)
            raise
        if not self._running:
            self._held.discard(inbound_id)
            return False
        self._enqueue(_Job(key, inbound_id, work))
        self.forget(inbound_id)
        return True

    def holds(self, inbound_id: int) -> bool:
        """Queued, being handled, or refused and waiting for the recovery pass to hand it back."""
        return inbound_id in self._held or inbound_id in self._refused

    def refused(self, limit: int = 500) -> list[int]:
        """The oldest refused messages, in the order they arrived."""
        return list(itertools.islice(self._refused, limit))

    def forget(self, inbound_id: int) -> None:
        """A refused message was handed back (or was handled elsewhere): its chat may be offered again
        once none of its refused messages is left."""
        key = self._refused.pop(inbound_id, None)
        if key is None:
            return
        self._refused_chats[key] -= 1
        if self._refused_chats[key] <= 0:
            del self._refused_chats[key]

    async def drain(self) -> None:
        """Wait until everything handed over so far has been handled (refused messages excepted)."""
        await self._idle.wait()

    async def stop(self) -> None:
        """Stop taking messages; let those being handled finish (up to `stop_seconds`). What is still
        queued stays `received` in the inbox."""
        self._running = False
        self._room.set()
        busy = [task for index, task in enumerate(self._workers) if self._busy[index]]
        for index, task in enumerate(self._workers):
            if not self._busy[index]:
                task.cancel()
        if busy:
            _, late = await asyncio.wait(busy, timeout=self.settings.stop_seconds)
            for task in late:
                log.warning("handoff_stop_cancelled_handling", handoff=self.name)
                task.cancel()
        await asyncio.gather(*self._workers, return_exceptions=True)
        self._workers = []
        self._chats.clear()
        self._ready = asyncio.Queue()
        self._waiting = self._unfinished = 0
        self._idle.set()
        self._held.clear()
        self._refused.clear()
        self._refused_chats.clear()

    def _refuse(self, key: str, inbound_id: int) -> None:
        """Left in the inbox for the recovery pass (every `backlog_seconds`), the chat's later
        messages behind it: refused for room, or whose handling could not even record its failure
        (the database was down)."""
        if inbound_id not in self._refused:
            self._refused[inbound_id] = key
            self._refused_chats[key] += 1

    def _enqueue(self, job: _Job) -> None:
        self._held.add(job.inbound_id)
        self._waiting += 1
        self._unfinished += 1
        self._idle.clear()
        jobs = self._chats.get(job.key)
        if jobs is None:
            self._chats[job.key] = deque([job])
            self._ready.put_nowait(job.key)
        else:
            jobs.append(job)  # the chat is ready or being handled: its worker comes back for it

    async def _work(self, index: int) -> None:
        wait = self.settings.storing_wait_ms / 1000
        while self._running:
            key = await self._ready.get()
            jobs = self._chats[key]
            job = jobs.popleft()
            self._waiting -= 1
            self._room.set()
            self._busy[index] = True
            if not self._stored.is_set():
                with contextlib.suppress(TimeoutError):
                    await asyncio.wait_for(self._stored.wait(), timeout=wait)
            failed = False
            try:
                await job.work()
            except Exception:
                failed = True
                log.exception("handoff_work_failed", handoff=self.name, inbound_id=job.inbound_id)
            finally:
                self._busy[index] = False
                self._done(job, jobs)
            if failed and self._running:
                self._refuse(job.key, job.inbound_id)

    def _done(self, job: _Job, jobs: deque[_Job]) -> None:
        self._held.discard(job.inbound_id)
        if self._chats.get(job.key) is jobs:
            if jobs:
                self._ready.put_nowait(job.key)  # its next message, behind the chats already waiting
            else:
                del self._chats[job.key]
        self._unfinished = max(0, self._unfinished - 1)
        if self._unfinished == 0:
            self._idle.set()
