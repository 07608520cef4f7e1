"""`tanggap api-client ...`: the token printed once at `add` works and is never listed; `revoke` ends
it; bad input is one clear line and exit 1, never a traceback."""

from __future__ import annotations

import asyncio

import pytest
from typer.testing import CliRunner, Result

from core.db import Database
from escalation import EscalationListener
from escalation.staff.api_clients import authenticate
from tanggap.cli import app
from tests.escalation.conftest import kb, listener, settings, sla_config, smtp

__all__ = ["kb", "listener", "settings", "sla_config", "smtp"]

runner = CliRunner()


@pytest.fixture(autouse=True)
def environment(
    db: Database, listener: EscalationListener, database_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The commands on the (emptied) test database, with the sample agency's directory."""
    monkeypatch.setenv("TANGGAP_DATABASE_URL", database_url)


def api_client(*args: str) -> Result:
    return runner.invoke(app, ["api-client", *args])


def accepted(database_url: str, token: str) -> bool:
    async def check() -> bool:
        database = Database(database_url)
        try:
            async with database.session() as session:
                return await authenticate(session, token) is not None
        finally:
            await database.dispose()

    return asyncio.run(check())


def test_the_token_is_printed_once_works_and_stops_when_revoked(database_url: str) -> None:
    assert "No API clients yet" in api_client("list").output
    added = api_client(
        "add", "sistem-lapor", "--scope", "tickets:read", "--scope", "tickets:write", "--unit", "pupr",
        "--person", "petugas-pupr",
    )  # fmt: skip
    assert added.exit_code == 0, added.output
    token = added.output.strip().splitlines()[-1]
    assert token.startswith("tgp_")
    assert "sistem-lapor (id 1) created" in added.output
    listed = api_client("list").output
    assert "sistem-lapor" in listed
    assert "tickets:read tickets:write" in listed
    assert "never used" in listed
    assert token not in listed
    assert accepted(database_url, token)
    revoked = api_client("revoke", "1")
    assert revoked.exit_code == 0, revoked.output
    assert "revoked" in api_client("list").output
    assert not accepted(database_url, token)


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["add", "lapor", "--scope", "semua"], "unknown scope 'semua'"),
        (["add", "lapor", "--scope", "tickets:write"], "give --person"),
        (["add", "Sistem Lapor", "--scope", "tickets:read"], "cannot be an API client's name"),
        (["revoke", "99"], "no API client with id 99"),
    ],
)
def test_bad_input_is_one_clear_line(args: list[str], message: str) -> None:
    result = api_client(*args)
    assert result.exit_code == 1
    assert message in result.output
    assert "Traceback" not in result.output
