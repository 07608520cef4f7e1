"""Tickets through the API as an integration uses them: its units' tickets only (another unit's is
404 exactly like an unknown code), personal data masked, a reply that reaches the citizen's outbox
and the ticket's history as the client's officer, a resolution, each write in the audit log."""

from __future__ import annotations

from core.clock import FrozenClock
from core.db import Database
from escalation import EscalationListener
from escalation.staff import repository
from escalation.staff.accounts import set_disabled
from escalation.staff.auth import StaffAuth
from tests.escalation.conftest import (
    events,
    kb,
    listener,
    load,
    open_ticket,
    outbox,
    settings,
    sla_config,
    smtp,
)
from tests.escalation.staff.conftest import add_account, auth
from tests.web.api_app import api_app, integration, new_token
from tickets import TicketStatus
from tickets import service as tickets

__all__ = ["auth", "kb", "listener", "settings", "sla_config", "smtp"]

NIK = "3174012345678901"
STORY = f"NIK saya {NIK}. Jalan di depan rumah berlubang besar, motor saya jatuh."


async def test_the_list_holds_the_clients_units_only_late_first(
    db: Database, listener: EscalationListener, clock: FrozenClock
) -> None:
    older = await open_ticket(db, listener, unit_id="pupr", description="Lampu jalan mati sejak sebulan.")
    clock.advance(days=10)
    await open_ticket(db, listener, unit_id="pupr", description=STORY)
    await open_ticket(db, listener, unit_id="disdukcapil", description="KTP-el saya belum jadi.")
    _, token = await new_token(db, "sistem-lapor", "tickets:read", units=["pupr"])
    async with integration(api_app(db), token) as api:
        listed = await api.get("/api/v1/tickets")
        searched = await api.get("/api/v1/tickets", params={"search": "berlubang"})
        elsewhere = await api.get("/api/v1/tickets", params={"unit": "disdukcapil"})
    body = listed.json()
    assert listed.status_code == 200
    assert body["total"] == 2
    assert body["items"][0]["code"] == (await load(db, older)).code
    assert body["items"][0]["urgency"] == "late"
    assert all(item["unit_id"] == "pupr" for item in body["items"])
    assert NIK not in listed.text
    assert [item["summary"] for item in searched.json()["items"]] == [body["items"][1]["summary"]]
    assert elsewhere.json()["total"] == 0


async def test_another_units_ticket_is_not_found_like_an_unknown_code(
    db: Database, listener: EscalationListener
) -> None:
    other = await load(db, await open_ticket(db, listener, unit_id="disdukcapil"))
    sent_before = len(await outbox(db))
    _, token = await new_token(
        db, "sistem-lapor", "tickets:read", "tickets:write", units=["pupr"], person="petugas-pupr"
    )
    app = api_app(db, context=listener.context)
    async with integration(app, token) as api:
        hidden = await api.get(f"/api/v1/tickets/{other.code}")
        unknown = await api.get("/api/v1/tickets/ADU-2026-999999")
        reply = await api.post(f"/api/v1/tickets/{other.code}/reply", json={"text": "Baik."})
    assert (hidden.status_code, unknown.status_code, reply.status_code) == (404, 404, 404)
    assert hidden.json() == unknown.json() == reply.json()
    assert len(await outbox(db)) == sent_before
    async with db.session() as session:
        entries = await repository.audit_entries(session)
        refused = [
            (e.action, e.actor, e.ticket_id, e.detail["code"], e.detail["error"])
            for e in entries
            if e.action != "api_client_created"
        ]
    assert refused == [("api_write_refused", "api:sistem-lapor", None, other.code, "ticket_not_found")]


async def test_a_ticket_reads_masked_with_its_clocks_and_history(
    db: Database, listener: EscalationListener
) -> None:
    ticket = await load(db, await open_ticket(db, listener, unit_id="pupr", description=STORY))
    _, token = await new_token(db, "sistem-lapor", "tickets:read", units=["pupr"])
    async with integration(api_app(db), token) as api:
        shown = await api.get(f"/api/v1/tickets/{ticket.code.lower()}")
    body = shown.json()
    assert shown.status_code == 200
    assert shown.headers["cache-control"] == "no-store"
    assert body["code"] == ticket.code
    assert NIK not in shown.text
    assert "berlubang besar" in body["description"]
    assert {clock["kind"] for clock in body["clocks"]} >= {"first_response", "resolution"}
    assert "routed" in [entry["kind"] for entry in body["timeline"]]


