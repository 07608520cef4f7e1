"""What the conversation engine needs from the outside, assembled once by the entry module."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from pydantic_settings import BaseSettings, SettingsConfigDict

from bot.attachments import AttachmentStore, MiB
from bot.catalogue import Catalogue, build_catalogue
from bot.understanding import Understander, understander_for_kb
from escalation import EscalationContext, UnitRouter, build_unit_router, context_of_kb
from faq import FaqIndex, FaqService, KnowledgeBase
from sla import SlaConfig

MAX_TEXT_LENGTH = 20_000
"""The longest message any channel accepts and the engine reads; the web chat's form uses the same."""


class BotSettings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="TANGGAP_BOT_", env_file=".env", extra="ignore")

    max_text_length: int = MAX_TEXT_LENGTH
    min_description_length: int = 15
    letter_gap_hours: float = 12.0
    """A message after this long a pause opens a new conversation: its first reply greets the citizen
    ("Yth. Bapak/Ibu,") and signs as a letter would; the replies in between do not."""
    max_photos_per_complaint: int = 5
    max_photo_mb: int = 10
    max_photo_megapixels: float = 40.0
    """Larger photos are refused from their header, before a pixel is decoded (decompression bombs)."""
    photo_max_side: int = 4096
    """Stored photos are scaled down to fit this many pixels on their longer side."""
    max_photos_per_day: int = 20
    """Photos kept per citizen per day (the agency's local day), whatever the complaint."""
    orphan_grace_hours: float = 24.0
    """A stored photo that no ticket and no conversation refers to is removed after this long."""
    cleanup_interval_minutes: float = 60.0
    """How often `tanggap serve` removes such photos (0: only `tanggap attachments clean`)."""

    @property
    def max_photo_bytes(self) -> int:
        return self.max_photo_mb * MiB

    def attachment_store(self, root: Path) -> AttachmentStore:
        return AttachmentStore(
            root,
            max_bytes=self.max_photo_bytes,
            max_pixels=int(self.max_photo_megapixels * 1_000_000),
            max_side=self.photo_max_side,
        )


@dataclass
class BotDeps:
    faq: FaqService
    sla: SlaConfig
    attachments: AttachmentStore
    settings: BotSettings = field(default_factory=BotSettings)
    escalation: EscalationContext | None = None
    """The runtime's escalation context (the listener's: the agency's `escalation.yaml` and settings),
    the one every flow and the staff buttons use; None only where no listener runs (some tests)."""
    _catalogue: tuple[KnowledgeBase, Catalogue] | None = None
    _understander: tuple[KnowledgeBase, Understander] | None = None
    _context: tuple[KnowledgeBase, EscalationContext] | None = None
    _router: tuple[KnowledgeBase, FaqIndex, UnitRouter] | None = None

    @property
    def kb(self) -> KnowledgeBase:
        return self.faq.kb

    def catalogue(self) -> Catalogue:
        """The message catalogue of the current knowledge base (rebuilt after a KB reload)."""
        kb = self.kb
        if self._catalogue is None or self._catalogue[0] is not kb:
            catalogue = build_catalogue(kb.messages, agency=kb.agency.name, signature=kb.agency.signature)
            self._catalogue = (kb, catalogue)
        return self._catalogue[1]

    def escalation_context(self) -> EscalationContext:
        """The runtime's escalation context; without one, this knowledge base's (built once per KB)."""
        if self.escalation is not None:
            return self.escalation
        kb = self.kb
        if self._context is None or self._context[0] is not kb:
            self._context = (kb, context_of_kb(kb, self.sla))
        return self._context[1]

    def unit_router(self) -> UnitRouter:
        """The routing model of the current knowledge base and FAQ index (rebuilt after a reload)."""
        kb, index = self.kb, self.faq.index
        if self._router is None or self._router[0] is not kb or self._router[1] is not index:
            self._router = (kb, index, build_unit_router(kb, index))
        return self._router[2]

    def understander(self) -> Understander:
        """The understanding step with the current KB's own patterns (rebuilt after a KB reload)."""
        kb = self.kb
        if self._understander is None or self._understander[0] is not kb:
            self._understander = (kb, understander_for_kb(kb.path))
        return self._understander[1]
