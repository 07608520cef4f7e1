"""What the conversation engine needs from the outside, assembled once by the entry module."""

from __future__ import annotations

from dataclasses import dataclass, field

from pydantic_settings import BaseSettings, SettingsConfigDict

from bot.attachments import AttachmentStore
from bot.catalogue import Catalogue, build_catalogue
from faq import FaqService, KnowledgeBase
from sla import SlaConfig


class BotSettings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="TANGGAP_BOT_", env_file=".env", extra="ignore")

    max_text_length: int = 4000
    min_description_length: int = 15
    max_photos_per_complaint: int = 5
    max_photo_mb: int = 10


@dataclass
class BotDeps:
    faq: FaqService
    sla: SlaConfig
    attachments: AttachmentStore
    settings: BotSettings = field(default_factory=BotSettings)
    _catalogue: tuple[KnowledgeBase, Catalogue] | None = None

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
