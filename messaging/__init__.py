"""Inbox and outbox: the delivery guarantees every channel relies on."""

from messaging.models import InboundMessage, InboundStatus, OutboundMessage, OutboundStatus

__all__ = ["InboundMessage", "InboundStatus", "OutboundMessage", "OutboundStatus"]
