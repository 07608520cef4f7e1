"""Settings of the running service (env prefix TANGGAP_)."""

from __future__ import annotations

from pathlib import Path

from pydantic import field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

import faq
from messaging.partitions import Partition


class ServiceSettings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="TANGGAP_", env_file=".env", extra="ignore")

    kb_path: Path = faq.SAMPLE_KB_PATH
    host: str = "127.0.0.1"
    port: int = 8000
    redis_url: str | None = None
    """Shared per-chat locks and pacing for several processes (e.g. redis://127.0.0.1:6379/0)."""
    redis_prefix: str = "tanggap"
    recovery_interval_seconds: float = 60.0
    separate_worker: bool = False
    """The web process only stores what arrives (and answers the platform); `tanggap worker`
    processes, one or more, take it from the inbox, handle it and send the replies."""
    worker_poll_seconds: float = 0.2
    """How often a `tanggap worker` looks for newly stored messages."""
    worker_partition: str = "0/1"
    """`tanggap worker` only, i/N: with N workers, each started with its own i (0 to N-1) polls the
    messages of its share of the senders (`messaging.partitions`); `tanggap worker --partition`."""

    @field_validator("worker_partition")
    @classmethod
    def _partition_is_i_of_n(cls, value: str) -> str:
        Partition.parse(value)
        return value

    @property
    def partition(self) -> Partition:
        return Partition.parse(self.worker_partition)
