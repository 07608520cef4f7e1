"""API clients: integrations that call the JSON API with a bearer token (docs/security.md, "API
tokens"). Created, listed and revoked by the server's operator (`tanggap api-client ...`); creating
and revoking are audited.

A token is 32 random bytes (`secrets.token_urlsafe`), shown once; only its SHA-256 is stored. A slow
password hash is not needed for a value with 256 bits of entropy: nobody can guess one from its hash.

A client sees the tickets of its units (with the units below them; none given: every unit), never
more than the person it acts as could see. It acts on the desk only as that person (`person_id`), so
the desk's one permission rule (`desk.access.may_act`) decides its replies and resolutions, the
ticket's history names that officer, and deactivating the person or disabling their account stops
the client's writes too. A client with `tickets:write` must be bound to a person."""

from __future__ import annotations

import hashlib
import hmac
import re
import secrets
from collections.abc import Collection, Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum

from sqlalchemy.ext.asyncio import AsyncSession

from core import clock
from escalation import repository as directory
from escalation.models import MemberRole
from escalation.staff import api_repository as repository
from escalation.staff.audit import AuditAction, audit
from escalation.staff.errors import (
    ApiClientExistsError,
    InvalidInputError,
    UnknownApiClientError,
    UnknownPersonError,
    UnknownUnitError,
)
from escalation.staff.models import ApiClient
from escalation.staff.principal import OPERATOR, Principal, units_of_person, with_units_below

TOKEN_PREFIX = "tgp_"
"""Makes a leaked token recognisable (secret scanners, logs) and a wrong header fail fast."""
MAX_TOKEN_LENGTH = 128
NAME = re.compile(r"^[a-z0-9][a-z0-9._-]{1,63}$")
USE_RECORDED_EVERY = timedelta(minutes=1)
CLI = "cli"


class ApiScope(StrEnum):
    TICKETS_READ = "tickets:read"
    TICKETS_WRITE = "tickets:write"
    METRICS_READ = "metrics:read"


@dataclass(frozen=True)
class ApiClientInfo:
    id: int
    name: str
    scopes: tuple[str, ...]
    units: tuple[str, ...] | None
    person_id: str | None
    created_at: datetime
    revoked_at: datetime | None
    last_used_at: datetime | None


@dataclass(frozen=True)
class NewApiClient:
    info: ApiClientInfo
    token: str
    """Shown once; never stored, logged or shown again."""


@dataclass(frozen=True)
class ApiCaller:
    """A client whose token was accepted: its scopes, and the principal it reads as."""

    client_id: int
    name: str
    scopes: frozenset[str]
    principal: Principal
    sees_reports: bool = True
    """Its person may see reports (`sees_reports`); a client with no person: its scope decides."""
    use_due: bool = False
    """Its last use was recorded more than `USE_RECORDED_EVERY` ago (or never): `record_use`."""

    def allows(self, scope: ApiScope) -> bool:
        return str(scope) in self.scopes


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def parse_scopes(values: Iterable[str]) -> tuple[str, ...]:
    scopes: list[str] = []
    for value in values:
        try:
            scope = str(ApiScope(value.strip().lower()))
        except ValueError:
            known = ", ".join(scope.value for scope in ApiScope)
            raise InvalidInputError(f"unknown scope {value!r} (known: {known})") from None
        if scope not in scopes:
            scopes.append(scope)
    if not scopes:
        raise InvalidInputError("an API client needs at least one scope (--scope)")
    return tuple(scopes)


async def create_client(
    session: AsyncSession,
    *,
    name: str,
    scopes: Iterable[str],
    units: Collection[str] = (),
    person_id: str | None = None,
) -> NewApiClient:
    """A new client and its token. `units` empty: every unit."""
    clean = _valid_name(name)
    chosen = parse_scopes(scopes)
    if str(ApiScope.TICKETS_WRITE) in chosen and person_id is None:
        raise InvalidInputError("a client with tickets:write acts as a person: give --person")
    if await repository.api_client_by_name(session, clean) is not None:
        raise ApiClientExistsError(f"an API client named {clean!r} already exists (names are never reused)")
    await _check_directory(session, units, person_id)
    if str(ApiScope.METRICS_READ) in chosen and not await sees_reports(session, person_id):
        raise InvalidInputError(
            f"{person_id!r} is an officer and officers do not see reports: bind a client with metrics:read "
            "to a unit head or the supervisor, or to no person"
        )
    token = TOKEN_PREFIX + secrets.token_urlsafe(32)
    client = ApiClient(
        name=clean,
        token_hash=token_hash(token),
        scopes=list(chosen),
        units=sorted(set(units)) or None,
        person_id=person_id,
        created_at=clock.now(),
    )
    session.add(client)
    await session.flush()
    detail = {"client": client.id, "name": clean, "scopes": list(chosen), "units": client.units}
    await audit(
        session, OPERATOR, AuditAction.API_CLIENT_CREATED, detail={**detail, "person": person_id}, channel=CLI
    )
    return NewApiClient(info=info(client), token=token)


