"""Settings of staff sign-in (`TANGGAP_STAFF_*`): password hashing cost, session lifetimes, throttling."""

from __future__ import annotations

from datetime import timedelta

from pydantic_settings import BaseSettings, SettingsConfigDict

from messaging.limits import Limit


class StaffSettings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="TANGGAP_STAFF_", env_file=".env", extra="ignore")

    argon2_time_cost: int = 3
    argon2_memory_kib: int = 65536
    argon2_parallelism: int = 4
    """argon2id parameters (RFC 9106's second recommendation); a stored hash made with others is
    rehashed at its next successful sign-in."""
    min_password_length: int = 12
    session_idle_minutes: int = 30
    session_absolute_hours: int = 12
    pending_minutes: int = 10
    """How long a sign-in may wait for its second factor (or a required enrolment)."""
    lockout_failures: int = 5
    """Consecutive failed sign-ins (password or second factor) that lock an account."""
    lockout_minutes: int = 15
    attempts_per_username: int = 10
    attempts_per_address: int = 30
    attempt_window_minutes: int = 15
    totp_issuer: str = "Tanggap"

    @property
    def idle(self) -> timedelta:
        return timedelta(minutes=self.session_idle_minutes)

    @property
    def absolute(self) -> timedelta:
        return timedelta(hours=self.session_absolute_hours)

    @property
    def pending(self) -> timedelta:
        return timedelta(minutes=self.pending_minutes)

    @property
    def lockout(self) -> timedelta:
        return timedelta(minutes=self.lockout_minutes)

    def username_limit(self) -> Limit:
        return Limit("staff_login_user", self.attempts_per_username, self.attempt_window_minutes * 60.0)

    def address_limit(self) -> Limit:
        return Limit("staff_login_ip", self.attempts_per_address, self.attempt_window_minutes * 60.0)
