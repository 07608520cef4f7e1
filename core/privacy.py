"""Masking of personal data (NIK, KK numbers, phone numbers, e-mail) for logs, exports and public replies."""

from __future__ import annotations

import re

_SIXTEEN_DIGITS = re.compile(r"(?<!\d)(\d{4})\d{8}(\d{4})(?!\d)")
_PHONE = re.compile(r"(?<![\d+])(\+?62|0)8[\d\- ]{7,13}\d(?!\d)")
_EMAIL = re.compile(r"([A-Za-z0-9._%+-])[A-Za-z0-9._%+-]*@([A-Za-z0-9.-]+\.[A-Za-z]{2,})")


def mask_pii(text: str) -> str:
    """Mask NIK/KK (16 digits), Indonesian mobile numbers and e-mail addresses."""
    masked = _SIXTEEN_DIGITS.sub(r"\1********\2", text)
    masked = _PHONE.sub(_mask_phone, masked)
    return _EMAIL.sub(r"\1***@\2", masked)


def contains_pii(text: str) -> bool:
    return mask_pii(text) != text


def _mask_phone(match: re.Match[str]) -> str:
    digits = re.sub(r"\D", "", match.group(0))
    return f"{match.group(1)}8******{digits[-3:]}"
