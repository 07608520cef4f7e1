"""Storing citizens' photos on disk, content-addressed, with size and type limits."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path

from bot.incoming import SavedFile

ALLOWED_PHOTO_TYPES = {"image/jpeg": ".jpg", "image/png": ".png", "image/webp": ".webp"}
_SIGNATURES = {b"\xff\xd8\xff": "image/jpeg", b"\x89PNG\r\n\x1a\n": "image/png"}


class AttachmentRejectedError(Exception):
    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


@dataclass(frozen=True)
class AttachmentStore:
    root: Path
    max_bytes: int = 10 * 1024 * 1024

    def save_photo(self, content: bytes, *, original_name: str | None = None) -> SavedFile:
        """Check the bytes really are a supported image and keep them under their sha256."""
        if len(content) > self.max_bytes:
            raise AttachmentRejectedError("too_large")
        content_type = sniff_image_type(content)
        if content_type is None:
            raise AttachmentRejectedError("type")
        digest = hashlib.sha256(content).hexdigest()
        relative = Path("attachments") / digest[:2] / f"{digest}{ALLOWED_PHOTO_TYPES[content_type]}"
        target = self.root / relative
        if not target.exists():
            target.parent.mkdir(parents=True, exist_ok=True)
            temporary = target.with_suffix(".part")
            temporary.write_bytes(content)
            temporary.replace(target)
        return SavedFile(
            storage_path=relative.as_posix(),
            content_type=content_type,
            size_bytes=len(content),
            sha256=digest,
            original_name=original_name,
        )

    def path_of(self, storage_path: str) -> Path:
        return self.root / storage_path


def sniff_image_type(content: bytes) -> str | None:
    for signature, content_type in _SIGNATURES.items():
        if content.startswith(signature):
            return content_type
    if content[:4] == b"RIFF" and content[8:12] == b"WEBP":
        return "image/webp"
    return None
