"""Logging of every `tanggap` process (serve, worker, chat and the other commands): `core.logging`
with the secrets configured for this service, so none of them is ever written out, whatever the line
(a traceback, a library's message, an access log line)."""

from __future__ import annotations

from collections.abc import Iterator
from urllib.parse import urlsplit

from pydantic import SecretStr, ValidationError
from pydantic_settings import BaseSettings

from bot.telegram.settings import TelegramSettings
from bot.whatsapp.settings import WhatsAppSettings
from core.logging import configure_logging
from core.settings import CoreSettings
from escalation import EscalationSettings
from tanggap.settings import ServiceSettings

SETTINGS: tuple[type[BaseSettings], ...] = (
    CoreSettings,
    ServiceSettings,
    TelegramSettings,
    WhatsAppSettings,
    EscalationSettings,
)


def setup_logging(core: CoreSettings | None = None, *, level: str | None = None) -> None:
    """Configure this process's logging from the settings (`level` overrides `TANGGAP_LOG_LEVEL`)."""
    core = core or _core_or_default()
    configure_logging(level or core.log_level, json=core.log_json, secrets=configured_secrets())


def configured_secrets() -> list[str]:
    """Every secret in the service's settings: secret fields, and passwords in URLs (database, Redis).
    Settings that do not load (the command will say why) contribute nothing."""
    found: list[str] = []
    for settings_class in SETTINGS:
        try:
            settings = settings_class()
        except ValidationError:
            continue
        found.extend(_secrets_of(settings))
    return found


def _secrets_of(settings: BaseSettings) -> Iterator[str]:
    for name in type(settings).model_fields:
        value = getattr(settings, name)
        if isinstance(value, SecretStr):
            yield value.get_secret_value()
        elif isinstance(value, str) and name.endswith("_url") and "://" in value:
            password = urlsplit(value).password
            if password:
                yield password


def _core_or_default() -> CoreSettings:
    try:
        return CoreSettings()
    except ValidationError:
        return CoreSettings.model_construct()
