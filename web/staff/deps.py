"""Who is asking: `StaffGate.current_staff`, the FastAPI dependency of every signed-in page. The
session comes from the cookie (`web.staff.cookies`), is checked and touched by
`escalation.staff.signin.authenticate` in a transaction of its own, and gives the `Staff` a route
acts as. No valid, fully signed-in session: `SignInRequired`, answered with the sign-in page."""

from __future__ import annotations

from dataclasses import dataclass

from starlette.requests import Request

from core.forwarded import Client, client_of
from escalation.staff.principal import Principal
from escalation.staff.sessions import csrf_valid
from escalation.staff.signin import authenticate
from web.staff.cookies import session_token
from web.staff.site import StaffSite


class SignInRequired(Exception):
    """No signed-in session: go to the sign-in page, then back to `next_path`."""

    def __init__(self, next_path: str) -> None:
        super().__init__(next_path)
        self.next_path = next_path


class FormRefused(Exception):
    """A form without this session's CSRF token (or an expired one): nothing was done."""


@dataclass(frozen=True)
class Staff:
    principal: Principal
    session_id: int
    csrf_token: str
    client: Client
    token: str
    """The session token of the cookie (to sign out; never shown or logged)."""


class StaffGate:
    def __init__(self, site: StaffSite) -> None:
        self.site = site

    def client(self, request: Request) -> Client:
        return client_of(request, self.site.proxies)

    async def current_staff(self, request: Request) -> Staff:
        client = self.client(request)
        token = session_token(request, client)
        async with self.site.db.session() as session:
            found = await authenticate(session, self.site.auth, token=token)
        if found is None or token is None:
            raise SignInRequired(local_path(request))
        return Staff(found.principal, found.session_id, found.csrf_token, client, token)


def check_csrf(staff: Staff, submitted: str | None) -> None:
    """Raise `FormRefused` unless `submitted` is this session's CSRF token."""
    if not csrf_valid(staff.token, submitted):
        raise FormRefused()


def local_path(request: Request) -> str:
    query = request.url.query
    return request.url.path + (f"?{query}" if query else "")