async def revoke_client(session: AsyncSession, *, client_id: int) -> ApiClientInfo:
    """Its token is refused from the next request on. Revoking twice changes nothing more."""
    client = await repository.lock_api_client(session, client_id)
    if client is None:
        raise UnknownApiClientError(f"no API client with id {client_id}")
    if client.revoked_at is None:
        client.revoked_at = clock.now()
        await session.flush()
        detail = {"client": client.id, "name": client.name}
        await audit(session, OPERATOR, AuditAction.API_CLIENT_REVOKED, detail=detail, channel=CLI)
    return info(client)


async def list_clients(session: AsyncSession) -> list[ApiClientInfo]:
    return [info(client) for client in await repository.all_api_clients(session)]


async def authenticate(session: AsyncSession, token: str | None) -> ApiCaller | None:
    """The caller a bearer token names; None for no token, an unknown one or a revoked one (the
    caller is not told which). Only reads: a read-only session will do (`record_use` writes)."""
    if not token or len(token) > MAX_TOKEN_LENGTH or not token.startswith(TOKEN_PREFIX):
        return None
    digest = token_hash(token)
    client = await repository.api_client_by_hash(session, digest)
    if client is None or client.id is None or not hmac.compare_digest(client.token_hash, digest):
        return None
    if client.revoked_at is not None:
        return None
    last = client.last_used_at
    return ApiCaller(
        client_id=client.id,
        name=client.name,
        scopes=frozenset(client.scopes),
        principal=await client_principal(session, client),
        sees_reports=await sees_reports(session, client.person_id),
        use_due=last is None or last < clock.now() - USE_RECORDED_EVERY,
    )


async def record_use(session: AsyncSession, caller: ApiCaller) -> None:
    """`last_used_at` now, unless another request recorded a use within the last minute: one write a
    minute per client, not one a request (on SQLite every write transaction takes the one writer lock)."""
    now = clock.now()
    await repository.touch_api_client(session, caller.client_id, now=now, before=now - USE_RECORDED_EVERY)


async def record_refusal(
    session: AsyncSession, caller: ApiCaller, *, call: str, code: str, error: str, ip: str | None
) -> None:
    """A write the desk refused (unknown or hidden ticket, a person who may not act, a closed ticket):
    audited too, so a token used to probe other units' codes shows in the log. No ticket id: the code
    as sent, which may name nothing."""
    detail = {"client": caller.client_id, "call": call, "code": code[:40], "error": error}
    await audit(session, caller.principal, AuditAction.API_WRITE_REFUSED, detail=detail, ip=ip, channel="api")


async def client_principal(session: AsyncSession, client: ApiClient) -> Principal:
    """Its units (with those below them), narrowed to what its person sees."""
    units = None if client.units is None else await with_units_below(session, client.units)
    if client.person_id is not None:
        person_units = await _person_sees(session, client.person_id)
        if person_units is not None:
            units = person_units if units is None else units & person_units
    triage = next((u.id for u in (await directory.all_units(session)).values() if u.is_triage), None)
    return Principal(
        label=f"api:{client.name}",
        person_id=client.person_id,
        units=units,
        sees_unrouted=units is None or (triage is not None and triage in units),
    )


async def sees_reports(session: AsyncSession, person_id: str | None) -> bool:
    """The staff pages' rule for reports, for the person a client acts as: the supervisor and unit
    heads see them, officers do not (an inactive person sees nothing). No person: True."""
    if person_id is None:
        return True
    person = await directory.get_person(session, person_id)
    if person is None or not person.active:
        return False
    if person.is_supervisor:
        return True
    memberships = await directory.memberships(session)
    return any(m.person_id == person_id and m.role == MemberRole.HEAD for m in memberships)


async def _person_sees(session: AsyncSession, person_id: str) -> frozenset[str] | None:
    """None: every unit (the active supervisor)."""
    person = await directory.get_person(session, person_id)
    if person is not None and person.active and person.is_supervisor:
        return None
    return await units_of_person(session, person_id)


async def _check_directory(session: AsyncSession, units: Collection[str], person_id: str | None) -> None:
    known = await directory.all_units(session)
    for unit in units:
        if unit not in known:
            raise UnknownUnitError(f"no unit {unit!r} in the directory (the units of escalation.yaml)")
    if person_id is not None and await directory.get_person(session, person_id) is None:
        raise UnknownPersonError(f"no person {person_id!r} in the directory (the people of escalation.yaml)")


def _valid_name(name: str) -> str:
    clean = name.strip().lower()
    if not NAME.match(clean):
        raise InvalidInputError(
            f"{name!r} cannot be an API client's name: 2-64 characters, letters, digits, '.', '_' or '-'"
        )
    return clean


def info(client: ApiClient) -> ApiClientInfo:
    return ApiClientInfo(
        id=int(client.id or 0),
        name=client.name,
        scopes=tuple(client.scopes),
        units=tuple(client.units) if client.units is not None else None,
        person_id=client.person_id,
        created_at=client.created_at,
        revoked_at=client.revoked_at,
        last_used_at=client.last_used_at,
    )
