"""API clients as the operator creates them: what is refused (an unknown scope, a unit or a person
not in the directory, a writer bound to nobody, a name used before), and what a client's token sees
(its units, never more than its person)."""

from __future__ import annotations

import pytest

from core.db import Database
from core.errors import TanggapError
from escalation import EscalationListener
from escalation.staff.api_clients import authenticate, create_client, list_clients, revoke_client
from tests.escalation.conftest import kb, listener, settings, sla_config, smtp

__all__ = ["kb", "listener", "settings", "sla_config", "smtp"]


async def _create(db: Database, name: str, scopes: list[str], **options: object) -> str:
    async with db.session() as session:
        return (await create_client(session, name=name, scopes=scopes, **options)).token  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("scopes", "options", "said"),
    [
        (["tickets:delete"], {}, "unknown scope 'tickets:delete' (known: tickets:read, tickets:write"),
        ([], {}, "at least one scope"),
        (["tickets:write"], {}, "give --person"),
        (["tickets:read"], {"units": ["dinas-antah"]}, "no unit 'dinas-antah'"),
        (["tickets:read"], {"person_id": "orang-asing"}, "no person 'orang-asing'"),
        (["metrics:read"], {"person_id": "petugas-pupr"}, "officers do not see reports"),
    ],
)
async def test_what_cannot_be_a_client_is_refused_with_a_reason(
    db: Database, listener: EscalationListener, scopes: list[str], options: dict[str, object], said: str
) -> None:
    with pytest.raises(TanggapError) as refused:
        await _create(db, "sistem-lapor", scopes, **options)
    assert said in refused.value.message
    async with db.session() as session:
        assert await list_clients(session) == []


async def test_a_name_is_never_used_twice_even_after_revocation(
    db: Database, listener: EscalationListener
) -> None:
    await _create(db, "sistem-lapor", ["tickets:read"])
    async with db.session() as session:
        first = (await list_clients(session))[0]
        await revoke_client(session, client_id=first.id)
    with pytest.raises(TanggapError) as refused:
        await _create(db, "Sistem-Lapor", ["metrics:read"])
    assert refused.value.code == "api_client_exists"


async def test_a_client_sees_its_units_and_never_more_than_its_person(
    db: Database, listener: EscalationListener
) -> None:
    everything = await _create(db, "kota", ["tickets:read"])
    supervisor_pupr = await _create(
        db, "asisten", ["tickets:read"], units=["pupr"], person_id="asisten-pemerintahan"
    )
    officer_everywhere = await _create(db, "andi", ["tickets:read"], person_id="petugas-pupr")
    officer_elsewhere = await _create(db, "andi-2", ["tickets:read"], units=["dlh"], person_id="petugas-pupr")
    async with db.session() as session:
        seen = {}
        for name, token in [
            ("everything", everything),
            ("supervisor_pupr", supervisor_pupr),
            ("officer_everywhere", officer_everywhere),
            ("officer_elsewhere", officer_elsewhere),
        ]:
            caller = await authenticate(session, token)
            assert caller is not None
            seen[name] = (caller.principal.units, caller.principal.sees_unrouted, caller.principal.actor)
    assert seen == {
        "everything": (None, True, "api:kota"),
        "supervisor_pupr": (frozenset({"pupr"}), False, "api:asisten"),
        "officer_everywhere": (frozenset({"pupr"}), False, "api:andi"),
        "officer_elsewhere": (frozenset(), False, "api:andi-2"),
    }
