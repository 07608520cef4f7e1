"""Citizen-facing text: bot/messages/id.yaml, overridden key by key by the agency's messages.yaml."""

from __future__ import annotations

from collections.abc import Mapping
from functools import cache
from pathlib import Path
from typing import Any

import yaml
from jinja2 import StrictUndefined, Template
from jinja2.sandbox import SandboxedEnvironment

DEFAULT_CATALOGUE = Path(__file__).parent / "messages" / "id.yaml"


class Catalogue:
    def __init__(self, texts: Mapping[str, str], *, defaults: Mapping[str, Any]) -> None:
        self._env = SandboxedEnvironment(
            undefined=StrictUndefined, autoescape=False, keep_trailing_newline=False
        )
        self._templates: dict[str, Template] = {
            key: self._env.from_string(text) for key, text in texts.items()
        }
        self._defaults = dict(defaults)
        self._plain: dict[str, str] = {}

    def render(self, key: str, **context: Any) -> str:
        """The text of `key`; texts without context (button labels, fixed replies) are rendered once."""
        if not context:
            text = self._plain.get(key)
            if text is None:
                text = self._plain[key] = self._render(key, {})
            return text
        return self._render(key, context)

    def _render(self, key: str, context: dict[str, Any]) -> str:
        template = self._templates.get(key)
        if template is None:
            raise KeyError(f"message catalogue has no key {key!r}")
        text = template.render(**{**self._defaults, **context})
        return _tidy(text)

    def has(self, key: str) -> bool:
        return key in self._templates


def build_catalogue(overrides: Mapping[str, str], *, agency: str, signature: str) -> Catalogue:
    texts = {**_default_texts(), **overrides}
    return Catalogue(texts, defaults={"agency": agency, "signature": signature, "letter": False, "dear": ""})


def unknown_override_keys(overrides: Mapping[str, str]) -> list[str]:
    """Keys in an agency's messages.yaml that the engine never uses (most likely typos)."""
    return sorted(set(overrides) - set(_default_texts()))


@cache
def _default_texts() -> dict[str, str]:
    loaded = yaml.safe_load(DEFAULT_CATALOGUE.read_text(encoding="utf-8"))
    return {str(key): str(value) for key, value in loaded.items()}


def _tidy(text: str) -> str:
    """Drop the blank lines left by template conditionals, but keep paragraph breaks."""
    lines = [line.rstrip() for line in text.strip().splitlines()]
    tidied: list[str] = []
    for line in lines:
        if not line and tidied and not tidied[-1]:
            continue
        tidied.append(line)
    return "\n".join(tidied)
