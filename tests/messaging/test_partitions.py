"""Partitions of the inbox: every sender belongs to exactly one worker, the same one every time."""

from __future__ import annotations

import pytest

from messaging.partitions import Partition, partition_key_of


def test_a_senders_key_is_stable_across_processes() -> None:
    # crc32, not Python's salted hash: a web process and a worker started later must agree.
    assert partition_key_of("4242") == 169_812_835
    assert partition_key_of("6281234567890") == partition_key_of("6281234567890")


def test_every_sender_belongs_to_exactly_one_of_n_partitions() -> None:
    partitions = [Partition(index, 3) for index in range(3)]
    owners = [
        [p for p in partitions if partition_key_of(str(sender)) % p.count == p.index] for sender in range(300)
    ]
    assert all(len(found) == 1 for found in owners)
    shares = [sum(found[0] == p for found in owners) for p in partitions]
    assert min(shares) > 60, f"senders spread unevenly: {shares}"


@pytest.mark.parametrize(("text", "expected"), [("0/1", Partition()), (" 1/4 ", Partition(1, 4))])
def test_a_partition_is_written_i_of_n(text: str, expected: Partition) -> None:
    assert Partition.parse(text) == expected
    assert str(Partition.parse(text)) == text.strip()


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ("1", "written i/N"),
        ("a/b", "written i/N"),
        ("-1/2", "written i/N"),
        ("2/2", "partition 2 does not exist"),
        ("0/0", "between 1 and 1024"),
    ],
)
def test_a_partition_that_cannot_exist_is_refused_with_the_reason(text: str, problem: str) -> None:
    with pytest.raises(ValueError, match=problem):
        Partition.parse(text)
