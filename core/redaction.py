"""What a log line must never carry in the clear: the service's configured secrets (also URL-encoded),
secrets by their shape (passwords in URLs, Telegram bot tokens, API tokens, secret query parameters such as
`hub.verify_token`), and personal data (`core.privacy.mask_pii`). `Redactor.value` walks nested values,
so a secret inside a list, a dict or an exception's text is caught as well as a top-level string."""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from typing import Any
from urllib.parse import quote, quote_plus

from core.privacy import mask_pii

MASK = "***"
MIN_SECRET_LENGTH = 4
"""Shorter configured values would mask ordinary words; no real secret is this short."""
_URL_PASSWORD = re.compile(r"(?i)(\b[a-z][a-z0-9+.\-]*://[^:/?#\s@]*:)[^@/?#\s]+(@)")
_TELEGRAM_TOKEN = re.compile(r"(?<![0-9])\d{5,}:[A-Za-z0-9_-]{30,}")
_API_TOKEN = re.compile(r"\btgp_[A-Za-z0-9_-]{20,}")
"""An API client's bearer token (`escalation.staff.api_clients.TOKEN_PREFIX`)."""
_SECRET_PARAMETER = re.compile(
    r"(?i)((?:^|[?&;\s])[\w.\-]*(?:token|secret|password|passwd|pwd|api[_-]?key|signature|session|auth)"
    r"[\w.\-]*=)[^&;\s\"'<>]+"
)
_SECRET_KEY = re.compile(
    r"(?i)(?:^|_)(?:token|secret|password|passwd|api_key|signature|cookie|authorization)(?:$|_)"
)
"""Event keys whose whole value is a secret: `log.info(..., verify_token=...)` shows `***`."""
_PLAIN = (int, float, bool, type(None))
_MAY_HOLD_PATTERNS = re.compile(r"[\d@=]|tgp_")
"""Every pattern above, and all personal data, needs a digit, an @, an = or an API token's prefix: text
without is done once the configured secrets are masked (most of a log line: event names, words)."""


class Redactor:
    """Masks secrets and personal data in text; built once with the configured secrets."""

    def __init__(self, secrets: Iterable[str] = ()) -> None:
        variants = {form for secret in secrets if len(secret) >= MIN_SECRET_LENGTH for form in _forms(secret)}
        ordered = sorted(variants, key=len, reverse=True)
        self._secrets = re.compile("|".join(map(re.escape, ordered))) if ordered else None

    def text(self, text: str) -> str:
        if self._secrets is not None:
            text = self._secrets.sub(MASK, text)
        if _MAY_HOLD_PATTERNS.search(text) is None:
            return text
        text = _URL_PASSWORD.sub(rf"\1{MASK}\2", text)
        text = _TELEGRAM_TOKEN.sub(MASK, text)
        text = _API_TOKEN.sub(MASK, text)
        text = _SECRET_PARAMETER.sub(rf"\1{MASK}", text)
        return mask_pii(text)

    def value(self, value: Any) -> Any:
        """`value` with every string in it redacted; other objects become their redacted `str`."""
        if isinstance(value, str):
            return self.text(value)
        if isinstance(value, _PLAIN):
            return value
        if isinstance(value, Mapping):
            return {key: self.item(key, item) for key, item in value.items()}
        if isinstance(value, list | tuple | set | frozenset):
            return [self.value(item) for item in value]
        return self.text(str(value))

    def item(self, key: Any, value: Any) -> Any:
        if isinstance(key, str) and _SECRET_KEY.search(key) and value is not None:
            return MASK
        return self.value(value)


def _forms(secret: str) -> set[str]:
    """The secret as configured and as it appears in a URL or a form body."""
    return {secret, quote(secret, safe=""), quote_plus(secret)}
