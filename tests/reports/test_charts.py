"""The charts are static SVG drawn from the report's own figures, labelled in Indonesian."""

from __future__ import annotations

import xml.etree.ElementTree as ET

from core.db import Database
from reports import ReportFilter, build_report
from reports.charts import backlog_chart, met_by_unit_chart, weekly_chart
from reports.repository import unit_names
from sla import SlaConfig
from tests.reports.conftest import NOW

SVG = "{http://www.w3.org/2000/svg}"


def texts(svg: str) -> list[str]:
    root = ET.fromstring(svg)
    assert root.tag == f"{SVG}svg"
    assert root.get("viewBox") is not None
    assert root.get("width") is None  # scales to the page, phone or print
    assert not root.findall(f".//{SVG}script")
    return [node.text.strip() for node in root.iter(f"{SVG}text") if node.text and node.text.strip()]


async def test_charts_show_the_figures(
    db: Database, week: dict[str, int], week_filter: ReportFilter, sla_config: SlaConfig
) -> None:
    async with db.session() as session:
        report = await build_report(session, filter=week_filter, calendar=sla_config.calendar, now=NOW)
        names = await unit_names(session)

    weekly = texts(weekly_chart(report))
    assert "Tiket diterima dan tiket melewati tenggat per minggu" in " ".join(weekly)  # wrapped in lines
    assert {"2 Nov", "Tiket diterima", "Tiket melewati tenggat SLA", "6", "5"} <= set(weekly)

    met = texts(met_by_unit_chart(report, names, clock="first_response"))
    assert "Persentase tanggapan pertama tepat waktu per unit layanan" in " ".join(met)
    assert {"Dinas Perhubungan (0%)", "PUPR (50%)", "LAYANAN PENGADUAN (100%)", "50%", "100%"} <= set(met)

    backlog = texts(backlog_chart(report))
    assert {"1–3 hari", "4–7 hari", "8–14 hari", "> 30 hari"} <= set(backlog)
    assert "Tiket terbuka menurut umur" in " ".join(backlog)
    assert backlog.count("2") >= 2


async def test_a_chart_without_figures_says_so_in_indonesian(
    db: Database, week_filter: ReportFilter, sla_config: SlaConfig
) -> None:
    async with db.session() as session:
        report = await build_report(session, filter=week_filter, calendar=sla_config.calendar, now=NOW)
        names = await unit_names(session)
    empty = texts(met_by_unit_chart(report, names, clock="first_response"))
    assert "Belum ada data" in empty
    assert "No data" not in empty
