"""Fixtures for the FAQ tests."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from tests.faq.kb_factory import write_kb

KbFactory = Callable[..., Path]


@pytest.fixture
def make_kb(tmp_path: Path) -> KbFactory:
    """Write a valid small knowledge base under tmp_path; keyword arguments replace parts of it."""

    def factory(**overrides: Any) -> Path:
        return write_kb(tmp_path / "kb", **overrides)

    return factory
