"""Tickets through the API: the list and one ticket (`tickets:read`), a reply and a resolution
(`tickets:write`, through the desk as the client's person). The client sees what its principal sees
(`escalation.staff.pages`, `escalation.staff.visibility`): another unit's ticket is 404 exactly like
an unknown code. Personal data is masked; the API cannot reveal it.

No `from __future__ import annotations`: FastAPI reads the parameters' types at import."""

from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from dataclasses import replace
from typing import Annotated, Any

from fastapi import APIRouter, Body, Depends, Path, Query, Request
from sqlalchemy.ext.asyncio import AsyncSession

from core.errors import ConflictError, NotFoundError, PermissionDeniedError
from core.text import clean_text
from escalation import EscalationContext, desk
from escalation.desk import Acting, QueueFilter
from escalation.desk.writing import OfficerTextError, checked_text, register_findings, unconfirmed
from escalation.staff.api_clients import ApiCaller, ApiScope, record_refusal
from escalation.staff.audit import Origin
from escalation.staff.pages import queue_for, ticket_page_for
from escalation.staff.principal import Principal
from escalation.staff.visibility import visible_ticket
from tickets import OPEN_STATUSES, TicketStatus
from web.api.errors import (
    MayNotAct,
    NotReady,
    RegisterFindings,
    TicketClosed,
    TicketNotFound,
    Unprocessable,
)
from web.api.gate import ApiGate
from web.api.schemas import ActionDone, ErrorBody, InvalidBody, ReplyIn, ResolveIn, TicketDetail, TicketList
from web.staff.site import StaffSite
from web.texts import text

CODE = Path(min_length=3, max_length=40, pattern=r"^[A-Za-z0-9-]+$", description="ADU-2026-000123")
OPEN = frozenset(str(status) for status in OPEN_STATUSES)
MAX_LIMIT = 200
DeskCall = Callable[[AsyncSession, int, Origin], Awaitable[Acting]]

ERRORS: dict[int | str, dict[str, Any]] = {
    401: {"model": ErrorBody, "description": "No token, an unknown one or a revoked one."},
    403: {"model": ErrorBody, "description": "The token lacks the scope (or its person may not act)."},
    422: {"model": InvalidBody, "description": "Invalid; or a reply's register findings to confirm."},
}
TICKET_ERRORS: dict[int | str, dict[str, Any]] = {
    **ERRORS,
    404: {"model": ErrorBody, "description": "No such ticket, or one the client may not see."},
}
WRITE_ERRORS: dict[int | str, dict[str, Any]] = {
    **TICKET_ERRORS,
    409: {"model": ErrorBody, "description": "The ticket is closed."},
    503: {"model": ErrorBody, "description": "The service runs without the desk."},
}


