"""What the ticket routes take and answer, as pydantic models: the OpenAPI schema documents them and
schemathesis checks the answers against them. Personal data in texts is masked (`core.privacy`); the
API has no way to reveal it."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any

from pydantic import AfterValidator, BaseModel, Field

from core.text import clean_text
from escalation.desk import Queue, QueueItem
from escalation.desk.ticket_page import ClockView, Entry, TicketPage
from escalation.desk.writing import MAX_CHARACTERS

MAX_TEXT = MAX_CHARACTERS
"""Characters of a reply or a resolution note (the desk's limit: one message of the citizen's channel)."""


class ErrorBody(BaseModel):
    error: str = Field(description="A stable code: unauthorized, missing_scope, ticket_not_found, ...")
    detail: str = Field(description="What went wrong, for a person (formal Indonesian).")


class FieldProblem(BaseModel):
    field: str
    problem: str


class FindingOut(BaseModel):
    rule: str = Field(description="The rule's id: send it in `confirm` to send the reply as it is.")
    title: str
    message: str
    suggestion: str
    found: str = Field(description="What the rule points at (masked when it is personal data).")


class InvalidBody(ErrorBody):
    fields: list[FieldProblem] = Field(default_factory=list, description="The fields at fault.")
    findings: list[FindingOut] = Field(
        default_factory=list, description="With `register_findings`: what the register rules flag."
    )


class TicketSummary(BaseModel):
    code: str
    status: str
    channel: str
    kind: str
    category: str | None
    unit_id: str | None
    priority: str
    summary: str = Field(description="The citizen's text, personal data masked, shortened.")
    opened: datetime
    assignee_id: str | None
    level: int = Field(description="Where it stands in its unit's escalation chain (0: the unit's officers).")
    urgency: str = Field(description="late, running, paused (waiting for the citizen) or none.")
    due_at: datetime | None

    @classmethod
    def of(cls, item: QueueItem) -> TicketSummary:
        fields = {name: getattr(item, name) for name in cls.model_fields}
        return cls(**fields)


class TicketList(BaseModel):
    items: list[TicketSummary]
    total: int = Field(description="Tickets the filters select, every page.")
    late: int
    counts: dict[str, int] = Field(description="Tickets per status among those selected.")
    page: int
    limit: int

    @classmethod
    def of(cls, queue: Queue, *, page: int, limit: int) -> TicketList:
        items = [TicketSummary.of(item) for item in queue.items]
        return cls(
            items=items, total=queue.total, late=queue.late, counts=queue.counts, page=page, limit=limit
        )


class EntryOut(BaseModel):
    at: datetime
    kind: str
    actor: str
    text: str | None = Field(description="Words of the citizen or an officer, personal data masked.")
    data: dict[str, Any]

    @classmethod
    def of(cls, entry: Entry) -> EntryOut:
        return cls(at=entry.at, kind=entry.kind, actor=entry.actor, text=entry.text, data=entry.data)


class ClockOut(BaseModel):
    kind: str = Field(description="first_response, next_response or resolution.")
    status: str
    started_at: datetime
    due_at: datetime
    late: bool
    met_at: datetime | None

    @classmethod
    def of(cls, clock: ClockView) -> ClockOut:
        return cls(
            kind=clock.kind,
            status=clock.status,
            started_at=clock.started_at,
            due_at=clock.due_at,
            late=clock.late,
            met_at=clock.met_at,
        )


class PhotoOut(BaseModel):
    content_type: str
    size_bytes: int
    added_at: datetime


class TicketDetail(BaseModel):
    code: str
    status: str
    channel: str
    kind: str
    category: str | None
    unit_id: str | None
    level: int
    assignee_id: str | None
    priority: str
    confidential: bool
    anonymous: bool
    description: str = Field(description="Personal data masked.")
    location: str | None
    citizen_initials: str | None = Field(description="The citizen's initials; None when anonymous.")
    opened: datetime
    first_responded_at: datetime | None
    resolved_at: datetime | None
    transcript: list[EntryOut]
    timeline: list[EntryOut]
    clocks: list[ClockOut]
    photos: list[PhotoOut]

    @classmethod
    def of(cls, page: TicketPage) -> TicketDetail:
        return cls(
            code=page.code,
            status=page.status,
            channel=page.channel,
            kind=page.kind,
            category=page.category,
            unit_id=page.unit_id,
            level=page.level,
            assignee_id=page.assignee_id,
            priority=page.priority,
            confidential=page.confidential,
            anonymous=page.anonymous,
            description=page.description,
            location=page.location,
            citizen_initials=page.citizen_name,
            opened=page.opened,
            first_responded_at=page.first_responded_at,
            resolved_at=page.resolved_at,
            transcript=[EntryOut.of(entry) for entry in page.transcript],
            timeline=[EntryOut.of(entry) for entry in page.timeline],
            clocks=[ClockOut.of(clock) for clock in page.clocks],
            photos=[
                PhotoOut(content_type=p.content_type, size_bytes=p.size_bytes, added_at=p.added_at)
                for p in page.photos
            ],
        )


Clean = Annotated[str, AfterValidator(clean_text)]
"""Text from outside, as every channel takes it (`core.text.clean_text`): NFC, no control characters
(a NUL byte cannot be stored in PostgreSQL text), trimmed."""


class ReplyIn(BaseModel):
    text: Clean = Field(min_length=1, max_length=MAX_TEXT, description="Wrapped in the agency's greeting.")
    confirm: list[Annotated[Clean, Field(max_length=64)]] = Field(
        default_factory=list,
        max_length=32,
        description="Register rules whose findings were seen and are confirmed (their `rule` ids).",
    )
    key: Clean | None = Field(
        default=None,
        min_length=1,
        max_length=64,
        description="Idempotency key: a reply sent again with the same key on the ticket is sent once.",
    )


class ResolveIn(BaseModel):
    note: Clean | None = Field(default=None, max_length=MAX_TEXT, description="Told to the citizen.")


class ActionDone(BaseModel):
    code: str
    status: str = Field(description="The ticket's status after the action.")