async def test_a_reply_reaches_the_outbox_and_the_history_as_the_clients_officer(
    db: Database, listener: EscalationListener
) -> None:
    ticket_id = await open_ticket(db, listener, unit_id="pupr")
    code = (await load(db, ticket_id)).code
    sent_before = len(await outbox(db))
    _, token = await new_token(
        db, "sistem-lapor", "tickets:read", "tickets:write", units=["pupr"], person="petugas-pupr"
    )
    app = api_app(db, context=listener.context)
    async with integration(app, token) as api:
        answer = await api.post(
            f"/api/v1/tickets/{code}/reply", json={"text": "Tim kami meninjau lokasi besok pagi."}
        )
    assert answer.status_code == 200
    assert answer.json() == {"code": code, "status": "in_progress"}
    messages = await outbox(db)
    assert len(messages) == sent_before + 1
    assert "Tim kami meninjau lokasi besok pagi." in messages[-1].text
    replied = await events(db, ticket_id, "replied")
    assert [event["text"] for event in replied] == ["Tim kami meninjau lokasi besok pagi."]
    assert (await load(db, ticket_id)).first_responded_at is not None
    async with db.session() as session:
        entries = await repository.audit_entries(session, ticket_id=ticket_id)
        seen = [(e.action, e.actor, e.person_id, e.channel) for e in entries]
    assert seen == [("reply", "api:sistem-lapor", "petugas-pupr", "api")]


async def test_resolving_through_the_api_resolves_the_ticket_and_is_audited(
    db: Database, listener: EscalationListener
) -> None:
    ticket_id = await open_ticket(db, listener, unit_id="pupr")
    code = (await load(db, ticket_id)).code
    _, token = await new_token(db, "sistem-lapor", "tickets:write", units=["pupr"], person="petugas-pupr")
    app = api_app(db, context=listener.context)
    async with integration(app, token) as api:
        done = await api.post(f"/api/v1/tickets/{code}/resolve", json={"note": "Jalan sudah ditambal."})
        again = await api.post(f"/api/v1/tickets/{code}/resolve")
    assert done.status_code == 200
    assert done.json()["status"] == TicketStatus.RESOLVED
    assert (await load(db, ticket_id)).status == TicketStatus.RESOLVED
    assert "Jalan sudah ditambal." in (await outbox(db))[-1].text
    assert again.status_code == 409
    async with db.session() as session:
        actions = [e.action for e in await repository.audit_entries(session, ticket_id=ticket_id)]
    assert actions == ["resolve"]


async def test_a_reply_too_long_or_empty_is_refused_with_a_reason_and_nothing_is_sent(
    db: Database, listener: EscalationListener
) -> None:
    code = (await load(db, await open_ticket(db, listener, unit_id="pupr"))).code
    sent_before = len(await outbox(db))
    _, token = await new_token(db, "sistem-lapor", "tickets:write", units=["pupr"], person="petugas-pupr")
    app = api_app(db, context=listener.context)
    async with integration(app, token) as api:
        long = await api.post(f"/api/v1/tickets/{code}/reply", json={"text": "a" * 4001})
        blank = await api.post(f"/api/v1/tickets/{code}/reply", json={"text": "   "})
        fits = await api.post(f"/api/v1/tickets/{code}/reply", json={"text": "a" * 4000})
    assert long.status_code == 422
    assert long.json()["fields"][0]["field"] == "body.text"
    assert "4000" in long.json()["fields"][0]["problem"]
    assert (blank.status_code, blank.json()["detail"]) == (422, "Teks balasan tidak boleh kosong.")
    assert fits.status_code == 200
    assert len(await outbox(db)) == sent_before + 1


async def test_a_client_whose_officer_may_not_act_changes_nothing(
    db: Database, listener: EscalationListener
) -> None:
    code = (await load(db, await open_ticket(db, listener, unit_id="pupr"))).code
    _, everywhere = await new_token(db, "pembaca", "tickets:read", "tickets:write", person="petugas-dukcapil")
    app = api_app(db, context=listener.context)
    async with integration(app, everywhere) as api:
        listed = await api.get("/api/v1/tickets")
        reply = await api.post(f"/api/v1/tickets/{code}/reply", json={"text": "Baik."})
    assert listed.json()["total"] == 0
    assert reply.status_code == 404


