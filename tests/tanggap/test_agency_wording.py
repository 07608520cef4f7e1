"""One messages.yaml words every text a person reads: the bot's replies, the FAQ answer's phrases, SLA
deadlines, the staff pages and report labels; a text that would fail when rendered is refused at start-up
with its reason, and the service does not start."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from typer.testing import CliRunner

from core.catalogue import install_agency_wording
from core.clock import FrozenClock
from core.db import Database
from core.errors import ConfigurationError
from escalation import sync_units
from reports.texts import labels
from tanggap.cli import app
from tanggap.runtime import check_configuration
from tanggap.wording import CATALOGUES
from tests.bot.conftest import Citizen, build_engine
from tests.bot.test_conversation import file_complaint
from tests.escalation.conftest import copy_kb
from web.staff.texts import label

WORDING = {
    "faq.about": "Perihal: {label}",
    "sla.due.default": "{date}, jam {time} {zone}",
    "pages.status.open": "Baru masuk",
    "reports.clock_kind.resolution": "Waktu penyelesaian",
}


def agency_kb(sample_kb_path: Path, tmp_path: Path, wording: dict[str, str]) -> Path:
    path = copy_kb(sample_kb_path, tmp_path)
    (path / "messages.yaml").write_text(
        yaml.safe_dump(wording, allow_unicode=True, sort_keys=False), encoding="utf-8"
    )
    return path


async def test_the_agencys_wording_reaches_citizens_and_staff(
    db: Database, sample_kb_path: Path, tmp_path: Path, clock: FrozenClock
) -> None:
    path = agency_kb(sample_kb_path, tmp_path, WORDING)
    install_agency_wording(check_configuration(path).kb.messages)
    engine = build_engine(path, tmp_path)
    async with db.session() as session:
        await sync_units(session, engine.deps.kb.units)
    citizen = Citizen(db=db, engine=engine)

    answer = await citizen.says("syarat bikin ktp apa ya min")
    assert "Perihal: " in answer
    assert "Informasi tentang" not in answer
    filed = await file_complaint(citizen)
    assert "Kamis, 26 November 2026, jam 10.30 WIB" in filed
    assert label("status", "open") == "Baru masuk"
    assert labels("clock_kind")["resolution"] == "Waktu penyelesaian"


def test_a_text_with_a_field_its_catalogue_lacks_stops_the_start(
    sample_kb_path: Path, tmp_path: Path
) -> None:
    path = agency_kb(
        sample_kb_path, tmp_path, {"sla.due.today": "hari ini pukul {jam}", "pages.nav.hom": "x"}
    )
    with pytest.raises(ConfigurationError) as refused:
        check_configuration(path)
    assert refused.value.problems == [
        "messages.yaml: 'sla.due.today' uses jam, which this text does not provide "
        "(it provides: date, time, zone)",
        "messages.yaml: unknown message key 'pages.nav.hom'",
    ]


def test_no_two_catalogues_claim_the_same_key() -> None:
    seen: dict[str, str] = {}
    for catalogue in CATALOGUES:
        for key in catalogue.agency_keys():
            assert key not in seen, f"{key} is in both {seen[key]} and {catalogue.name}"
            seen[key] = catalogue.name
    assert len(seen) > 800


def test_the_admin_lists_the_texts_with_the_agencys_own_marked(sample_kb_path: Path, tmp_path: Path) -> None:
    path = agency_kb(sample_kb_path, tmp_path, WORDING)
    shown = CliRunner().invoke(app, ["kb", "texts", str(path), "status.open"])
    assert shown.exit_code == 0, shown.output
    assert "* pages.status.open: 'Baru masuk'" in shown.output
    assert "  status.open: 'baru'" in shown.output  # escalation's word in citizen notices, not worded
