"""Which service unit a ticket goes to."""

from __future__ import annotations

from faq import KnowledgeBase, Unit


def unit_for_category(kb: KnowledgeBase, category_id: str | None) -> Unit:
    """The unit the intake category belongs to; the triage unit when there is none."""
    if category_id:
        for category in kb.categories:
            if category.id == category_id:
                return kb.unit(category.unit)
    return kb.triage_unit
