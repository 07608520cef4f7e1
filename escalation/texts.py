"""The escalation catalogue (escalation/messages/id.yaml): staff notifications and citizen notices,
overridden key by key by the agency's `messages.yaml` in the KB (the same file that overrides the
bot's catalogue: a key belongs to the catalogue that has it)."""

from __future__ import annotations

from collections.abc import Mapping
from functools import cache
from pathlib import Path
from typing import Any

import yaml
from jinja2 import StrictUndefined, Template
from jinja2.sandbox import SandboxedEnvironment

from core.privacy import mask_pii

CATALOGUE = Path(__file__).parent / "messages" / "id.yaml"


def excerpt(text: str, limit: int) -> str:
    """A complaint's text for a staff notification: masked before it is shortened (a NIK cut in half
    would no longer be recognised), on one line, at most `limit` characters."""
    text = " ".join(mask_pii(text).split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


class Texts:
    def __init__(self, texts: dict[str, str], **defaults: Any) -> None:
        env = SandboxedEnvironment(undefined=StrictUndefined, autoescape=False)
        self._templates: dict[str, Template] = {key: env.from_string(text) for key, text in texts.items()}
        self._defaults = defaults

    def render(self, key: str, **context: Any) -> str:
        template = self._templates.get(key)
        if template is None:
            raise KeyError(f"escalation catalogue has no key {key!r}")
        return _tidy(template.render(**{**self._defaults, **context}))


def reason(key: str, **context: Any) -> str:
    """A line of the catalogue that needs no agency (a routing reason, a subject)."""
    return _plain().render(key, **context)


@cache
def _plain() -> Texts:
    return Texts(catalogue())


def build_texts(*, agency: str, signature: str, overrides: Mapping[str, str] | None = None) -> Texts:
    """The catalogue with the agency's `overrides` of its own keys (other keys are the bot's)."""
    texts = catalogue()
    chosen = {key: value for key, value in (overrides or {}).items() if key in texts}
    return Texts({**texts, **chosen}, agency=agency, signature=signature)


def known_keys() -> frozenset[str]:
    return frozenset(catalogue())


@cache
def catalogue() -> dict[str, str]:
    loaded = yaml.safe_load(CATALOGUE.read_text(encoding="utf-8"))
    return {str(key): str(value) for key, value in loaded.items()}


def _tidy(text: str) -> str:
    """Trailing spaces dropped, runs of blank lines folded into one (template conditionals leave them)."""
    lines: list[str] = []
    for line in (raw.rstrip() for raw in text.strip().splitlines()):
        if not line and lines and not lines[-1]:
            continue
        lines.append(line)
    return "\n".join(lines)
