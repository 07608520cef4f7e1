"""Rendering a staff page: Jinja2 templates in web/templates/staff/ (autoescaped), every page given
the agency's name, the catalogue (`t(key)`), the signed-in staff (for the header and the CSRF token
of its forms) and `local_time` for times in the agency's zone ("23-11-2026 09.00 WIB")."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from fastapi.templating import Jinja2Templates
from starlette.requests import Request
from starlette.responses import Response

from escalation.staff.audit_log import may_read_audit
from sla.wording import zone_abbreviation
from web.staff.deps import Staff
from web.staff.report_form import may_see_reports
from web.staff.texts import actor_label, label, text

TEMPLATES = Path(__file__).parent.parent / "templates"


class Pages:
    def __init__(
        self, *, agency_name: str, timezone: ZoneInfo, categories: Mapping[str, str] | None = None
    ) -> None:
        self.agency_name = agency_name
        self.timezone = timezone
        self.categories = dict(categories or {})
        self.templates = Jinja2Templates(directory=TEMPLATES)
        self.templates.env.globals["t"] = text
        self.templates.env.globals["label"] = label
        self.templates.env.globals["actor"] = actor_label
        self.templates.env.globals["category"] = self.category
        self.templates.env.filters["local_time"] = self.local_time
        self.templates.env.globals["may_see_reports"] = may_see_reports
        self.templates.env.globals["may_read_audit"] = may_read_audit

    def category(self, category_id: str | None) -> str:
        """A complaint category by its label in the KB (its id when the KB no longer has it)."""
        if not category_id:
            return "–"
        return self.categories.get(category_id, category_id)

    def local_time(self, moment: datetime | None) -> str:
        if moment is None:
            return "–"
        local = moment.astimezone(self.timezone)
        return f"{local:%d-%m-%Y %H.%M} {zone_abbreviation(self.timezone, moment)}"

    def render(
        self,
        request: Request,
        template: str,
        *,
        staff: Staff | None,
        status_code: int = 200,
        **context: Any,
    ) -> Response:
        values = {"agency_name": self.agency_name, "staff": staff, **context}
        response = self.templates.TemplateResponse(
            request, f"staff/{template}", values, status_code=status_code
        )
        response.headers["cache-control"] = "no-store"
        return response
