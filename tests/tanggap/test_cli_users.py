"""`tanggap user ...`: the first admin, listing, password resets, disabling, the accounts of the
people in escalation.yaml; bad input is one clear line and exit 1, never a traceback."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest
from typer.testing import CliRunner, Result

from core.db import Database
from escalation.staff import repository
from escalation.staff.auth import StaffAuth
from escalation.staff.signin import Outcome, sign_in
from tanggap.cli import app
from tests.escalation.staff.conftest import cheap_settings

runner = CliRunner()
PASSWORD = "kunci-rahasia-panjang-2026"


@pytest.fixture(autouse=True)
def environment(db: Database, database_url: str, monkeypatch: pytest.MonkeyPatch) -> None:
    """The commands on the (emptied) test database, with a cheap argon2 cost."""
    monkeypatch.setenv("TANGGAP_DATABASE_URL", database_url)
    monkeypatch.setenv("TANGGAP_STAFF_ARGON2_TIME_COST", "1")
    monkeypatch.setenv("TANGGAP_STAFF_ARGON2_MEMORY_KIB", "1024")
    monkeypatch.setenv("TANGGAP_STAFF_ARGON2_PARALLELISM", "1")


def user(*args: str, password: str | None = None) -> Result:
    typed = None if password is None else password + "\n"
    return runner.invoke(app, ["user", *args], input=typed)


def outcome(database_url: str, username: str, password: str = PASSWORD) -> Outcome:
    async def attempt() -> Outcome:
        database = Database(database_url)
        try:
            async with database.session() as session:
                auth = StaffAuth(settings=cheap_settings())
                found = await sign_in(
                    session, auth, username=username, password=password, ip=None, user_agent=None
                )
                return found.outcome
        finally:
            await database.dispose()

    return asyncio.run(attempt())


def audit_actions(database_url: str) -> list[tuple[str, str, str | None]]:
    async def read() -> list[tuple[str, str, str | None]]:
        database = Database(database_url)
        try:
            async with database.session() as session:
                entries = await repository.audit_entries(session)
                return [(e.action, e.actor, e.channel) for e in reversed(entries)]
        finally:
            await database.dispose()

    return asyncio.run(read())


def test_the_first_admin_is_created_and_listed(database_url: str) -> None:
    assert "No accounts yet" in user("list").output
    result = user("add", "Admin", "--role", "admin", "--password-stdin", password=PASSWORD)
    assert result.exit_code == 0, result.output
    assert "Account admin (admin) created." in result.output
    listed = user("list").output
    assert "admin" in listed
    assert "no 2FA" in listed
    assert outcome(database_url, "admin") == Outcome.ENROL  # an admin must enrol a second factor
    assert ("account_created", "operator:cli", "cli") in audit_actions(database_url)


def test_the_password_is_asked_twice_at_the_prompt(database_url: str) -> None:
    result = runner.invoke(app, ["user", "add", "rina"], input=f"{PASSWORD}\n{PASSWORD}\n")
    assert result.exit_code == 0, result.output
    assert outcome(database_url, "rina") == Outcome.SIGNED_IN


@pytest.mark.parametrize(
    ("args", "password", "message"),
    [
        (
            ["add", "rina", "--role", "raja"],
            None,
            "unknown role 'raja' (known: officer, unit_head, supervisor, admin)",
        ),
        (["add", "rina", "--password-stdin"], "pendek", "at least 12 characters"),
        (["add", "Rina Sari", "--password-stdin"], PASSWORD, "cannot be a username"),
        (["add", "rina", "--person", "siapa", "--password-stdin"], PASSWORD, "no person 'siapa'"),
        (["reset-password", "tidak-ada", "--password-stdin"], PASSWORD, "no account named 'tidak-ada'"),
        (["disable", "tidak-ada"], None, "no account named 'tidak-ada'"),
    ],
)
def test_bad_input_is_one_clear_line(args: list[str], password: str | None, message: str) -> None:
    result = user(*args, password=password)
    assert result.exit_code == 1
    assert message in result.output
    assert "Traceback" not in result.output
    assert "No accounts yet" in user("list").output


def test_a_duplicate_username_is_refused(database_url: str) -> None:
    assert user("add", "rina", "--password-stdin", password=PASSWORD).exit_code == 0
    again = user("add", "RINA", "--password-stdin", password="kata-sandi-lain-2026")
    assert again.exit_code == 1
    assert "an account named 'rina' already exists" in again.output
    assert outcome(database_url, "rina") == Outcome.SIGNED_IN


def test_reset_password_and_disable(database_url: str) -> None:
    user("add", "rina", "--password-stdin", password=PASSWORD)
    reset = user("reset-password", "rina", "--password-stdin", password="kata-sandi-baru-2026")
    assert reset.exit_code == 0, reset.output
    assert outcome(database_url, "rina") == Outcome.REFUSED
    assert outcome(database_url, "rina", "kata-sandi-baru-2026") == Outcome.SIGNED_IN
    assert user("disable", "rina").exit_code == 0
    assert outcome(database_url, "rina", "kata-sandi-baru-2026") == Outcome.REFUSED
    assert "disabled" in user("list").output
    assert user("enable", "rina").exit_code == 0
    assert outcome(database_url, "rina", "kata-sandi-baru-2026") == Outcome.SIGNED_IN


def test_people_of_the_directory_get_accounts_usable_once_a_password_is_set(
    database_url: str, sample_kb_path: Path
) -> None:
    result = user("sync-people", "--kb", str(sample_kb_path))
    assert result.exit_code == 0, result.output
    assert "18 account(s) created" in result.output
    listed = user("list").output
    assert "asisten-pemerintahan     supervisor" in listed
    assert "kadis-pupr               unit_head" in listed
    assert "petugas-pupr             officer" in listed
    assert outcome(database_url, "petugas-pupr", "") == Outcome.REFUSED
    assert user("reset-password", "petugas-pupr", "--password-stdin", password=PASSWORD).exit_code == 0
    assert outcome(database_url, "petugas-pupr") == Outcome.SIGNED_IN
    again = user("sync-people", "--kb", str(sample_kb_path))
    assert "0 account(s)" in again.output


def test_two_factor_can_be_turned_off_for_a_lost_phone(database_url: str) -> None:
    user("add", "hendra", "--role", "supervisor", "--password-stdin", password=PASSWORD)
    result = user("reset-2fa", "hendra")
    assert result.exit_code == 0, result.output
    assert "turned off" in result.output
    assert ("two_factor_reset", "operator:cli", "cli") in audit_actions(database_url)
    assert user("reset-2fa", "siapa").exit_code == 1
