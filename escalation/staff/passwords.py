"""Password hashing with argon2id, off the event loop (a hash takes tens of milliseconds of CPU).

An unknown username is checked against a dummy hash made with the same parameters, so a refusal
takes as long whether or not the account exists (no timing oracle). A stored hash whose parameters
differ from the configured ones is reported by `needs_rehash` and replaced at the next sign-in."""

from __future__ import annotations

import asyncio
import secrets

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError

from escalation.staff.errors import WeakPasswordError
from escalation.staff.settings import StaffSettings

MAX_PASSWORD_LENGTH = 1024
"""Longer input is refused before hashing (hashing is costly; nobody types this much)."""


class Passwords:
    def __init__(self, settings: StaffSettings) -> None:
        self._hasher = PasswordHasher(
            time_cost=settings.argon2_time_cost,
            memory_cost=settings.argon2_memory_kib,
            parallelism=settings.argon2_parallelism,
        )
        self._min_length = settings.min_password_length
        self._dummy: str | None = None

    async def hash(self, password: str) -> str:
        return await asyncio.to_thread(self._hasher.hash, password)

    async def verify(self, stored: str | None, password: str) -> bool:
        """True if `password` matches `stored`. With no stored hash (no such account, or no password
        yet), a dummy hash is checked instead and the answer is False."""
        if len(password) > MAX_PASSWORD_LENGTH:
            return False
        target = stored if stored is not None else await self._dummy_hash()
        try:
            await asyncio.to_thread(self._hasher.verify, target, password)
        except (VerifyMismatchError, VerificationError, InvalidHashError):
            return False
        return stored is not None

    def needs_rehash(self, stored: str) -> bool:
        try:
            return self._hasher.check_needs_rehash(stored)
        except InvalidHashError:
            return True

    def check_strength(self, password: str, *, username: str) -> None:
        """`WeakPasswordError` for a password too short, too long, blank, or the username itself."""
        if len(password) < self._min_length:
            raise WeakPasswordError(
                f"the password needs at least {self._min_length} characters",
                reason="too_short",
                minimum=self._min_length,
            )
        if len(password) > MAX_PASSWORD_LENGTH:
            raise WeakPasswordError(
                f"the password may have at most {MAX_PASSWORD_LENGTH} characters",
                reason="too_long",
                maximum=MAX_PASSWORD_LENGTH,
            )
        if not password.strip() or len(set(password)) < 4:
            raise WeakPasswordError("the password needs more different characters", reason="too_plain")
        if username.casefold() in password.casefold():
            raise WeakPasswordError("the password may not contain the username", reason="has_username")

    async def _dummy_hash(self) -> str:
        if self._dummy is None:
            self._dummy = await self.hash(secrets.token_urlsafe(16))
        return self._dummy
