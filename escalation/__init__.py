"""Service units, routing and escalation chains."""

from escalation.models import ServiceUnit
from escalation.routing import unit_for_category
from escalation.units import ensure_unit, get_unit, sync_units

__all__ = ["ServiceUnit", "ensure_unit", "get_unit", "sync_units", "unit_for_category"]
