"""The staff session cookie: HttpOnly, SameSite=Lax, for the whole site. Behind HTTPS (directly or
through a trusted proxy) it is `__Host-tanggap_staff` with `Secure`, which browsers accept only from
HTTPS, for Path=/ and without a Domain, so no other host or plain-HTTP page can set or read it."""

from __future__ import annotations

from datetime import datetime

from starlette.requests import HTTPConnection
from starlette.responses import Response

from core import clock
from core.forwarded import Client

SECURE_NAME = "__Host-tanggap_staff"
PLAIN_NAME = "tanggap_staff"


def cookie_name(client: Client) -> str:
    return SECURE_NAME if client.https else PLAIN_NAME


def session_token(request: HTTPConnection, client: Client) -> str | None:
    return request.cookies.get(cookie_name(client))


def set_session_cookie(response: Response, client: Client, token: str, expires_at: datetime) -> None:
    """The cookie lives as long as the session may (the server ends it sooner when idle)."""
    max_age = max(0, int((expires_at - clock.now()).total_seconds()))
    response.set_cookie(
        cookie_name(client),
        token,
        max_age=max_age,
        path="/",
        secure=client.https,
        httponly=True,
        samesite="lax",
    )


def clear_session_cookie(response: Response, client: Client) -> None:
    response.delete_cookie(cookie_name(client), path="/", secure=client.https, httponly=True, samesite="lax")
