"""Loading the agency's SLA settings from `sla.yaml` in its knowledge-base directory.

A missing file means the defaults. Every problem in the file is collected and reported at once in a
SlaConfigError. The format is described in docs/sla.md.
"""

from __future__ import annotations

from pathlib import Path
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import yaml

from sla.calendar import DEFAULT_WEEKLY, BusinessCalendar
from sla.config_calendar import parse_calendar
from sla.config_parsing import Problems, mapping, parse_policies, parse_warnings
from sla.national_holidays import IndonesianHolidays
from sla.policies import DEFAULT_WARNINGS, SlaConfig

SLA_FILE_NAME = "sla.yaml"
TOP_LEVEL_KEYS = ("calendar", "warnings", "policies")


class SlaConfigError(ValueError):
    """The SLA configuration is invalid; `problems` lists every problem, each naming its field."""

    def __init__(self, problems: list[str], source: Path | None = None) -> None:
        self.problems = list(problems)
        self.source = source
        where = f" in {source}" if source is not None else ""
        super().__init__(f"invalid SLA configuration{where}:\n" + "\n".join(f"- {p}" for p in problems))


class _Loader(yaml.SafeLoader):
    """SafeLoader that keeps dates as text, so a bad date becomes a problem and not a crash."""


_Loader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


def load_sla_config(kb_dir: Path, timezone: str) -> SlaConfig:
    """The SLA configuration from `kb_dir/sla.yaml`, or the defaults when there is no such file."""
    path = kb_dir / SLA_FILE_NAME
    if not path.is_file():
        return parse_sla_config(None, timezone, source=None)
    try:
        data = yaml.load(path.read_text(encoding="utf-8"), Loader=_Loader)
    except yaml.YAMLError as error:
        raise SlaConfigError([f"{SLA_FILE_NAME}: not valid YAML: {error}"], source=path) from error
    return parse_sla_config(data, timezone, source=path)


def parse_sla_config(data: object, timezone: str, source: Path | None = None) -> SlaConfig:
    """The SLA configuration from already-loaded YAML data (None means all defaults)."""
    problems = Problems()
    tz = _zone(timezone, problems)
    document = mapping(data, SLA_FILE_NAME, problems, TOP_LEVEL_KEYS) if data is not None else {}
    section = parse_calendar(document.get("calendar"), problems)
    warnings = DEFAULT_WARNINGS
    if "warnings" in document:
        parsed = parse_warnings(document["warnings"], "warnings", problems)
        warnings = parsed if parsed is not None else DEFAULT_WARNINGS
    policies = parse_policies(document.get("policies"), problems, warnings)
    if problems.items or tz is None:
        raise SlaConfigError(problems.items, source=source)
    calendar = BusinessCalendar(
        tz=tz,
        weekly=section.weekly if section.weekly is not None else DEFAULT_WEEKLY,
        overrides=section.overrides,
        closures=section.closures,
        holidays=IndonesianHolidays(cuti_bersama=section.cuti_bersama),
        open_days=section.open_days,
    )
    return SlaConfig(calendar=calendar, policies=policies)


def _zone(name: str, problems: Problems) -> ZoneInfo | None:
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        examples = "Asia/Jakarta, Asia/Makassar, Asia/Jayapura"
        problems.add("timezone", f"unknown time zone {name!r} (expected e.g. {examples})")
        return None
