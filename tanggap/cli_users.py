"""`tanggap user ...`: staff accounts from the server's command line (the first admin, password
resets, the accounts of the people in `escalation.yaml`). Bad input gets one clear line, exit 1."""

from __future__ import annotations

import asyncio
import sys
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Annotated, TypeVar

import typer
from sqlalchemy.ext.asyncio import AsyncSession

from core.db import Database
from core.errors import TanggapError
from core.settings import CoreSettings
from escalation import load_escalation_config, sync_directory
from escalation.staff.accounts import (
    AccountInfo,
    create_account,
    list_accounts,
    parse_role,
    reset_two_factor,
    set_disabled,
    set_password,
    sync_people_accounts,
    valid_username,
)
from escalation.staff.auth import StaffAuth
from escalation.staff.settings import StaffSettings
from tanggap import migrate

T = TypeVar("T")
user_app = typer.Typer(help="Staff accounts (akun petugas).", no_args_is_help=True)

PasswordStdin = Annotated[
    bool, typer.Option("--password-stdin", help="Read the password from the first line of standard input.")
]


def _run(work: Callable[[AsyncSession, StaffAuth], Awaitable[T]]) -> T:
    """Migrate, then run `work` in one transaction; a refusal is printed (no traceback), exit 1."""
    url = CoreSettings().resolved_database_url()
    migrate.upgrade(url)
    auth = StaffAuth(settings=StaffSettings())

    async def transaction() -> T:
        database = Database(url)
        try:
            async with database.session() as session:
                return await work(session, auth)
        finally:
            await database.dispose()

    try:
        return asyncio.run(transaction())
    except TanggapError as error:
        typer.echo(f"Error: {error.message}", err=True)
        raise typer.Exit(code=1) from None


def _password(from_stdin: bool) -> str:
    if from_stdin:
        line = sys.stdin.readline()
        return line[:-1] if line.endswith("\n") else line
    value: str = typer.prompt("Password", hide_input=True, confirmation_prompt=True)
    return value


def _line(row: AccountInfo) -> str:
    state = "disabled" if row.disabled else "active"
    if not row.has_password:
        state += ", no password"
    if row.locked_until is not None:
        state += f", locked until {row.locked_until:%Y-%m-%d %H:%M} UTC"
    two_factor = "2FA" if row.two_factor else "no 2FA"
    return f"{row.username:<24} {row.role.value:<11} {row.person_id or '-':<24} {two_factor:<7} {state}"


@user_app.command("add")
def add(
    username: Annotated[str, typer.Argument(help="Lower-case letters, digits, '.', '_' or '-'.")],
    role: Annotated[str, typer.Option(help="officer, unit_head, supervisor or admin.")] = "officer",
    person: Annotated[
        str | None, typer.Option("--person", help="The person's id in escalation.yaml.")
    ] = None,
    password_stdin: PasswordStdin = False,
) -> None:
    """Create an account (the first admin: --role admin)."""
    try:
        parsed, name = parse_role(role), valid_username(username)
    except TanggapError as error:  # before the password is asked for
        typer.echo(f"Error: {error.message}", err=True)
        raise typer.Exit(code=1) from None
    password = _password(password_stdin)

    async def work(session: AsyncSession, auth: StaffAuth) -> AccountInfo:
        return await create_account(
            session, auth, by=None, username=name, role=parsed, password=password, person_id=person
        )

    row = _run(work)
    typer.echo(f"Account {row.username} ({row.role.value}) created.")


@user_app.command("reset-password")
def reset_password(username: Annotated[str, typer.Argument()], password_stdin: PasswordStdin = False) -> None:
    """Set a new password: the account's sessions end and a lock is lifted."""
    password = _password(password_stdin)
    row = _run(
        lambda session, auth: set_password(session, auth, by=None, username=username, password=password)
    )
    note = "" if not row.disabled else " The account is disabled: `tanggap user enable` to let it sign in."
    typer.echo(f"Password of {row.username} set; its sessions were ended.{note}")


@user_app.command("disable")
def disable(username: Annotated[str, typer.Argument()]) -> None:
    """Disable an account: it cannot sign in, its sessions end at once."""
    row = _run(lambda session, _auth: set_disabled(session, by=None, username=username, disabled=True))
    typer.echo(f"Account {row.username} disabled.")


@user_app.command("enable")
def enable(username: Annotated[str, typer.Argument()]) -> None:
    """Enable a disabled account again."""
    row = _run(lambda session, _auth: set_disabled(session, by=None, username=username, disabled=False))
    typer.echo(f"Account {row.username} enabled.")


@user_app.command("reset-2fa")
def reset_2fa(username: Annotated[str, typer.Argument()]) -> None:
    """Turn two-factor off for someone who lost their phone and recovery codes (they enrol again)."""
    row = _run(lambda session, _auth: reset_two_factor(session, by=None, username=username))
    typer.echo(f"Two-factor sign-in of {row.username} turned off; its sessions were ended.")


@user_app.command("list")
def list_users() -> None:
    """Every account: role, person, two-factor, state."""
    rows = _run(lambda session, _auth: list_accounts(session, by=None))
    if not rows:
        typer.echo("No accounts yet: `tanggap user add USERNAME --role admin` creates the first admin.")
    for row in rows:
        typer.echo(_line(row))


@user_app.command("sync-people")
def sync_people(
    kb: Annotated[Path | None, typer.Option("--kb", help="Knowledge base directory.")] = None,
) -> None:
    """An account for each person in escalation.yaml who has none (disabled until a password is set);
    accounts of people no longer listed are disabled."""
    from tanggap.cli import _check_or_exit, _kb_path  # the command module registers this one

    checked = _check_or_exit(_kb_path(kb))
    config = load_escalation_config(checked.kb)

    async def work(session: AsyncSession, _auth: StaffAuth) -> list[AccountInfo]:
        await sync_directory(session, checked.kb.units, config)
        return await sync_people_accounts(session)

    rows = _run(work)
    for row in rows:
        typer.echo(_line(row))
    typer.echo(
        f"{len(rows)} account(s) created or disabled; set passwords with `tanggap user reset-password`."
    )
