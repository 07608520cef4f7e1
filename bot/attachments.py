"""Citizens' photos: checked and re-encoded before anything is written, then kept on disk
content-addressed, owner-only.

Two steps, so that nothing is written for a photo the conversation refuses: a channel adapter calls
`check_photo` on the bytes it received (bounded) and hands the `CheckedPhoto` to the engine, which
calls `keep` only when the photo is accepted (not one too many, within the citizen's daily quota;
`bot.photos`). What is written but never becomes part of a ticket (an intake cancelled, a
transaction rolled back) is removed later by `bot.cleanup`.
"""

from __future__ import annotations

import asyncio
import hashlib
import io
import os
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from bot.images import ImageLimits, ImageRejectedError, reencode
from bot.incoming import CheckedPhoto, SavedFile
from core import clock
from core.files import make_private_dir, write_private_file
from tickets.models import fitted_file_name

ALLOWED_PHOTO_TYPES = {"image/jpeg": ".jpg", "image/png": ".png", "image/webp": ".webp"}
"""What citizens may send; what is stored is JPEG or PNG (`bot.images`)."""
STORED_SUFFIXES = {"image/jpeg": ".jpg", "image/png": ".png"}
ATTACHMENTS = "attachments"
MiB = 1024 * 1024
CHECKS_AT_ONCE = 2
"""Photos decoded at the same time per process: each may need a few hundred MB while it is decoded."""


class AttachmentRejectedError(ImageRejectedError):
    """A photo the citizen is told we cannot take; `reason` keys `attachment_reason.*`."""


@dataclass(frozen=True)
class AttachmentStore:
    root: Path
    max_bytes: int = 10 * MiB
    max_pixels: int = 40_000_000
    max_side: int = 4096
    _checks: asyncio.Semaphore = field(
        default_factory=lambda: asyncio.Semaphore(CHECKS_AT_ONCE), compare=False, repr=False
    )

    async def check_photo(self, content: bytes, *, original_name: str | None = None) -> CheckedPhoto:
        """Decoded, verified and re-encoded without metadata (in a worker thread); nothing written.
        Raises `AttachmentRejectedError`."""
        if len(content) > self.max_bytes:
            raise AttachmentRejectedError("too_large")
        limits = ImageLimits(max_pixels=self.max_pixels, max_side=self.max_side, max_bytes=self.max_bytes)
        async with self._checks:
            try:
                image = await asyncio.to_thread(reencode, content, limits)
            except ImageRejectedError as rejected:
                raise AttachmentRejectedError(rejected.reason) from None
        return CheckedPhoto(
            content=image.content,
            content_type=image.content_type,
            width=image.width,
            height=image.height,
            sha256=hashlib.sha256(image.content).hexdigest(),
            original_name=fitted_file_name(original_name),
        )

    async def keep(self, photo: CheckedPhoto) -> SavedFile:
        """Write the photo under its sha256 (once: the same photo twice is one file)."""
        name = f"{photo.sha256}{STORED_SUFFIXES[photo.content_type]}"
        relative = Path(ATTACHMENTS) / photo.sha256[:2] / name
        await asyncio.to_thread(self._write, self.root / relative, photo.content, clock.now())
        return SavedFile(
            storage_path=relative.as_posix(),
            content_type=photo.content_type,
            size_bytes=len(photo.content),
            sha256=photo.sha256,
            original_name=photo.original_name,
        )

    @staticmethod
    def _write(target: Path, content: bytes, now: datetime) -> None:
        make_private_dir(target.parent)
        if not target.exists():
            write_private_file(target, content)
        stamp = now.timestamp()
        os.utime(target, (stamp, stamp))  # written "now" on the service's clock, for the cleanup

    def path_of(self, storage_path: str) -> Path:
        return self.root / storage_path

    def stored_files(self) -> Iterator[tuple[str, float]]:
        """(storage path, modification time) of every file under the attachment directory."""
        base = self.root / ATTACHMENTS
        if not base.is_dir():
            return
        for path in base.rglob("*"):
            if path.is_file():
                yield path.relative_to(self.root).as_posix(), path.stat().st_mtime


class BoundedBuffer(io.BytesIO):
    """Collects a download and refuses it as soon as it grows past `limit` bytes (a platform's
    declared size is not trusted with the memory)."""

    def __init__(self, limit: int) -> None:
        super().__init__()
        self.limit = limit

    def write(self, data: Any) -> int:
        if self.tell() + len(data) > self.limit:
            raise AttachmentRejectedError("too_large")
        return super().write(data)
