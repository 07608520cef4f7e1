"""The web chat's app, as the browser meets it (tests/bot/conftest.py builds it)."""

from tests.bot.conftest import browser, engine

__all__ = ["browser", "engine"]
