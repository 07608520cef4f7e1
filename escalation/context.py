"""What the escalation services need from the agency's configuration, assembled once."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy.ext.asyncio import AsyncSession

from core import clock
from escalation import repository
from escalation.canned import CannedResponse, read_canned
from escalation.config import EscalationConfig
from escalation.email import EscalationSettings
from escalation.models import TicketEscalation
from escalation.register import RegisterRule, load_register_rules
from escalation.register.rules import default_rules
from escalation.texts import Texts, build_texts
from faq import Agency, KnowledgeBase
from sla import SlaConfig, format_moment
from tickets import Ticket


@dataclass
class EscalationContext:
    agency: Agency
    sla: SlaConfig
    config: EscalationConfig = field(default_factory=EscalationConfig)
    settings: EscalationSettings = field(default_factory=EscalationSettings)
    register_rules: tuple[RegisterRule, ...] = field(default_factory=default_rules)
    """The register check on officers' replies: the defaults with the KB's `register.yaml` applied."""
    canned: tuple[CannedResponse, ...] = ()
    """The KB's canned responses (`canned.yaml`), which officers fill in and edit before sending."""
    messages: Mapping[str, str] = field(default_factory=dict)
    """The agency's `messages.yaml`: its wording of the catalogue's notices (keys of this catalogue)."""
    texts: Texts = field(init=False)

    def __post_init__(self) -> None:
        agency = self.agency
        self.texts = build_texts(agency=agency.name, signature=agency.signature, overrides=self.messages)

    @classmethod
    def from_kb(
        cls,
        kb: KnowledgeBase,
        sla: SlaConfig,
        *,
        config: EscalationConfig | None = None,
        settings: EscalationSettings | None = None,
    ) -> EscalationContext:
        return cls(
            kb.agency,
            sla,
            config or EscalationConfig(),
            settings or EscalationSettings(),
            load_register_rules(kb.path),
            tuple(read_canned(kb)[0]),
            kb.messages,
        )

    def moment(self, value: datetime) -> str:
        """A moment as people read it, in the agency's zone ("Senin, 23 November 2026 pukul 10.30 WIB")."""
        return format_moment(value, self.sla.calendar.tz)


async def state_of(
    session: AsyncSession, ticket: Ticket, *, triage_unit: str | None = None
) -> TicketEscalation:
    """The ticket's escalation state, created at level 0 of its unit when it has none yet (locked)."""
    if ticket.id is None:
        raise ValueError("ticket has not been flushed")
    state = await repository.escalation_of(session, ticket.id)
    if state is None:
        unit_id = ticket.unit_id or triage_unit
        if unit_id is None:
            units = await repository.all_units(session)
            unit_id = next(u.id for u in units.values() if u.is_triage)
        state = TicketEscalation(ticket_id=ticket.id, unit_id=unit_id, level=0, updated_at=clock.now())
        session.add(state)
        await session.flush()
    return state
