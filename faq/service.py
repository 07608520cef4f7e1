"""A knowledge base kept in memory and reloaded when its files change, without a restart."""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from pathlib import Path

from faq.index import FaqIndex
from faq.loader import load_kb
from faq.matcher import MatchResult, MatchThresholds
from faq.models import KnowledgeBase
from faq.problems import KnowledgeBaseError

logger = logging.getLogger(__name__)

Fingerprint = tuple[tuple[str, int, int], ...]


def kb_fingerprint(path: Path) -> Fingerprint:
    """Name, modification time and size of every YAML file in the knowledge base (recursively).

    Comparing fingerprints notices edits, added files and deleted files.
    """
    entries = []
    for file in sorted(path.rglob("*")):
        if file.suffix in {".yaml", ".yml"} and file.is_file():
            stat = file.stat()
            entries.append((str(file.relative_to(path)), stat.st_mtime_ns, stat.st_size))
    return tuple(entries)


class FaqService:
    """Answers questions from the knowledge base at ``path``; picks up hand edits within seconds.

    ``ask`` checks the files at most once every ``check_interval`` seconds (monotonic clock), so a
    busy bot does not stat the directory on every message. A broken edit is logged and ignored:
    the previous, valid knowledge base keeps answering.
    """

    def __init__(
        self,
        path: Path,
        thresholds: MatchThresholds | None = None,
        *,
        check_interval: float = 2.0,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.path = Path(path)
        self.thresholds = thresholds or MatchThresholds()
        self.check_interval = check_interval
        self._clock = clock
        self._fingerprint = kb_fingerprint(self.path)
        self.kb: KnowledgeBase = load_kb(self.path)
        self.index: FaqIndex = FaqIndex.build(self.kb, thresholds=self.thresholds)
        self._checked_at = clock()

    def ask(self, text: str, limit: int = 3) -> MatchResult:
        """Match ``text`` against the current knowledge base (reloading it first if it is due)."""
        if self._clock() - self._checked_at >= self.check_interval:
            self.reload_if_changed()
        return self.index.match(text, limit=limit)

    def reload_if_changed(self) -> bool:
        """Rebuild when the files changed and the new version is valid; True when it reloaded."""
        self._checked_at = self._clock()
        fingerprint = kb_fingerprint(self.path)
        if fingerprint == self._fingerprint:
            return False
        self._fingerprint = fingerprint
        try:
            kb = load_kb(self.path)
        except KnowledgeBaseError as exc:
            logger.error(
                "knowledge base %s changed but is invalid; still answering from the previous version:\n%s",
                self.path,
                "\n".join(f"  - {problem}" for problem in exc.problems),
            )
            return False
        self.kb = kb
        self.index = FaqIndex.build(kb, thresholds=self.thresholds)
        logger.info("knowledge base %s reloaded: %d entries", self.path, len(kb.entries))
        return True
