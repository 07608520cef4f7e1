"""What can go wrong managing staff accounts, each with a message an administrator can act on."""

from __future__ import annotations

from core.errors import ConflictError, NotFoundError, PermissionDeniedError, TanggapError


class AccountExistsError(ConflictError):
    code = "account_exists"


class UnknownAccountError(NotFoundError):
    code = "unknown_account"


class UnknownPersonError(NotFoundError):
    code = "unknown_person"


class ReasonedError(TanggapError):
    """A refusal with a `reason` (a short id the staff pages name in their catalogue) and the `values`
    its text needs (e.g. the minimum length); `message` stays the English line of the command line."""

    def __init__(self, message: str, *, reason: str = "", **values: object) -> None:
        super().__init__(message)
        self.reason = reason
        self.values = values


class WeakPasswordError(ReasonedError):
    status_code = 422
    code = "weak_password"


class InvalidInputError(ReasonedError):
    """A username or role that cannot be used."""

    status_code = 422
    code = "invalid_input"


class NotAllowedError(PermissionDeniedError):
    """The principal may not do this (managing users is for admins)."""

    code = "not_allowed"


class ApiClientExistsError(ConflictError):
    code = "api_client_exists"


class UnknownApiClientError(NotFoundError):
    code = "unknown_api_client"


class UnknownUnitError(NotFoundError):
    code = "unknown_unit"
