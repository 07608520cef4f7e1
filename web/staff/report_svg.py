"""A chart as an image response. The page shows it with <img>: an image document runs no script and
loads nothing, and Chromium draws it with its own <style> whatever the policies (checked by
tests/e2e/test_staff_reports_browser.py). Opened on its own (a new tab, a saved link), the SVG is a
document under its response's Content Security Policy: instead of allowing inline styles, that policy
names pygal's one <style> element by its SHA-256 hash, so the chart is drawn the same and nothing else
inline is allowed (the pages' policy is untouched: 'self' only, no 'unsafe-inline')."""

from __future__ import annotations

import base64
import hashlib
import re
from xml.sax.saxutils import unescape

from starlette.responses import Response

NONE = "'none'"
STYLE = re.compile(r"<style[^>]*>(.*?)</style>", re.DOTALL)


def svg_policy(svg: str) -> str:
    hashes = " ".join(
        f"'sha256-{base64.b64encode(hashlib.sha256(unescape(body).encode()).digest()).decode()}'"
        for body in STYLE.findall(svg)
    )
    return f"default-src 'none'; style-src {hashes or NONE}; frame-ancestors 'self'"


def svg_response(svg: str) -> Response:
    return Response(
        svg,
        media_type="image/svg+xml",
        headers={"content-security-policy": svg_policy(svg), "cache-control": "no-store"},
    )
