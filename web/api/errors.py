"""The API's refusals, answered as `{"error": code, "detail": text}` by `web.errors` (the detail in
formal Indonesian from web/texts.yaml)."""

from __future__ import annotations

from typing import ClassVar

from core.errors import ConflictError, NotFoundError, PermissionDeniedError, TanggapError


class Unauthorized(TanggapError):
    """No token, an unknown one or a revoked one: the same answer for all three."""

    status_code = 401
    code = "unauthorized"
    headers: ClassVar[dict[str, str]] = {"WWW-Authenticate": 'Bearer realm="tanggap-api"'}


class MissingScope(PermissionDeniedError):
    code = "missing_scope"


class MayNotAct(PermissionDeniedError):
    code = "may_not_act"


class TicketNotFound(NotFoundError):
    """Unknown, or another unit's: the same answer, so a code tells an outsider nothing."""

    code = "ticket_not_found"


class TicketClosed(ConflictError):
    code = "ticket_closed"


class Unprocessable(TanggapError):
    status_code = 422
    code = "invalid_request"


class NotReady(TanggapError):
    """The service started without what the call needs (the escalation context, the SLA calendar)."""

    status_code = 503
    code = "not_ready"
