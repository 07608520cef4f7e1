"""What every staff page needs, built once by the entry module: the database, sign-in, the proxies
whose forwarded headers are believed, and the agency (its name on every page, its time zone for every
time shown, its SLA configuration for the reports) and the escalation context every desk action
needs (the runtime's own: its catalogue, settings and the unit router)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from zoneinfo import ZoneInfo

from core.db import Database
from core.forwarded import Network
from escalation import EscalationContext
from escalation.staff.auth import StaffAuth
from sla import SlaConfig


@dataclass(frozen=True)
class StaffSite:
    db: Database
    auth: StaffAuth
    agency_name: str
    timezone: ZoneInfo
    proxies: Sequence[Network] = ()
    sla: SlaConfig | None = field(default=None)
    """The agency's calendar and policies (working hours in reports); None in tests that need none."""
    categories: Mapping[str, str] = field(default_factory=dict)
    """The KB's complaint categories, id -> label, as pages name them."""
    escalation: EscalationContext | None = field(default=None)
    """What the desk needs to act (claim, reply, resolve, forward); None: the pages only read."""
    whatsapp_template: str | None = None
    """The approved WhatsApp template that carries a message outside the customer-service window."""
    whatsapp_window_hours: float = 24.0
    attachments_root: Path | None = None
    """Where the citizens' photos are stored (the bot's attachment store); None: photos are not shown."""
