"""What can go wrong managing staff accounts, each with a message an administrator can act on."""

from __future__ import annotations

from core.errors import ConflictError, NotFoundError, PermissionDeniedError, TanggapError


class AccountExistsError(ConflictError):
    code = "account_exists"


class UnknownAccountError(NotFoundError):
    code = "unknown_account"


class UnknownPersonError(NotFoundError):
    code = "unknown_person"


class WeakPasswordError(TanggapError):
    status_code = 422
    code = "weak_password"


class InvalidInputError(TanggapError):
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
