"""Canned responses as an officer and an agency's admin meet them: filled in for a ticket, limited to
their units, checked by `tanggap kb check`, and written as the register rules want."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from core.db import Database
from core.errors import PermissionDeniedError
from escalation import EscalationListener, check_escalation
from escalation.canned import CannedResponse, canned_for, read_canned, register_findings
from escalation.desk.canned import fill_canned
from faq import KnowledgeBase, load_kb
from tests.escalation.conftest import load, open_ticket
from tickets import Citizen, Ticket


def by_id(kb: KnowledgeBase, response_id: str) -> CannedResponse:
    return next(item for item in read_canned(kb)[0] if item.id == response_id)


def test_the_sample_templates_load_and_follow_the_register_rules(kb: KnowledgeBase) -> None:
    responses, problems = read_canned(kb)
    assert problems == []
    assert len(responses) >= 3
    assert {response.id: register_findings(response) for response in responses} == {
        response.id: [] for response in responses
    }
    assert "jadwal-perbaikan-jalan" not in {item.id for item in canned_for(responses, "pdam")}
    assert "jadwal-perbaikan-jalan" in {item.id for item in canned_for(responses, "pupr")}


async def test_filled_in_with_the_code_unit_deadline_and_the_citizens_name(
    db: Database, listener: EscalationListener, kb: KnowledgeBase
) -> None:
    ticket_id = await open_ticket(db, listener)
    async with db.session() as session:
        ticket = await session.get(Ticket, ticket_id)
        assert ticket is not None
        citizen = await session.get(Citizen, ticket.citizen_id)
        assert citizen is not None
        citizen.display_name = "Budi Santoso"
    code = (await load(db, ticket_id)).code
    async with db.session() as session:
        text = await fill_canned(
            session, ticket=code, response=by_id(kb, "jadwal-perbaikan-jalan"), context=listener.context
        )
    assert "Kami akan mengabari Bapak/Ibu Budi paling lambat " in text
    assert code in text
    assert "Dinas Pekerjaan Umum dan Penataan Ruang" in text
    assert text.rstrip().endswith("WIB.")
    async with db.session() as session:
        ticket = await session.get(Ticket, ticket_id)
        assert ticket is not None
        ticket.anonymous = True
    async with db.session() as session:
        anonymous = await fill_canned(
            session, ticket=code, response=by_id(kb, "diterima-ditinjau"), context=listener.context
        )
    assert anonymous.startswith("Terima kasih, Bapak/Ibu, telah menyampaikan aduan")
    assert "Budi" not in anonymous


async def test_another_units_template_is_refused(
    db: Database, listener: EscalationListener, kb: KnowledgeBase
) -> None:
    ticket_id = await open_ticket(db, listener, unit_id="pdam", description="Air tidak mengalir.")
    async with db.session() as session:
        with pytest.raises(PermissionDeniedError):
            await fill_canned(
                session,
                ticket=ticket_id,
                response=by_id(kb, "jadwal-perbaikan-jalan"),
                context=listener.context,
            )


def test_kb_check_reports_unknown_placeholders_and_units(sample_kb_path: Path, tmp_path: Path) -> None:
    copy = tmp_path / "kb"
    shutil.copytree(sample_kb_path, copy)
    (copy / "canned.yaml").write_text(
        "responses:\n"
        "  - {id: a, title: A, text: 'Yth. {nama}, tiket {nomor} sudah selesai.'}\n"
        "  - {id: b, title: B, units: [pemadam], text: 'Yth. {nama}, selesai.'}\n"
        "  - {id: a, title: C, text: 'Yth. {nama}, selesai.'}\n",
        encoding="utf-8",
    )
    problems = check_escalation(load_kb(copy))
    assert any("unknown placeholder {nomor}" in problem for problem in problems)
    assert any("unknown unit 'pemadam'" in problem for problem in problems)
    assert any("duplicate id" in problem for problem in problems)
