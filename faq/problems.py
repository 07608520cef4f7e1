"""Problems found while loading a knowledge base, and the error that carries them."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class KbProblem:
    """One thing wrong with a knowledge base, located as precisely as we can.

    ``file`` is relative to the knowledge-base directory (``faq/pdam.yaml``), ``entry`` is the
    id of the item (or its 0-based position when it has no usable id), ``field`` the offending
    key (``variants[2]``, ``contacts[0].value``).
    """

    file: str
    entry: str | int | None
    field: str | None
    message: str

    def __str__(self) -> str:
        parts = [f"{self.file}:"]
        if isinstance(self.entry, int):
            parts.append(f"entry #{self.entry + 1}")
        elif self.entry is not None:
            parts.append(f"entry '{self.entry}'")
        if self.field is not None:
            parts.append(f"field '{self.field}'")
        location = " ".join(parts)
        return f"{location} {self.message}" if len(parts) == 1 else f"{location}: {self.message}"


class KnowledgeBaseError(Exception):
    """Raised by :func:`faq.load_kb` with every problem found, not only the first one."""

    def __init__(self, problems: list[KbProblem]) -> None:
        self.problems = list(problems)
        count = len(self.problems)
        lines = "\n".join(f"  - {problem}" for problem in self.problems)
        super().__init__(f"knowledge base has {count} problem{'s' if count != 1 else ''}:\n{lines}")
