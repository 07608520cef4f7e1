"""The ticket desk: every use case on a ticket, in one place. Telegram's staff buttons and replies, the
bot's filing, the dashboard, the API and the CLI all call these; they take plain data (no channel
types), the session first and keyword-only arguments after, and flush, never commit.

A ticket's status and its SLA clocks change together only here (through `tickets.status` and
`sla.service`, which channels may not import: an import-linter contract).
"""

from escalation.desk.access import Acting, TicketRef, acting_on, find_ticket, may_act
from escalation.desk.failures import delivery_failed
from escalation.desk.feedback import rate, reopen
from escalation.desk.filing import Complaint, Filed, citizen_answered, file_ticket
from escalation.desk.forwarding import forward_outside, forward_targets, forward_to_unit
from escalation.desk.officer import ask_citizen, assign, claim, mark_flags, reply, resolve, unit_name
from escalation.desk.queue import Queue, QueueFilter, QueueItem, officer_queue
from escalation.service import OutsideAgency

__all__ = [
    "Acting",
    "Complaint",
    "Filed",
    "OutsideAgency",
    "Queue",
    "QueueFilter",
    "QueueItem",
    "TicketRef",
    "acting_on",
    "ask_citizen",
    "assign",
    "citizen_answered",
    "claim",
    "delivery_failed",
    "file_ticket",
    "find_ticket",
    "forward_outside",
    "forward_targets",
    "forward_to_unit",
    "mark_flags",
    "may_act",
    "officer_queue",
    "rate",
    "reopen",
    "reply",
    "resolve",
    "unit_name",
]
