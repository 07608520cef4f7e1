"""What staff sign-in needs, built once by the entry module and injected: the settings, the password
hasher, and the counters that throttle attempts (`messaging.limits`: in Redis when configured, so
every process counts together)."""

from __future__ import annotations

from dataclasses import dataclass, field

from escalation.staff.passwords import Passwords
from escalation.staff.settings import StaffSettings
from messaging.limits import Limiter, MemoryLimiter


@dataclass
class StaffAuth:
    settings: StaffSettings = field(default_factory=StaffSettings)
    limiter: Limiter = field(default_factory=MemoryLimiter)
    passwords: Passwords = field(init=False)

    def __post_init__(self) -> None:
        self.passwords = Passwords(self.settings)
