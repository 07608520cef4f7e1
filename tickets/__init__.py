"""Tickets domain: citizens, tickets, their append-only history and attachments."""

from tickets.models import (
    OPEN_STATUSES,
    Citizen,
    Ticket,
    TicketAttachment,
    TicketEvent,
    TicketEventKind,
    TicketKind,
    TicketPriority,
    TicketStatus,
)
from tickets.service import NewAttachment, NewEvent, NewTicket

__all__ = [
    "OPEN_STATUSES",
    "Citizen",
    "NewAttachment",
    "NewEvent",
    "NewTicket",
    "Ticket",
    "TicketAttachment",
    "TicketEvent",
    "TicketEventKind",
    "TicketKind",
    "TicketPriority",
    "TicketStatus",
]