async def test_a_client_whose_officers_account_is_disabled_may_no_longer_write(
    db: Database, listener: EscalationListener, auth: StaffAuth
) -> None:
    code = (await load(db, await open_ticket(db, listener, unit_id="pupr"))).code
    _, token = await new_token(db, "sistem-lapor", "tickets:write", units=["pupr"], person="petugas-pupr")
    await add_account(db, auth, "andi", person_id="petugas-pupr")
    async with db.session() as session:
        await set_disabled(session, by=None, username="andi", disabled=True)
    async with integration(api_app(db, context=listener.context), token) as api:
        refused = await api.post(f"/api/v1/tickets/{code}/resolve")
    assert (refused.status_code, refused.json()["error"]) == (403, "may_not_act")
    assert (await load(db, (await _ticket_id(db, code)))).status == TicketStatus.OPEN
    async with db.session() as session:
        latest = (await repository.audit_entries(session, limit=1))[0]
        assert (latest.action, latest.detail["error"]) == ("api_write_refused", "may_not_act")


async def _ticket_id(db: Database, code: str) -> int:
    async with db.session() as session:
        found = await tickets.ticket_by_code(session, code=code)
        assert found is not None
        assert found.id is not None
        return found.id


async def test_a_reply_the_register_rules_flag_is_sent_only_once_its_findings_are_confirmed(
    db: Database, listener: EscalationListener
) -> None:
    ticket_id = await open_ticket(db, listener, unit_id="pupr")
    code = (await load(db, ticket_id)).code
    _, token = await new_token(db, "sistem-lapor", "tickets:write", units=["pupr"], person="petugas-pupr")
    words = "Oke gan, udah kami cek ya, nanti dibenerin."
    async with integration(api_app(db, context=listener.context), token) as api:
        flagged = await api.post(f"/api/v1/tickets/{code}/reply", json={"text": words})
        rules = [finding["rule"] for finding in flagged.json()["findings"]]
        nothing_sent = [message for message in await outbox(db) if words in message.text]
        confirmed = await api.post(f"/api/v1/tickets/{code}/reply", json={"text": words, "confirm": rules})
    assert (flagged.status_code, flagged.json()["error"]) == (422, "register_findings")
    assert "sapaan-tidak-resmi" in rules
    assert all(finding["suggestion"] is not None for finding in flagged.json()["findings"])
    assert nothing_sent == []
    assert confirmed.status_code == 200
    assert len([message for message in await outbox(db) if words in message.text]) == 1
    assert (await events(db, ticket_id, "replied"))[0]["register_confirmed"] == rules


async def test_a_reply_sent_again_with_its_key_is_sent_once(
    db: Database, listener: EscalationListener
) -> None:
    ticket_id = await open_ticket(db, listener, unit_id="pupr")
    code = (await load(db, ticket_id)).code
    _, token = await new_token(db, "sistem-lapor", "tickets:write", units=["pupr"], person="petugas-pupr")
    sent = {"text": "Tim kami meninjau lokasi besok pagi.", "key": "lapor-778899"}
    async with integration(api_app(db, context=listener.context), token) as api:
        first = await api.post(f"/api/v1/tickets/{code}/reply", json=sent)
        again = await api.post(f"/api/v1/tickets/{code}/reply", json=sent)
    assert (first.status_code, again.status_code) == (200, 200)
    assert len([m for m in await outbox(db) if "Tim kami meninjau lokasi besok pagi." in m.text]) == 1
    assert len(await events(db, ticket_id, "replied")) == 1


async def test_control_characters_are_dropped_as_every_channel_drops_them(
    db: Database, listener: EscalationListener
) -> None:
    """Found by schemathesis on PostgreSQL: a NUL byte cannot be stored in a text column."""
    ticket_id = await open_ticket(db, listener, unit_id="pupr")
    code = (await load(db, ticket_id)).code
    _, token = await new_token(db, "sistem-lapor", "tickets:read", "tickets:write", person="petugas-pupr")
    async with integration(api_app(db, context=listener.context), token) as api:
        searched = await api.get("/api/v1/tickets", params={"search": "jalan\x00", "unit": "pupr\x00"})
        only_nul = await api.post(f"/api/v1/tickets/{code}/reply", json={"text": "\x00\x05"})
        replied = await api.post(
            f"/api/v1/tickets/{code}/reply", json={"text": "Kami\x00 tinjau besok.", "key": "k\x00"}
        )
        resolved = await api.post(f"/api/v1/tickets/{code}/resolve", json={"note": "Sudah\x00 ditambal."})
    assert searched.status_code == 200
    assert searched.json()["total"] == 1
    assert (only_nul.status_code, only_nul.json()["detail"]) == (422, "Teks balasan tidak boleh kosong.")
    assert replied.status_code == 200
    assert [event["text"] for event in await events(db, ticket_id, "replied")] == ["Kami tinjau besok."]
    assert resolved.status_code == 200
