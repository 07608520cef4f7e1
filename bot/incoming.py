"""What every channel hands the conversation engine: one citizen message, channel-agnostic."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from tickets import TicketKind


class ContentType(StrEnum):
    TEXT = "text"
    CHOICE = "choice"
    PHOTO = "photo"
    STICKER = "sticker"
    VOICE = "voice"
    VIDEO = "video"
    DOCUMENT = "document"
    LOCATION = "location"
    OTHER = "other"


@dataclass(frozen=True)
class SavedFile:
    """A file already written to the attachment store."""

    storage_path: str
    content_type: str
    size_bytes: int
    sha256: str
    original_name: str | None = None


@dataclass(frozen=True)
class CheckedPhoto:
    """A photo that passed every check and was re-encoded without metadata, not written yet: it is
    written only if the conversation keeps it (`AttachmentStore.keep`)."""

    content: bytes = field(repr=False)
    content_type: str
    width: int
    height: int
    sha256: str
    original_name: str | None = None

    def summary(self) -> dict[str, Any]:
        """What the inbox keeps of it (never the bytes)."""
        return {
            "content_type": self.content_type,
            "size_bytes": len(self.content),
            "width": self.width,
            "height": self.height,
            "sha256": self.sha256,
            "original_name": self.original_name,
        }


@dataclass(frozen=True)
class Incoming:
    channel: str
    sender_id: str
    content_type: ContentType = ContentType.TEXT
    text: str | None = None
    choice: str | None = None
    display_name: str | None = None
    photo: CheckedPhoto | None = None
    photo_rejection: str | None = None
    """Why the photo sent could not be taken (`attachment_reason.<it>` in the catalogue)."""
    latitude: float | None = None
    longitude: float | None = None
    kind: TicketKind = TicketKind.DM
    source_post_id: str | None = None
    chat_id: str | None = None
    """Where replies go when that is not the sender (a public comment thread: the group)."""
    reply_to: str | None = None
    """The platform's id of this message, when replies must quote it (comments)."""
    dm_link: str | None = None
    """Where the citizen can continue privately (a t.me link), offered in public replies."""

    @property
    def reply_target(self) -> str:
        return self.chat_id or self.sender_id
