"""escalation.yaml and routing.yaml are checked against the knowledge base, every problem reported with
its file, unit or person, and field."""

from __future__ import annotations

from pathlib import Path

import pytest

from core.db import Database
from escalation import EscalationConfigError, build_listener, check_escalation_dir, load_escalation_config
from escalation.models import MemberRole
from escalation.repository import all_people, all_units, members_of
from faq import load_kb
from sla import SlaConfig
from tests.escalation.conftest import copy_kb


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


class TestConfigErrors:
    def test_the_sample_configuration_is_valid(self, sample_kb_path: Path) -> None:
        assert check_escalation_dir(sample_kb_path) == []

    def test_a_cycle_in_the_unit_hierarchy(self, sample_kb_path: Path, tmp_path: Path) -> None:
        kb = copy_kb(sample_kb_path, tmp_path)
        edit(kb / "units.yaml", "  - id: dlh\n", "  - id: dlh\n    parent: pupr\n")
        edit(kb / "units.yaml", "  - id: pupr\n", "  - id: pupr\n    parent: dlh\n")
        assert check_escalation_dir(kb) == [
            "units.yaml: entry 'dlh' field 'parent': unit hierarchy has a cycle: dlh -> pupr -> dlh"
        ]

    def test_chains_pointing_at_missing_people_units_and_bodies(
        self, sample_kb_path: Path, tmp_path: Path
    ) -> None:
        kb = copy_kb(sample_kb_path, tmp_path)
        edit(
            kb / "escalation.yaml",
            "chain: [officers, head, supervisor, {outside: dewas-pdam}]",
            "chain: [officers, {person: dirut-pdamm}, {head_of: pemkot}, {outside: dewas}, boss]",
        )
        assert check_escalation_dir(kb) == [
            "escalation.yaml: entry 'pdam' field 'chain[4]': unknown level 'boss' (expected one of officers, "
            "head, supervisor, or a mapping person: ID, head_of: UNIT, outside: BODY)",
            "escalation.yaml: entry 'pdam' field 'chain[1]': unknown person 'dirut-pdamm' "
            "(did you mean 'dirut-pdam'?)",
            "escalation.yaml: entry 'pdam' field 'chain[2]': unknown unit 'pemkot'",
            "escalation.yaml: entry 'pdam' field 'chain[3]': unknown outside body 'dewas' "
            "(did you mean 'dewas-pdam'?)",
        ]

    def test_officers_and_heads_must_be_listed_people_and_units_must_exist(
        self, sample_kb_path: Path, tmp_path: Path
    ) -> None:
        kb = copy_kb(sample_kb_path, tmp_path)
        edit(kb / "escalation.yaml", "officers: [petugas-dlh]", "officers: [petugas-dhl]")
        edit(kb / "escalation.yaml", "head: kadis-pupr", "head: kadis-pu")
        edit(kb / "escalation.yaml", "  dishub:\n", "  dishubb:\n")
        problems = check_escalation_dir(kb)
        assert (
            "escalation.yaml: entry 'dlh' field 'officers[0]': unknown person 'petugas-dhl' "
            "(did you mean 'petugas-dlh'?)" in problems
        )
        assert (
            "escalation.yaml: entry 'pupr' field 'head': unknown person 'kadis-pu' "
            "(did you mean 'kadis-pupr'?)" in problems
        )
        assert "escalation.yaml: entry 'dishubb': unknown unit 'dishubb' (did you mean 'dishub'?)" in problems

    def test_bad_email_addresses_and_unknown_fields(self, sample_kb_path: Path, tmp_path: Path) -> None:
        kb = copy_kb(sample_kb_path, tmp_path)
        edit(kb / "escalation.yaml", "emails: [dlh@kotacontoh.go.id]", "emails: [dlh-at-kotacontoh.go.id]")
        edit(
            kb / "escalation.yaml", "email: kadis.pupr@kotacontoh.go.id", "emial: kadis.pupr@kotacontoh.go.id"
        )
        problems = check_escalation_dir(kb)
        assert (
            "escalation.yaml: field 'units.dlh.emails': "
            "'dlh-at-kotacontoh.go.id' is not a valid email address" in problems
        )
        assert "escalation.yaml: field 'people[12].emial': unknown field (did you mean 'email'?)" in problems

    def test_a_missing_supervisor_and_a_triage_unit_nobody_hears(
        self, sample_kb_path: Path, tmp_path: Path
    ) -> None:
        kb = copy_kb(sample_kb_path, tmp_path)
        edit(kb / "escalation.yaml", "supervisor: asisten-pemerintahan", "supervisor: asisten")
        edit(
            kb / "escalation.yaml",
            "    telegram_chat_id: -1001000000001\n    emails: [pengaduan@kotacontoh.go.id]\n",
            "",
        )
        problems = check_escalation_dir(kb)
        assert "escalation.yaml: field 'supervisor': unknown person 'asisten'" in problems
        assert any(
            p.startswith(
                "escalation.yaml: entry 'layanan-pengaduan' field 'telegram_chat_id': the triage unit"
            )
            for p in problems
        )

    def test_routing_rules_for_an_unknown_unit(self, sample_kb_path: Path, tmp_path: Path) -> None:
        kb = copy_kb(sample_kb_path, tmp_path)
        edit(kb / "routing.yaml", "  dishub:\n", "  dishubb:\n")
        assert check_escalation_dir(kb) == [
            "routing.yaml: entry 'dishubb': unknown unit 'dishubb' (did you mean 'dishub'?)"
        ]

    async def test_the_listener_refuses_to_start_on_a_broken_configuration(
        self, db: Database, sample_kb_path: Path, tmp_path: Path
    ) -> None:
        kb = copy_kb(sample_kb_path, tmp_path)
        edit(kb / "escalation.yaml", "head: kadis-pupr", "head: nobody")
        with pytest.raises(EscalationConfigError, match="unknown person 'nobody'"):
            await build_listener(db, kb=load_kb(kb), sla=SlaConfig.__new__(SlaConfig))


