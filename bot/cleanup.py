"""Stored photos nobody refers to, removed after a grace period.

A photo is written only once the conversation keeps it (`bot.photos`), yet some written photos never
become part of a ticket: an intake cancelled or abandoned, a message whose transaction rolled back
after the write, photos stored by earlier releases before any limit. A file is kept while a ticket's
attachment or a conversation (a complaint not filed yet) refers to it; otherwise it is removed once
it is older than the grace period (a file's time is set on the service's clock each time it is
kept, so a photo sent again is young again). The same pass forgets upload records older than the
daily quota needs.

`tanggap attachments clean` runs one pass; `tanggap serve` runs one at start-up and then every
`TANGGAP_BOT_CLEANUP_INTERVAL_MINUTES`, and in the same pass ends the web chat sessions idle longer
than their lifetime (`WebSessions.forget_idle`). Passes in several processes at once are harmless.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path

import structlog

from bot.attachments import AttachmentStore
from bot.repository import photo_paths_in_conversations, prune_photo_uploads
from bot.webchat.sessions import WebSessions
from core import clock
from core.db import Database
from tickets import service as tickets

log = structlog.get_logger(__name__)
BATCH = 500
UPLOAD_RECORDS_KEPT = timedelta(days=2)
"""The quota counts today's uploads; older records are only kept a little longer."""


@dataclass(frozen=True)
class CleanupReport:
    old_files: int
    """Files older than the grace period (each either referenced, or removed)."""
    removed: int
    removed_bytes: int


async def remove_orphaned_photos(
    db: Database, store: AttachmentStore, *, grace: timedelta, dry_run: bool = False
) -> CleanupReport:
    """One pass. `dry_run`: count what would be removed, remove nothing."""
    cutoff = (clock.now() - grace).timestamp()
    stored = await asyncio.to_thread(lambda: list(store.stored_files()))
    old = [path for path, modified in stored if modified < cutoff]
    async with db.session() as session:
        held = await photo_paths_in_conversations(session)
    removed, removed_bytes = 0, 0
    for start in range(0, len(old), BATCH):
        batch = old[start : start + BATCH]
        async with db.session() as session:
            attached = await tickets.attached_paths(session, among=batch)
        orphans = [store.path_of(path) for path in batch if path not in attached and path not in held]
        sizes = await asyncio.to_thread(_remove_all, orphans, cutoff, dry_run)
        removed += sum(1 for size in sizes if size is not None)
        removed_bytes += sum(size or 0 for size in sizes)
    if not dry_run:
        async with db.session() as session:
            await prune_photo_uploads(session, before=clock.now() - UPLOAD_RECORDS_KEPT)
    report = CleanupReport(old_files=len(old), removed=removed, removed_bytes=removed_bytes)
    log.info("attachment_cleanup", dry_run=dry_run, **report.__dict__)
    return report


def _remove_all(paths: Sequence[Path], cutoff: float, dry_run: bool) -> list[int | None]:
    """The size of each file removed; None for one kept again since it was listed, or gone."""
    return [_remove(path, cutoff, dry_run=dry_run) for path in paths]


def _remove(path: Path, cutoff: float, *, dry_run: bool) -> int | None:
    try:
        status = path.stat()
        if status.st_mtime >= cutoff:
            return None
        if not dry_run:
            path.unlink()
    except FileNotFoundError:
        return None
    return status.st_size


class PhotoCleanup:
    """The periodic pass inside `tanggap serve`: `start()` in the running loop, `await stop()`
    before the database is disposed."""

    def __init__(
        self,
        db: Database,
        store: AttachmentStore,
        *,
        grace: timedelta,
        every: timedelta,
        web_sessions: WebSessions | None = None,
    ) -> None:
        self.db = db
        self.store = store
        self.grace = grace
        self.every = every
        self.web_sessions = web_sessions
        self._task: asyncio.Task[None] | None = None

    def start(self) -> None:
        self._task = asyncio.create_task(self._run(), name="attachment-cleanup")

    async def stop(self) -> None:
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task

    async def _run(self) -> None:
        while True:
            try:
                await remove_orphaned_photos(self.db, self.store, grace=self.grace)
            except Exception:
                log.exception("attachment_cleanup_failed")
            if self.web_sessions is not None:
                try:
                    ended = await self.web_sessions.forget_idle()
                    log.info("web_sessions_ended_idle", count=ended)
                except Exception:
                    log.exception("web_session_cleanup_failed")
            await asyncio.sleep(self.every.total_seconds())
