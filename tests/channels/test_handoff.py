"""The handoff from webhook to workers on its own: per-chat order, bounded queues, refusals handed back
in order, draining and stopping; and the SQLite writers' turns. No database: the work is a recorded
call."""

from __future__ import annotations

import asyncio
import random
from collections import defaultdict

from messaging.handoff import Handoff, HandoffSettings, Work
from messaging.writer import WriterQueue


class Recorder:
    def __init__(self, *, seed: int = 7) -> None:
        self.order: dict[str, list[int]] = defaultdict(list)
        self.random = random.Random(seed)
        self.gate = asyncio.Event()
        self.gate.set()

    def work(self, key: str, n: int) -> Work:
        async def run() -> None:
            await self.gate.wait()
            for _ in range(self.random.randint(0, 3)):
                await asyncio.sleep(0)
            self.order[key].append(n)

        return run


async def test_each_chat_is_handled_in_the_order_handed_over_while_chats_run_in_parallel() -> None:
    handoff = Handoff("test", HandoffSettings(workers=3, capacity=1000))
    handoff.start()
    recorder = Recorder()
    chats = [f"chat-{n}" for n in range(10)]
    sent: dict[str, list[int]] = defaultdict(list)
    for n in range(300):
        key = chats[recorder.random.randrange(len(chats))]
        sent[key].append(n)
        assert handoff.offer(key, n, recorder.work(key, n))
    await handoff.drain()
    assert recorder.order == sent
    await handoff.stop()


async def test_a_chat_whose_handling_is_stuck_holds_one_worker_and_never_the_other_chats() -> None:
    handoff = Handoff("test", HandoffSettings(workers=2, capacity=1000))
    handoff.start()
    stuck, recorder = Recorder(), Recorder()
    stuck.gate.clear()
    assert handoff.offer("stuck", 1, stuck.work("stuck", 1))
    assert handoff.offer("stuck", 2, stuck.work("stuck", 2))
    for n in range(3, 13):
        key = f"chat-{n % 3}"
        assert handoff.offer(key, n, recorder.work(key, n))
    async with asyncio.timeout(5):
        while sum(len(done) for done in recorder.order.values()) < 10:  # noqa: ASYNC110
            await asyncio.sleep(0)
    assert recorder.order == {"chat-0": [3, 6, 9, 12], "chat-1": [4, 7, 10], "chat-2": [5, 8, 11]}
    assert stuck.order == {}, "the stuck chat's second message waits behind its first, not in a worker"
    stuck.gate.set()
    await handoff.drain()
    assert stuck.order == {"stuck": [1, 2]}
    await handoff.stop()


async def test_a_full_queue_refuses_and_the_chat_stays_refused_until_its_backlog_is_handed_back() -> None:
    handoff = Handoff("test", HandoffSettings(workers=1, capacity=1))
    handoff.start()
    recorder = Recorder()
    recorder.gate.clear()
    assert handoff.offer("a", 1, recorder.work("a", 1)), "taken by the worker (blocked)"
    await asyncio.sleep(0)
    assert handoff.offer("a", 2, recorder.work("a", 2)), "waits in the queue"
    assert not handoff.offer("a", 3, recorder.work("a", 3)), "full"
    assert not handoff.offer("b", 4, recorder.work("b", 4)), "full, whatever the chat"
    recorder.gate.set()
    await handoff.drain()
    assert not handoff.offer("a", 5, recorder.work("a", 5)), "room again, but 3 must go first"
    assert handoff.offer("c", 6, recorder.work("c", 6)), "a chat with nothing refused goes on"
    assert handoff.refused() == [3, 4, 5]
    assert handoff.holds(3)
    assert not handoff.offer("a", 3, recorder.work("a", 3)), "a redelivery stays refused"

    for inbound_id, key in ((3, "a"), (4, "b"), (5, "a")):
        assert await handoff.put(key, inbound_id, recorder.work(key, inbound_id))
    assert handoff.backlog == 0
    await handoff.drain()
    assert handoff.offer("a", 7, recorder.work("a", 7)), "the chat's backlog was handed back"
    await handoff.drain()
    assert recorder.order == {"a": [1, 2, 3, 5, 7], "b": [4], "c": [6]}
    await handoff.stop()


