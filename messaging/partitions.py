"""Dividing the inbox among several `tanggap worker` processes, by sender.

Every stored message carries `partition_key`, a stable hash of its sender. Worker `i/N` polls only the
messages whose `partition_key % N == i`, so N workers share the handling without each of them examining
every waiting message, and one sender's messages always go to the same worker, in order. A worker
that is down leaves its senders waiting only until another worker's takeover pass (messages older
than the recovery grace, from every partition); the in-order claim keeps that safe.
"""

from __future__ import annotations

import zlib
from dataclasses import dataclass

MAX_PARTITIONS = 1024


def partition_key_of(sender_id: str) -> int:
    """Stable across processes and versions (unlike `hash`), non-negative, fits a 32-bit integer."""
    return zlib.crc32(sender_id.encode()) & 0x7FFFFFFF


@dataclass(frozen=True, slots=True)
class Partition:
    """Worker `index` of `count`; the default, 0 of 1, is the whole inbox."""

    index: int = 0
    count: int = 1

    def __post_init__(self) -> None:
        if not 1 <= self.count <= MAX_PARTITIONS:
            raise ValueError(
                f"the number of partitions must be between 1 and {MAX_PARTITIONS}, not {self.count}"
            )
        if not 0 <= self.index < self.count:
            raise ValueError(
                f"partition {self.index} does not exist among {self.count} (0 to {self.count - 1})"
            )

    @classmethod
    def parse(cls, text: str) -> Partition:
        """`"i/N"`: worker i (counted from 0) of N, e.g. `"0/2"` and `"1/2"` for two workers."""
        index, slash, count = text.strip().partition("/")
        if not slash or not index.strip().isdigit() or not count.strip().isdigit():
            raise ValueError(f"a partition is written i/N (e.g. 0/2, 1/2), not {text!r}")
        return cls(index=int(index), count=int(count))

    @property
    def whole(self) -> bool:
        return self.count == 1

    def __str__(self) -> str:
        return f"{self.index}/{self.count}"


WHOLE_INBOX = Partition()
