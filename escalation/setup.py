"""Assembling the escalation layer from the agency's configuration (called by the entry module)."""

from __future__ import annotations

from pathlib import Path

from core.db import Database
from escalation.canned import read_canned
from escalation.config import EscalationConfigError, load_escalation_config, read_escalation_config
from escalation.context import EscalationContext
from escalation.email import EscalationSettings
from escalation.listener import EscalationListener
from escalation.routing import UnitRouter
from escalation.rules import read_routing_rules
from escalation.units import sync_directory
from faq import FaqIndex, KnowledgeBase, KnowledgeBaseError, load_kb
from sla import SlaConfig


def check_escalation(kb: KnowledgeBase) -> list[str]:
    """Every problem in `escalation.yaml`, `routing.yaml` and `canned.yaml` (empty when fine), as
    `tanggap kb check` prints them."""
    _, problems = read_escalation_config(kb)
    _, rule_problems = read_routing_rules(kb)
    _, canned_problems = read_canned(kb)
    return [str(problem) for problem in [*problems, *rule_problems, *canned_problems]]


def check_escalation_dir(path: Path) -> list[str]:
    """The knowledge base's problems, then escalation's (a KB that does not load stops there)."""
    try:
        kb = load_kb(path)
    except KnowledgeBaseError as error:
        return [str(problem) for problem in error.problems]
    return check_escalation(kb)


def build_unit_router(kb: KnowledgeBase, index: FaqIndex) -> UnitRouter:
    """The routing model of this knowledge base and FAQ index (the bot's `BotDeps` keeps one per KB)."""
    rules, problems = read_routing_rules(kb)
    return UnitRouter.build(kb, index=index, rules=rules if not problems else None)


def context_of_kb(kb: KnowledgeBase, sla: SlaConfig) -> EscalationContext:
    """A context read from the knowledge base alone, for a process without the listener's (its
    `escalation.yaml` when valid; people and chains are read from the database, not from it)."""
    config, problems = read_escalation_config(kb)
    return EscalationContext.from_kb(kb, sla, config=None if problems else config)


async def build_listener(
    db: Database, *, kb: KnowledgeBase, sla: SlaConfig, settings: EscalationSettings | None = None
) -> EscalationListener:
    """Validate `escalation.yaml` (raises `EscalationConfigError` with every problem), copy units,
    people and chains into the database, and return the SLA listener (its `context` serves the
    escalation services and `EscalationJobs`)."""
    config = load_escalation_config(kb)
    async with db.session() as session:
        await sync_directory(session, kb.units, config)
    context = EscalationContext.from_kb(kb, sla, config=config, settings=settings)
    return EscalationListener(context)


__all__ = [
    "EscalationConfigError",
    "build_listener",
    "build_unit_router",
    "check_escalation",
    "check_escalation_dir",
    "context_of_kb",
]