class TestHierarchy:
    async def test_a_seksi_uses_its_bidangs_group_and_head(
        self, db: Database, sample_kb_path: Path, tmp_path: Path, clock: object
    ) -> None:
        from escalation.directory import recipients
        from escalation.texts import build_texts
        from escalation.units import sync_directory

        kb_dir = copy_kb(sample_kb_path, tmp_path)
        edit(
            kb_dir / "units.yaml",
            "  - id: pdam\n",
            "  - id: pdam-distribusi\n    name: Bagian Distribusi Perumda\n    scope: Pipa bocor dan pecah.\n"
            "    parent: pdam\n\n  - id: pdam\n",
        )
        kb = load_kb(kb_dir)
        config = load_escalation_config(kb)
        assert [level.kind for level in config.chains["pdam-distribusi"]] == [
            "officers",
            "head",
            "supervisor",
            "outside",
        ]
        async with db.session() as session:
            await sync_directory(session, kb.units, config)
            texts = build_texts(agency="Pemkot", signature="-")
            officers = await recipients(session, unit_id="pdam-distribusi", level=0, texts=texts)
            head = await recipients(session, unit_id="pdam-distribusi", level=1, texts=texts)
            assert officers.telegram == ("-1001000000071",)
            assert head.people == ("dirut-pdam",)
            assert head.label == "Teguh Santoso, kepala Perumda Air Minum Tirta Contoh"
            units = await all_units(session)
            assert units["pdam-distribusi"].parent_id == "pdam"
            people = await all_people(session)
            assert people["asisten-pemerintahan"].is_supervisor
            assert [p.id for p in await members_of(session, "pupr", MemberRole.HEAD)] == ["kadis-pupr"]
