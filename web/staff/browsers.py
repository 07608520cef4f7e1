"""A short name for a browser from its User-Agent, for the list of sessions ("Firefox 140 di Linux"):
enough for a person to recognise their own devices, never a fingerprint."""

from __future__ import annotations

import re

from web.staff.texts import text

_BROWSERS = (  # order matters: Edge and Opera also say Chrome, Chrome also says Safari
    ("Edge", re.compile(r"\bEdg(?:e|A|iOS)?/(\d+)")),
    ("Opera", re.compile(r"\bOPR/(\d+)")),
    ("Firefox", re.compile(r"\b(?:Firefox|FxiOS)/(\d+)")),
    ("Chrome", re.compile(r"\b(?:Chrome|CriOS|Chromium)/(\d+)")),
    ("Safari", re.compile(r"\bVersion/(\d+)[^ ]* (?:Mobile/\S+ )?Safari/")),
)
_SYSTEMS = (
    ("Android", re.compile(r"\bAndroid\b")),
    ("iOS", re.compile(r"\b(?:iPhone|iPad|iPod)\b")),
    ("Windows", re.compile(r"\bWindows\b")),
    ("macOS", re.compile(r"\bMac OS X\b")),
    ("ChromeOS", re.compile(r"\bCrOS\b")),
    ("Linux", re.compile(r"\bLinux\b")),
)


def browser_label(user_agent: str | None) -> str:
    agent = (user_agent or "")[:512]
    browser = next(
        (f"{name} {found.group(1)}" for name, pattern in _BROWSERS if (found := pattern.search(agent))), None
    )
    system = next((name for name, pattern in _SYSTEMS if pattern.search(agent)), None)
    if browser is None:
        return text("browser.unknown") if system is None else system
    return browser if system is None else text("browser.on").format(browser=browser, system=system)
