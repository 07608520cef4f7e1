"""Assembling the service from its parts: configuration checked first, then database and engine."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy.ext.asyncio import AsyncSession

from bot.deps import BotDeps, BotSettings
from bot.engine import ConversationEngine
from bot.telegram.settings import TelegramSettings
from bot.whatsapp.settings import WhatsAppSettings
from core.catalogue import install_agency_wording
from core.db import Database
from core.errors import ConfigurationError
from core.messenger import Messenger
from core.settings import CoreSettings
from escalation import (
    EmailMessenger,
    EscalationContext,
    EscalationListener,
    EscalationSettings,
    build_listener,
    check_escalation,
    desk,
)
from escalation.staff.auth import StaffAuth
from escalation.staff.settings import StaffSettings
from faq import FaqService, KnowledgeBase, KnowledgeBaseError, load_kb
from messaging import OutboundMessage
from messaging.outbox import FailureHook, OutboxSettings
from sla import RecordOnlyListener, SlaConfig, SlaConfigError, SlaListener, load_sla_config
from tanggap.channels import Channels, build_channels
from tanggap.settings import ServiceSettings
from tanggap.wording import wording_problems


@dataclass(frozen=True)
class CheckedConfig:
    kb: KnowledgeBase
    sla: SlaConfig


@dataclass
class Runtime:
    db: Database
    engine: ConversationEngine
    sla_listener: SlaListener = field(default_factory=RecordOnlyListener)
    """Told about SLA warnings and breaches; the escalation layer registers its own here."""
    channels: Channels = field(default_factory=Channels)
    escalation: EscalationListener | None = None
    """The escalation layer (the SLA listener too); its jobs release held notifications and digests."""
    staff: StaffAuth = field(default_factory=StaffAuth)
    """Staff sign-in: its attempt counters are the flood limiter's (shared through Redis when set)."""
    config: CheckedConfig | None = None
    """The agency's validated configuration (KB and SLA), for the staff pages."""

    async def close(self) -> None:
        await self.channels.close()
        await self.db.dispose()


def check_configuration(kb_path: Path) -> CheckedConfig:
    """Everything the agency configured, validated together; raises with the full list of problems."""
    problems: list[str] = []
    kb: KnowledgeBase | None = None
    sla: SlaConfig | None = None
    try:
        kb = load_kb(kb_path)
    except KnowledgeBaseError as error:
        problems.extend(str(problem) for problem in error.problems)
    if kb is not None:
        problems.extend(wording_problems(kb.messages))
        try:
            sla = load_sla_config(kb_path, kb.agency.timezone)
        except SlaConfigError as error:
            problems.extend(f"sla.yaml: {problem}" for problem in error.problems)
        problems.extend(check_escalation(kb))
    if problems or kb is None or sla is None:
        raise ConfigurationError(f"the configuration in {kb_path} has problems", problems)
    return CheckedConfig(kb=kb, sla=sla)


async def start_runtime(core: CoreSettings, kb_path: Path) -> Runtime:
    """Build the runtime on an already migrated database."""
    checked = check_configuration(kb_path)
    install_agency_wording(checked.kb.messages)
    db = Database(core.resolved_database_url())
    escalation_settings = EscalationSettings()
    listener = await build_listener(db, kb=checked.kb, sla=checked.sla, settings=escalation_settings)
    settings = BotSettings()
    deps = BotDeps(
        faq=FaqService(kb_path),
        sla=checked.sla,
        attachments=settings.attachment_store(core.data_dir.resolve()),
        settings=settings,
        escalation=listener.context,
    )
    engine = ConversationEngine(deps)
    channels = build_channels(
        db,
        engine,
        service=ServiceSettings(),
        telegram=TelegramSettings(),
        whatsapp=WhatsAppSettings(),
        outbox=OutboxSettings(),
        staff_messengers=staff_messengers(escalation_settings),
        on_delivery_failure=delivery_failure_hook(listener.context),
    )
    staff = StaffAuth(settings=StaffSettings(), limiter=channels.guard.limiter)
    return Runtime(
        db=db,
        engine=engine,
        channels=channels,
        sla_listener=listener,
        escalation=listener,
        staff=staff,
        config=checked,
    )


def delivery_failure_hook(context: EscalationContext) -> FailureHook:
    """Recorded on the ticket, and a staff notification that cannot be delivered climbs the chain."""

    async def hook(session: AsyncSession, row: OutboundMessage) -> None:
        await desk.delivery_failed(session, row, context=context)

    return hook


def staff_messengers(settings: EscalationSettings) -> dict[str, Messenger]:
    """Channels that only reach staff: e-mail, when SMTP is configured."""
    return {"email": EmailMessenger(settings)} if settings.email_enabled else {}
