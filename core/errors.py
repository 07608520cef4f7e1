"""Errors that carry their own meaning: a message for people and an HTTP status for API callers."""

from __future__ import annotations


class TanggapError(Exception):
    status_code = 400
    code = "error"

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class NotFoundError(TanggapError):
    status_code = 404
    code = "not_found"


class ConflictError(TanggapError):
    status_code = 409
    code = "conflict"


class PermissionDeniedError(TanggapError):
    status_code = 403
    code = "forbidden"


class ConfigurationError(TanggapError):
    """The agency's configuration cannot be used; the service must not start on it."""

    status_code = 500
    code = "configuration"

    def __init__(self, message: str, problems: list[str] | None = None) -> None:
        super().__init__(message)
        self.problems = problems or []
