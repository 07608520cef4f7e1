"""Every table of every package, imported in one place for Alembic and the test fixtures."""

from bot.models import Conversation, PhotoUpload, WebSession
from core.metadata import metadata
from escalation.models import (
    Person,
    ServiceUnit,
    StaffNotification,
    TicketEscalation,
    TicketRating,
    UnitMembership,
)
from escalation.staff.models import (
    ApiClient,
    StaffAccount,
    StaffAudit,
    StaffRecoveryCode,
    StaffSession,
)
from messaging.models import HandlingLease, InboundMessage, OutboundMessage
from sla.models import SlaClock, SweepLease
from tickets.models import Citizen, Ticket, TicketAttachment, TicketEvent, TicketSequence

__all__ = [
    "ApiClient",
    "Citizen",
    "Conversation",
    "HandlingLease",
    "InboundMessage",
    "OutboundMessage",
    "Person",
    "PhotoUpload",
    "ServiceUnit",
    "SlaClock",
    "StaffAccount",
    "StaffAudit",
    "StaffNotification",
    "StaffRecoveryCode",
    "StaffSession",
    "SweepLease",
    "Ticket",
    "TicketAttachment",
    "TicketEscalation",
    "TicketEvent",
    "TicketRating",
    "TicketSequence",
    "UnitMembership",
    "WebSession",
    "metadata",
]
