"""Time-based one-time passwords (RFC 6238, 30-second steps, 6 digits) with pyotp, on the injected
clock. A code is accepted for the current step or one step either side (`valid_window` 1), and only
for a step later than the last one accepted, so a code seen over someone's shoulder cannot be used
again. Recovery codes: ten random codes shown once, kept as SHA-256, each usable once."""

from __future__ import annotations

import base64
import hashlib
import hmac
import secrets
from dataclasses import dataclass
from datetime import datetime

import pyotp
import segno

from core import clock

STEP_SECONDS = 30
VALID_WINDOW = 1
RECOVERY_CODES = 10
_ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789"
"""No 0/o, 1/l/i: codes are typed from paper."""


@dataclass(frozen=True)
class Enrolment:
    """What the person scans: the secret, its otpauth URI, and the URI as a QR code (SVG data URI)."""

    secret: str
    uri: str
    qr_svg: str


def new_secret() -> str:
    return pyotp.random_base32()


def enrolment_secret(session_token_hash: str) -> str:
    """The secret a sign-in session offers for enrolment: the same on every reload of the page (the
    app scanned from it keeps working), another for every new sign-in. Derived from the session's
    stored token hash (160 bits, from a 256-bit random token); it is stored on the account anyway."""
    digest = hmac.new(session_token_hash.encode(), b"tanggap-totp-enrolment", hashlib.sha256).digest()
    return base64.b32encode(digest[:20]).decode()


def enrolment(secret: str, *, username: str, issuer: str) -> Enrolment:
    uri = pyotp.TOTP(secret).provisioning_uri(name=username, issuer_name=issuer)
    qr = segno.make(uri, error="m").svg_data_uri(scale=4)
    return Enrolment(secret, uri, qr)


def step_at(moment: datetime) -> int:
    return int(moment.timestamp()) // STEP_SECONDS


def accepted_step(
    secret: str, code: str, *, last_step: int | None, now: datetime | None = None
) -> int | None:
    """The step `code` belongs to when it is valid now and newer than `last_step`, else None."""
    typed = "".join(code.split())
    if len(typed) != 6 or not typed.isdigit():
        return None
    totp = pyotp.TOTP(secret)
    current = step_at(now or clock.now())
    for step in range(current - VALID_WINDOW, current + VALID_WINDOW + 1):
        expected = totp.at(step * STEP_SECONDS)
        if hmac.compare_digest(expected, typed):
            return step if last_step is None or step > last_step else None
    return None


def new_recovery_codes() -> list[str]:
    """Ten codes like `k7qx-m2pa-9trw-bc4h` (about 79 bits each)."""
    return ["-".join(_chunk() for _ in range(4)) for _ in range(RECOVERY_CODES)]


def _chunk() -> str:
    return "".join(secrets.choice(_ALPHABET) for _ in range(4))


def recovery_hash(code: str) -> str:
    """The stored form of a recovery code, insensitive to case, spaces and dashes as typed."""
    normal = "".join(ch for ch in code.casefold() if ch.isalnum())
    return hashlib.sha256(f"tanggap-recovery:{normal}".encode()).hexdigest()


def looks_like_recovery_code(code: str) -> bool:
    return len("".join(ch for ch in code if ch.isalnum())) == 16
