"""Every settings class of every package (found by importing them all, so a new one is checked too)
reads a `.env` file in the working directory, as the README promises, and every setting is documented
in README.md or docs/*.md under its full environment variable name."""

from __future__ import annotations

import importlib
import pkgutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from pydantic_settings import BaseSettings

ROOT = Path(__file__).resolve().parents[2]
PACKAGES = ("core", "tickets", "messaging", "faq", "sla", "escalation", "bot", "web", "tanggap")


def _import_every_module() -> None:
    for name in PACKAGES:
        package = importlib.import_module(name)
        for module in pkgutil.walk_packages(package.__path__, f"{name}."):
            if ".migrations" not in module.name:
                importlib.import_module(module.name)


def _subclasses(cls: type[BaseSettings]) -> Iterator[type[BaseSettings]]:
    for subclass in cls.__subclasses__():
        yield subclass
        yield from _subclasses(subclass)


def settings_classes() -> list[type[BaseSettings]]:
    _import_every_module()
    ours = {cls for cls in _subclasses(BaseSettings) if cls.__module__.split(".")[0] in PACKAGES}
    return sorted(ours, key=lambda cls: f"{cls.__module__}.{cls.__name__}")


SETTINGS = settings_classes()


def variable(cls: type[BaseSettings], field: str) -> str:
    return f"{cls.model_config.get('env_prefix', '')}{field}".upper()


def a_field_and_other_value(cls: type[BaseSettings]) -> tuple[str, str, Any]:
    """A field of a plain type and a value for it unlike its default: (name, text for .env, parsed)."""
    for name, info in cls.model_fields.items():
        default = info.get_default(call_default_factory=True)
        if info.annotation is int:
            return name, str(default + 7), default + 7
        if info.annotation is float:
            return name, str(default + 0.5), default + 0.5
        if info.annotation is bool:
            return name, str(not default).lower(), not default
    raise AssertionError(f"{cls.__name__} has no int, float or bool setting to try")


def test_every_settings_class_is_found() -> None:
    names = {cls.__name__ for cls in SETTINGS}
    assert {"CoreSettings", "ServiceSettings", "BotSettings", "OutboxSettings", "SlaSettings"} <= names
    assert len(SETTINGS) >= 9


@pytest.mark.parametrize("cls", SETTINGS, ids=lambda cls: cls.__name__)
def test_a_settings_class_reads_dot_env_in_the_working_directory(
    cls: type[BaseSettings], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    name, text, expected = a_field_and_other_value(cls)
    monkeypatch.delenv(variable(cls, name), raising=False)
    (tmp_path / ".env").write_text(f"{variable(cls, name)}={text}\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    assert getattr(cls(), name) == expected


@pytest.mark.parametrize("cls", SETTINGS, ids=lambda cls: cls.__name__)
def test_every_setting_is_documented_by_its_full_name(cls: type[BaseSettings]) -> None:
    pages = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]
    documented = "\n".join(page.read_text(encoding="utf-8") for page in pages)
    missing = [variable(cls, field) for field in cls.model_fields if variable(cls, field) not in documented]
    assert missing == []
