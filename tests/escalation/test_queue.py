"""The officers' queue as an officer reads it: late tickets first, then the nearest deadline, then
those waiting for the citizen; only the viewer's units; filters, search and counts."""

from __future__ import annotations

from datetime import timedelta
from zoneinfo import ZoneInfo

from core.clock import FrozenClock
from core.db import Database
from escalation import EscalationListener, desk
from escalation.desk.queue import QueueFilter, officer_queue
from tanggap.cli_queue import queue_lines
from tests.escalation.conftest import load, open_ticket
from tests.sla.conftest import clock_of
from tickets import TicketKind


async def test_late_first_then_the_nearest_deadline_then_those_waiting_for_the_citizen(
    db: Database, listener: EscalationListener, clock: FrozenClock
) -> None:
    waiting = await open_ticket(db, listener, description="Lampu jalan mati di Jl. Kenanga.")
    oldest = await open_ticket(db, listener, description="Jalan berlubang di Jl. Mawar.")
    clock.advance(hours=1)
    comment = await open_ticket(db, listener, kind=TicketKind.COMMENT, description="Got mampet di pasar.")
    async with db.session() as session:
        await desk.ask_citizen(
            session,
            ticket=(await load(db, waiting)).code,
            person_id="petugas-pupr",
            question="Mohon kirimkan nomor tiang lampunya.",
            context=listener.context,
        )
    due = (await clock_of(db, oldest, "first_response")).due_at
    clock.set(due + timedelta(minutes=5))
    newest = await open_ticket(db, listener, description="Trotoar rusak di Jl. Melati.")

    async with db.session() as session:
        queue = await officer_queue(session, units={"pupr"})
    urgencies = [item.urgency for item in queue.items]
    assert urgencies == sorted(urgencies, key=["late", "running", "paused"].index)
    late = [item for item in queue.items if item.urgency == "late"]
    assert oldest in {item.ticket_id for item in late}
    assert comment not in {item.ticket_id for item in queue.items if item.urgency == "paused"}
    assert newest in {item.ticket_id for item in queue.items if item.urgency == "running"}
    assert queue.items[-1].ticket_id == waiting
    assert queue.items[-1].urgency == "paused"
    for group in ("late", "running"):
        deadlines = [item.due_at for item in queue.items if item.urgency == group]
        assert deadlines == sorted(deadlines), f"the most urgent {group} ticket first"  # type: ignore[type-var]
    assert queue.late == len(late)
    assert queue.counts["waiting_citizen"] == 1
    assert queue.total == 4


async def test_an_officer_sees_only_their_units_tickets(db: Database, listener: EscalationListener) -> None:
    road = await open_ticket(db, listener, unit_id="pupr")
    water = await open_ticket(db, listener, unit_id="pdam", description="Air PDAM tidak mengalir dua hari.")
    async with db.session() as session:
        mine = await officer_queue(session, units={"pupr"})
        everything = await officer_queue(session, units=None)
        nothing = await officer_queue(session, units=set())
    assert [item.ticket_id for item in mine.items] == [road]
    assert mine.total == 1
    assert {item.ticket_id for item in everything.items} == {road, water}
    assert (nothing.items, nothing.total) == ([], 0)


async def test_filters_mine_search_by_code_or_words_and_paging(
    db: Database, listener: EscalationListener
) -> None:
    first = await open_ticket(db, listener, description="Jalan berlubang di depan SDN 3 Jl. Mawar.")
    second = await open_ticket(db, listener, description="Drainase meluap tiap hujan di Jl. Anggrek.")
    async with db.session() as session:
        code = (await load(db, second)).code
        await desk.claim(session, ticket=code, person_id="petugas-pupr", context=listener.context)
    async with db.session() as session:
        mine = await officer_queue(session, units={"pupr"}, filters=QueueFilter(assignee="petugas-pupr"))
        unassigned = await officer_queue(session, units={"pupr"}, filters=QueueFilter(unassigned=True))
        by_code = await officer_queue(session, units={"pupr"}, filters=QueueFilter(search=code.lower()))
        by_words = await officer_queue(session, units={"pupr"}, filters=QueueFilter(search="sdn mawar"))
        by_wildcard = await officer_queue(session, units={"pupr"}, filters=QueueFilter(search="%"))
        page = await officer_queue(session, units={"pupr"}, filters=QueueFilter(limit=1, offset=1))
        resolved_only = await officer_queue(
            session, units={"pupr"}, filters=QueueFilter(statuses=frozenset({"resolved"}))
        )
    assert [item.ticket_id for item in mine.items] == [second]
    assert mine.items[0].status == "in_progress"
    assert [item.ticket_id for item in unassigned.items] == [first]
    assert [item.ticket_id for item in by_code.items] == [second]
    assert [item.ticket_id for item in by_words.items] == [first]
    assert by_wildcard.items == [], "a % is a character to look for, not a wildcard"
    assert (len(page.items), page.total) == (1, 2)
    assert resolved_only.total == 0


async def test_the_summary_is_masked_and_on_one_line(db: Database, listener: EscalationListener) -> None:
    await open_ticket(
        db, listener, description="NIK saya 3174012345678901,\nHP 0812-3456-7890. Jalan rusak parah."
    )
    async with db.session() as session:
        (item,) = (await officer_queue(session, units={"pupr"})).items
    assert "3174012345678901" not in item.summary
    assert "3456-7890" not in item.summary
    assert "\n" not in item.summary
    assert "Jalan rusak parah." in item.summary


async def test_the_terminal_queue_shows_deadlines_in_the_agencys_zone(
    db: Database, listener: EscalationListener, clock: FrozenClock
) -> None:
    ticket_id = await open_ticket(db, listener)
    clock.advance(days=30)
    async with db.session() as session:
        lines = queue_lines(await officer_queue(session, units=None), ZoneInfo("Asia/Jakarta"))
    due = (await clock_of(db, ticket_id, "first_response")).due_at.astimezone(ZoneInfo("Asia/Jakarta"))
    assert lines[0] == "1 ticket(s) (open 1); 1 late"
    assert (await load(db, ticket_id)).code in lines[1]
    assert "LATE" in lines[1]
    assert due.strftime("%Y-%m-%d %H:%M") in lines[1]