def build_ticket_routes(site: StaffSite, gate: ApiGate) -> APIRouter:
    router = APIRouter(tags=["tickets"])
    Reader = Annotated[ApiCaller, Depends(gate.needs(ApiScope.TICKETS_READ))]
    Writer = Annotated[ApiCaller, Depends(gate.needs(ApiScope.TICKETS_WRITE))]

    @router.get("/tickets", responses=ERRORS)
    async def list_tickets(
        caller: Reader,
        status: Annotated[list[TicketStatus] | None, Query(description="Default: the open ones.")] = None,
        unit: Annotated[str | None, Query(max_length=64)] = None,
        search: Annotated[str, Query(max_length=100, description="A code or words of the text.")] = "",
        page: Annotated[int, Query(ge=1, le=10_000)] = 1,
        limit: Annotated[int, Query(ge=1, le=MAX_LIMIT)] = 50,
    ) -> TicketList:
        """The tickets the client sees, the most urgent first (late, then by deadline)."""
        filters = QueueFilter(
            statuses=frozenset(str(s) for s in status) if status else OPEN,
            search=clean_text(search),
            limit=limit,
            offset=(page - 1) * limit,
        )
        async with site.db.reading() as session:
            chosen = narrowed(caller.principal, clean_text(unit) if unit is not None else None)
            queue = await queue_for(session, chosen, filters=filters)
        return TicketList.of(queue, page=page, limit=limit)

    @router.get("/tickets/{code}", responses=TICKET_ERRORS)
    async def get_ticket(caller: Reader, code: Annotated[str, CODE]) -> TicketDetail:
        """One ticket: its facts, conversation, history and SLA clocks (personal data masked)."""
        async with _desk_answers(), site.db.reading() as session:
            page = await ticket_page_for(session, caller.principal, ticket=code.upper())
        return TicketDetail.of(page)

    @router.post("/tickets/{code}/reply", responses=WRITE_ERRORS)
    async def reply(
        request: Request, caller: Writer, code: Annotated[str, CODE], body: ReplyIn
    ) -> ActionDone:
        """Write to the citizen as the client's person: queued to the citizen's channel, recorded in
        the ticket's history, counted as the response for the SLA, audited."""
        context, person = _context(), _person(caller)
        words = _checked(body, context)

        async def work(session: AsyncSession, ticket_id: int, origin: Origin) -> Acting:
            return await desk.reply(
                session,
                ticket=ticket_id,
                person_id=person,
                text=words,
                context=context,
                origin=origin,
                form_key=body.key or None,
                register_confirmed=tuple(body.confirm),
            )

        return await _act(request, caller, code, "reply", work)

    @router.post("/tickets/{code}/resolve", responses=WRITE_ERRORS)
    async def resolve(
        request: Request,
        caller: Writer,
        code: Annotated[str, CODE],
        body: Annotated[ResolveIn | None, Body()] = None,
    ) -> ActionDone:
        """Resolve as the client's person: the clocks stop, the citizen is told and asked to rate."""
        context, person = _context(), _person(caller)
        note = ((body.note or "").strip() if body is not None else "") or None

        async def work(session: AsyncSession, ticket_id: int, origin: Origin) -> Acting:
            return await desk.resolve(
                session, ticket=ticket_id, person_id=person, context=context, note=note, origin=origin
            )

        return await _act(request, caller, code, "resolve", work)

    async def _act(request: Request, caller: ApiCaller, code: str, call: str, work: DeskCall) -> ActionDone:
        """The desk call on a ticket the client sees, in one transaction; a refusal is audited in a
        transaction of its own (the call's rolled back) and answered."""
        origin = gate.origin(request, caller)
        try:
            async with _desk_answers(), site.db.session() as session:
                found = await visible_ticket(session, caller.principal, code.upper())
                acting = await work(session, int(found.id or 0), origin)
                done = ActionDone(code=acting.ticket.code, status=str(acting.ticket.status))
        except (TicketNotFound, MayNotAct, TicketClosed) as refused:
            async with site.db.session() as session:
                await record_refusal(session, caller, call=call, code=code, error=refused.code, ip=origin.ip)
            raise
        return done

    def _context() -> EscalationContext:
        if site.escalation is None:
            raise NotReady(text("api.not_ready"))
        return site.escalation

    return router


def narrowed(principal: Principal, unit: str | None) -> Principal:
    """The principal seeing only `unit` (when given, and only if it sees that unit at all)."""
    if unit is None:
        return principal
    return replace(principal, units=frozenset({unit}) if principal.sees_unit(unit) else frozenset())


def _checked(body: ReplyIn, context: EscalationContext) -> str:
    """The reply as it will be sent, or the reason it cannot go: empty, or register findings the client
    has not confirmed (the same check as the staff pages' reply form)."""
    try:
        words = checked_text(body.text)
    except OfficerTextError:
        raise Unprocessable(text("api.reply_empty")) from None
    findings = unconfirmed(register_findings(words, context=context), body.confirm)
    if findings:
        raise RegisterFindings(text("api.register_findings"), findings)
    return words


def _person(caller: ApiCaller) -> str:
    if caller.principal.person_id is None:
        raise MayNotAct(text("api.acts_as_nobody"))
    return caller.principal.person_id


@asynccontextmanager
async def _desk_answers() -> AsyncIterator[None]:
    """The desk's refusals in the API's words (an unknown ticket and another unit's: the same)."""
    try:
        yield
    except NotFoundError:
        raise TicketNotFound(text("api.ticket_not_found")) from None
    except PermissionDeniedError:
        raise MayNotAct(text("api.may_not_act")) from None
    except ConflictError:
        raise TicketClosed(text("api.ticket_closed")) from None
