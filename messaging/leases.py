"""Handling leases: how a process tells the others it is alive, so that the messages a dead process
stored are taken over in seconds.

A process that handles what it stores (the web process, unless `TANGGAP_SEPARATE_WORKER`) stamps
each stored message with its `holder` and renews its lease every `RENEW_EVERY`. A process killed
with -9 (or frozen) stops renewing; once its lease has lapsed (`LEASE` after the last renewal) the
recovery pass of any process, at start-up or every few seconds, hands its waiting messages back to
the channel at once, instead of waiting for a fixed grace period. A clean shutdown releases the lease,
so the next process takes what was still queued immediately. Taking over is always safe: handling
claims the row (`claim_inbound_in_order`), so a message is handled once even if its first process
was only slow.
"""

from __future__ import annotations

import os
import secrets
import socket
from datetime import timedelta

from sqlalchemy.ext.asyncio import AsyncSession

from core import clock
from messaging import lease_repository

LEASE = timedelta(seconds=6)
"""How long a renewal keeps a process alive for the others."""
RENEW_EVERY = timedelta(seconds=2)
FORGET_AFTER = timedelta(days=1)
"""Lapsed leases are deleted after this (their messages, if any are still waiting, count as a dead
process's all the same)."""


def new_holder() -> str:
    """Unique per process start: host, pid and a random part (a restarted process is a new holder)."""
    return f"{socket.gethostname()[:40]}:{os.getpid()}:{secrets.token_hex(4)}"[:64]


async def renew(session: AsyncSession, *, holder: str, lease: timedelta = LEASE) -> None:
    now = clock.now()
    await lease_repository.renew_lease(session, holder=holder, now=now, expires_at=now + lease)
    await lease_repository.delete_leases_expired_before(session, now - FORGET_AFTER)


async def release(session: AsyncSession, *, holder: str) -> None:
    """A clean shutdown: what this process still had queued is taken over at once."""
    await lease_repository.delete_lease(session, holder)