async def test_what_is_already_held_is_not_taken_twice_and_handled_rows_are_forgotten() -> None:
    handoff = Handoff("test", HandoffSettings(workers=1, capacity=1))
    handoff.start()
    recorder = Recorder()
    recorder.gate.clear()
    assert handoff.offer("a", 1, recorder.work("a", 1))
    assert handoff.offer("a", 1, recorder.work("a", 1)), "already here"
    assert await handoff.put("a", 1, recorder.work("a", 1)), "already here"
    await asyncio.sleep(0)
    assert handoff.offer("b", 2, recorder.work("b", 2))
    assert not handoff.offer("b", 3, recorder.work("b", 3))
    handoff.forget(3)
    assert handoff.backlog == 0, "handled elsewhere meanwhile: nothing to hand back"
    recorder.gate.set()
    await handoff.drain()
    assert recorder.order == {"a": [1], "b": [2]}
    await handoff.stop()


async def test_stopping_lets_the_handling_finish_and_leaves_the_queue_in_the_inbox() -> None:
    handoff = Handoff("test", HandoffSettings(workers=1, capacity=10, stop_seconds=5))
    recorder = Recorder()
    assert not handoff.offer("a", 1, recorder.work("a", 1)), "not running: nothing is taken"
    handoff.start()
    recorder.gate.clear()
    for n in (1, 2, 3):
        assert handoff.offer("a", n, recorder.work("a", n))
    await asyncio.sleep(0)
    stopping = asyncio.create_task(handoff.stop())
    await asyncio.sleep(0)
    recorder.gate.set()
    await stopping
    assert recorder.order == {"a": [1]}, "2 and 3 stay `received` for the next process"
    assert not handoff.running
    assert not handoff.holds(2)
    assert not await handoff.put("a", 2, recorder.work("a", 2))


async def test_sqlite_writers_of_this_process_take_turns_stores_first() -> None:
    queue = WriterQueue()
    order: list[str] = []
    release = asyncio.Event()

    async def write(name: str, *, store: bool, hold: asyncio.Event | None = None) -> None:
        async with queue.turn(store=store):
            order.append(name)
            if hold is not None:
                await hold.wait()

    first = asyncio.create_task(write("handling 1", store=False, hold=release))
    await asyncio.sleep(0)
    waiting = [
        asyncio.create_task(write("handling 2", store=False)),
        asyncio.create_task(write("store 1", store=True)),
        asyncio.create_task(write("store 2", store=True)),
    ]
    cancelled = asyncio.create_task(write("cancelled store", store=True))
    await asyncio.sleep(0)
    cancelled.cancel()
    release.set()
    await asyncio.gather(first, *waiting)
    assert order == ["handling 1", "store 1", "store 2", "handling 2"]
    async with asyncio.timeout(1):
        await write("later", store=False)


async def test_a_handling_that_could_not_record_its_failure_is_handed_back_by_the_next_pass() -> None:
    handoff = Handoff("test", HandoffSettings(workers=1, capacity=10))
    handoff.start()
    recorder = Recorder()

    async def database_down() -> None:
        raise ConnectionRefusedError("the database is down")

    assert handoff.offer("a", 1, database_down)
    await handoff.drain()
    assert handoff.refused() == [1], "left to the recovery pass, within seconds, not the minute's scan"
    assert not handoff.offer("a", 2, recorder.work("a", 2)), "the chat's later messages wait behind it"
    assert handoff.offer("b", 3, recorder.work("b", 3))
    for inbound_id in (1, 2):
        assert await handoff.put("a", inbound_id, recorder.work("a", inbound_id))
    await handoff.drain()
    assert recorder.order == {"a": [1, 2], "b": [3]}
    await handoff.stop()
