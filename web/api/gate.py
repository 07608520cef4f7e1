"""Who calls the API: `ApiGate.caller`, the dependency of every route, takes the bearer token of the
`Authorization` header and asks `escalation.staff.api_clients.authenticate` (in a read-only session;
the use is recorded at most once a minute, in a transaction of its own). No token, an unknown one or
a revoked one: 401. `ApiGate.needs(scope)` adds the scope check: 403 when the client lacks it.

No `from __future__ import annotations`: FastAPI reads the parameters' types at import."""

from collections.abc import Awaitable, Callable
from typing import Annotated

from fastapi import Depends, Request
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer

from core.forwarded import client_of
from escalation.staff.api_clients import ApiCaller, ApiScope, authenticate, record_use
from escalation.staff.audit import Origin
from web.api.errors import MissingScope, Unauthorized
from web.staff.site import StaffSite
from web.texts import text

BEARER = HTTPBearer(
    auto_error=False,
    scheme_name="token",
    description="The token `tanggap api-client add` printed: `Authorization: Bearer tgp_...`.",
)
Credentials = Annotated[HTTPAuthorizationCredentials | None, Depends(BEARER)]


class ApiGate:
    def __init__(self, site: StaffSite) -> None:
        self.site = site

    async def caller(self, credentials: Credentials) -> ApiCaller:
        token = credentials.credentials if credentials is not None else None
        async with self.site.db.reading() as session:
            found = await authenticate(session, token)
        if found is None:
            raise Unauthorized(text("api.unauthorized"))
        if found.use_due:
            async with self.site.db.session() as session:
                await record_use(session, found)
        return found

    def needs(self, scope: ApiScope) -> Callable[..., Awaitable[ApiCaller]]:
        async def scoped(caller: Annotated[ApiCaller, Depends(self.caller)]) -> ApiCaller:
            if not caller.allows(scope):
                raise MissingScope(text("api.missing_scope").format(scope=scope))
            return caller

        return scoped

    def origin(self, request: Request, caller: ApiCaller) -> Origin:
        """For the desk's audit entry: the client (as the person it acts as), its address, "api"."""
        address = client_of(request, self.site.proxies).address
        return Origin(actor=caller.principal, ip=address or None, channel="api")
