"""Service units and the people in them, routing of tickets to units, escalation chains on the SLA
engine's warnings and breaches, staff notifications (Telegram groups, email) and citizen notices."""

from escalation import identities
from escalation.buttons import StaffAction, StaffPress, forward_choices, parse_callback
from escalation.config import EscalationConfig, EscalationConfigError, load_escalation_config
from escalation.context import EscalationContext
from escalation.email import EmailMessenger, EscalationSettings
from escalation.jobs import EscalationJobs, release_held_notifications, send_daily_digests
from escalation.listener import EscalationListener
from escalation.models import ServiceUnit
from escalation.routing import RoutingDecision, RoutingWeights, UnitRouter, pick_unit
from escalation.service import OutsideAgency
from escalation.setup import (
    build_listener,
    build_unit_router,
    check_escalation,
    check_escalation_dir,
    context_of_kb,
)
from escalation.units import ensure_unit, get_unit, sync_directory, sync_units

__all__ = [
    "EmailMessenger",
    "EscalationConfig",
    "EscalationConfigError",
    "EscalationContext",
    "EscalationJobs",
    "EscalationListener",
    "EscalationSettings",
    "OutsideAgency",
    "RoutingDecision",
    "RoutingWeights",
    "ServiceUnit",
    "StaffAction",
    "StaffPress",
    "UnitRouter",
    "build_listener",
    "build_unit_router",
    "check_escalation",
    "check_escalation_dir",
    "context_of_kb",
    "ensure_unit",
    "forward_choices",
    "get_unit",
    "identities",
    "load_escalation_config",
    "parse_callback",
    "pick_unit",
    "release_held_notifications",
    "send_daily_digests",
    "sync_directory",
    "sync_units",
]
