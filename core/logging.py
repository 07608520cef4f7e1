"""Logging: structlog and the standard library (uvicorn's access log, aiogram, pywa, SQLAlchemy, ...)
through one handler on stderr, JSON lines in production (`TANGGAP_LOG_JSON`), readable lines otherwise.

Every line goes through the same processors: an exception becomes its plain traceback (type, message
and frames, never local variables: those held the WhatsApp app secret, session cookies and NIKs), then
every string in the line, the traceback included, is redacted (`core.redaction`: configured secrets,
secret-shaped values, personal data). Refused requests (429) get a sampled access line
(`SampledRefusals`), not one each. Rendering a plain traceback takes milliseconds where the rich one
with locals held the event loop for about a second (bench/log_bench.py).
"""

from __future__ import annotations

import logging
import sys
from collections.abc import Iterable, MutableMapping
from typing import Any, TextIO

import structlog
from structlog.types import Processor

from core import clock
from core.redaction import Redactor

NOISY_LIBRARIES = ("bm25s", "apscheduler")  # index builds and every job run, at INFO
ACCESS_LOGGER = "uvicorn.access"


OWN_KEYS = frozenset({"timestamp", "level", "logger"})
"""Written by the processors themselves (time, level, logger name): nothing to redact."""


class RedactProcessor:
    """The structlog processor that redacts every value of an event (nested ones too)."""

    def __init__(self, redactor: Redactor) -> None:
        self.redactor = redactor

    def __call__(self, _: Any, __: str, event_dict: MutableMapping[str, Any]) -> dict[str, Any]:
        item = self.redactor.item
        return {key: value if key in OWN_KEYS else item(key, value) for key, value in event_dict.items()}


class SampledRefusals(logging.Filter):
    """uvicorn's access line for a refused request (429, a flood limit) at most once per `every`
    seconds, saying how many were left out since: one sender flooding at 50 requests a second
    writes one line every 10 s instead of 500, each of which would have been redacted and written
    (about a third of what a refusal costs the server, bench/refusal_cost.py)."""

    def __init__(self, every: float = 10.0) -> None:
        super().__init__()
        self.every = every
        self._last: float | None = None
        self._left_out = 0

    def filter(self, record: logging.LogRecord) -> bool:
        args = record.args
        if not (isinstance(args, tuple) and len(args) == 5 and args[4] == 429):
            return True
        now = clock.now().timestamp()
        if self._last is not None and now - self._last < self.every:
            self._left_out += 1
            return False
        if self._left_out:
            record.msg = f"{record.msg} (and %d more 429 in the last %ds)"
            record.args = (*args, self._left_out, round(now - (self._last or now)))
        self._last, self._left_out = now, 0
        return True


class StderrHandler(logging.StreamHandler[TextIO]):
    """Writes to whatever `sys.stderr` is when a line is written (a test's capture, a CLI runner)."""

    def __init__(self) -> None:
        super().__init__(sys.stderr)

    @property
    def stream(self) -> TextIO:
        return sys.stderr

    @stream.setter
    def stream(self, _: TextIO) -> None:
        pass


def processors(redactor: Redactor, *, json: bool) -> list[Processor]:
    """What turns an event into its line, for structlog's events and the standard library's records."""
    renderer: Processor = (
        structlog.processors.JSONRenderer()
        if json
        else structlog.dev.ConsoleRenderer(colors=False, exception_formatter=structlog.dev.plain_traceback)
    )
    return [
        structlog.stdlib.ProcessorFormatter.remove_processors_meta,
        structlog.processors.format_exc_info,
        RedactProcessor(redactor),
        renderer,
    ]


PRE_CHAIN: list[Processor] = [
    structlog.contextvars.merge_contextvars,
    structlog.processors.add_log_level,
    structlog.stdlib.add_logger_name,
    structlog.processors.TimeStamper(fmt="iso", utc=True),
]


def configure_logging(level: str = "INFO", *, json: bool = False, secrets: Iterable[str] = ()) -> None:
    """Configure (again) the whole process's logging; `secrets` are masked wherever they appear."""
    numeric = logging.getLevelName(level.upper())
    handler = StderrHandler()
    handler.setFormatter(
        structlog.stdlib.ProcessorFormatter(
            processors=processors(Redactor(secrets), json=json), foreign_pre_chain=PRE_CHAIN
        )
    )
    root = logging.getLogger()
    for old in [h for h in root.handlers if isinstance(h, StderrHandler)]:
        root.removeHandler(old)
    root.addHandler(handler)
    root.setLevel(numeric)
    for chatty in NOISY_LIBRARIES:
        logging.getLogger(chatty).setLevel(max(logging.WARNING, numeric))
    access = logging.getLogger(ACCESS_LOGGER)
    for old_filter in [f for f in access.filters if isinstance(f, SampledRefusals)]:
        access.removeFilter(old_filter)
    access.addFilter(SampledRefusals())
    structlog.configure(
        processors=[*PRE_CHAIN, structlog.stdlib.ProcessorFormatter.wrap_for_formatter],
        logger_factory=structlog.stdlib.LoggerFactory(),
        wrapper_class=structlog.make_filtering_bound_logger(numeric),
        # Not cached: a logger first used before this call (a test, a tool) would keep structlog's
        # default setup, rich tracebacks with locals included; re-binding costs ~10 µs a line.
        cache_logger_on_first_use=False,
    )


def get_logger(name: str) -> structlog.stdlib.BoundLogger:
    logger: structlog.stdlib.BoundLogger = structlog.get_logger(name)
    return logger
