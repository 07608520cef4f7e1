"""The API's refusals, answered as `{"error": code, "detail": text}` by `web.errors` (the detail in
formal Indonesian from web/texts.yaml)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, ClassVar

from core.errors import ConflictError, NotFoundError, PermissionDeniedError, TanggapError
from escalation.register import Finding


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


class RegisterFindings(Unprocessable):
    """What the agency's register rules flag in a reply that the client has not confirmed: nothing was
    sent; the findings go back (`extra`) for the text to be fixed or the rules confirmed."""

    code = "register_findings"

    def __init__(self, message: str, findings: Sequence[Finding]) -> None:
        super().__init__(message)
        self.extra: dict[str, Any] = {
            "findings": [
                {
                    "rule": f.rule,
                    "title": f.title,
                    "message": f.message,
                    "suggestion": f.suggestion,
                    "found": f.found,
                }
                for f in findings
            ]
        }


class NotReady(TanggapError):
    """The service started without what the call needs (the escalation context, the SLA calendar)."""

    status_code = 503
    code = "not_ready"
