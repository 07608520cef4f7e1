"""Stored photos that no ticket and no conversation refers to are removed after the grace period;
every photo that is part of a ticket or of a complaint being written stays."""

from __future__ import annotations

import asyncio
import os
import re
from datetime import timedelta
from pathlib import Path

import pytest
from sqlalchemy import func, select
from typer.testing import CliRunner

from bot.cleanup import PhotoCleanup, remove_orphaned_photos
from bot.incoming import CheckedPhoto, ContentType
from bot.models import PhotoUpload
from core.clock import FrozenClock
from core.db import Database
from tanggap.cli import app
from tests import images
from tests.bot.conftest import Citizen

GRACE = timedelta(hours=24)


async def photo(citizen: Citizen, shade: int) -> CheckedPhoto:
    return await citizen.engine.deps.attachments.check_photo(images.jpeg(colour=(shade, 60, 90)))


async def file_complaint_with(citizen: Citizen, picture: CheckedPhoto) -> None:
    await citizen.send(choice="menu:complaint")
    await citizen.send(choice="cat:jalan-drainase")
    await citizen.send("Jalan berlubang di depan SDN 1 membahayakan pengendara motor.")
    await citizen.send(content_type=ContentType.PHOTO, photo=picture)
    await citizen.send(choice="skip")
    await citizen.send(choice="confirm:yes")


def path_of(citizen: Citizen, picture: CheckedPhoto) -> Path:
    [found] = (citizen.engine.deps.attachments.root / "attachments").rglob(f"{picture.sha256}.*")
    return found


@pytest.fixture
async def four_photos(citizen: Citizen, another_citizen: Citizen, clock: FrozenClock) -> dict[str, Path]:
    """Filed with a ticket; held by a complaint being written; dropped when an intake was
    cancelled; and one dropped the same way but only an hour ago."""
    filed, held, cancelled, recent = [await photo(citizen, shade) for shade in (10, 70, 130, 190)]
    await file_complaint_with(citizen, filed)
    await another_citizen.send(choice="menu:complaint")
    await another_citizen.send(content_type=ContentType.PHOTO, photo=held)
    await citizen.send(choice="menu:complaint")
    await citizen.send(content_type=ContentType.PHOTO, photo=cancelled)
    await citizen.send(choice="cancel")
    clock.advance(hours=26)
    await citizen.send(choice="menu:complaint")
    await citizen.send(content_type=ContentType.PHOTO, photo=recent)
    await citizen.send(choice="cancel")
    clock.advance(hours=1)
    return {
        name: path_of(citizen, p)
        for name, p in zip(
            ("filed", "held", "cancelled", "recent"), (filed, held, cancelled, recent), strict=True
        )
    }


class TestOrphanedPhotos:
    async def test_only_a_photo_nobody_refers_to_and_older_than_the_grace_is_removed(
        self, db: Database, citizen: Citizen, four_photos: dict[str, Path]
    ) -> None:
        report = await remove_orphaned_photos(db, citizen.engine.deps.attachments, grace=GRACE)
        assert (report.old_files, report.removed) == (3, 1)
        assert report.removed_bytes > 0
        assert {name for name, path in four_photos.items() if path.exists()} == {"filed", "held", "recent"}

    async def test_a_dry_run_counts_and_removes_nothing(
        self, db: Database, citizen: Citizen, four_photos: dict[str, Path]
    ) -> None:
        report = await remove_orphaned_photos(db, citizen.engine.deps.attachments, grace=GRACE, dry_run=True)
        assert report.removed == 1
        assert all(path.exists() for path in four_photos.values())

    async def test_a_photo_sent_again_is_young_again(
        self, db: Database, citizen: Citizen, four_photos: dict[str, Path]
    ) -> None:
        again = await photo(citizen, 130)
        await citizen.send(content_type=ContentType.PHOTO, photo=again)
        await remove_orphaned_photos(db, citizen.engine.deps.attachments, grace=GRACE)
        assert four_photos["cancelled"].exists()

    async def test_files_left_by_a_write_that_never_finished_go_too(
        self, db: Database, citizen: Citizen, clock: FrozenClock
    ) -> None:
        root = citizen.engine.deps.attachments.root / "attachments" / "ab"
        root.mkdir(parents=True)
        leftover = root / "ab12.jpg.3f2a.part"
        leftover.write_bytes(b"half a photo")
        stamp = (clock.now() - timedelta(days=3)).timestamp()
        os.utime(leftover, (stamp, stamp))
        await remove_orphaned_photos(db, citizen.engine.deps.attachments, grace=GRACE)
        assert not leftover.exists()

    async def test_upload_records_older_than_the_quota_needs_are_forgotten(
        self, db: Database, citizen: Citizen, clock: FrozenClock, four_photos: dict[str, Path]
    ) -> None:
        clock.advance(hours=47)  # the three photos of the first day are now more than 2 days old
        await remove_orphaned_photos(db, citizen.engine.deps.attachments, grace=GRACE)
        async with db.session() as session:
            left = (await session.execute(select(func.count()).select_from(PhotoUpload))).scalar_one()
        assert left == 1


class TestWhoRemovesThem:
    async def test_tanggap_attachments_clean(
        self,
        citizen: Citizen,
        four_photos: dict[str, Path],
        database_url: str,
        monkeypatch: pytest.MonkeyPatch,
    ) -> None:
        monkeypatch.setenv("TANGGAP_DATABASE_URL", database_url)
        monkeypatch.setenv("TANGGAP_DATA_DIR", str(citizen.engine.deps.attachments.root))
        runner = CliRunner()
        dry = await asyncio.to_thread(runner.invoke, app, ["attachments", "clean", "--dry-run"])
        assert dry.exit_code == 0, dry.output
        assert re.search(r"Would remove 1 file\(s\), \d+ KB;", dry.output)
        assert four_photos["cancelled"].exists()
        done = await asyncio.to_thread(runner.invoke, app, ["attachments", "clean"])
        assert done.exit_code == 0, done.output
        assert "Removed 1 file(s)" in done.output
        assert "2 older file(s) still referenced" in done.output
        assert not four_photos["cancelled"].exists()

    async def test_the_service_runs_a_pass_when_it_starts(
        self, db: Database, citizen: Citizen, four_photos: dict[str, Path]
    ) -> None:
        cleanup = PhotoCleanup(db, citizen.engine.deps.attachments, grace=GRACE, every=timedelta(hours=1))
        cleanup.start()
        for _ in range(200):  # a background task: a short real wait for its first pass
            if not four_photos["cancelled"].exists():
                break
            await asyncio.sleep(0.01)
        await cleanup.stop()
        assert not four_photos["cancelled"].exists()
        assert four_photos["filed"].exists()
