"""The report's charts, drawn on the server as SVG with pygal: the weekly trend of tickets received
and breached, % of promises met per unit, and the backlog by age.

Made for print and for phones: a white background, dark text, two colours that stay apart in
greyscale (dark blue, orange), each value written on its bar, no script (the SVG is static), and a
viewBox without a fixed size so it scales to the width it is given.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import pygal
from pygal.etree import etree
from pygal.style import Style

from reports.metrics import BACKLOG_BUCKETS, Report
from reports.texts import labels, text

SHORT_NAME = 24
DARK_BLUE, ORANGE, INK = "#1f3a5f", "#d95f02", "#111111"
STYLE = Style(
    background="#ffffff",
    plot_background="#ffffff",
    foreground=INK,
    foreground_strong=INK,
    foreground_subtle="#555555",
    colors=(DARK_BLUE, ORANGE),
    value_colors=("#ffffff", INK),
    opacity="1",
    opacity_hover="0.85",
    font_family="'DejaVu Sans', Arial, sans-serif",
    title_font_size=32,
    label_font_size=24,
    major_label_font_size=24,
    legend_font_size=26,
    value_font_size=26,
    tooltip_font_size=18,
)


def _options(**extra: Any) -> dict[str, Any]:
    return {
        "style": STYLE,
        "js": [],
        "disable_xml_declaration": True,
        "explicit_size": False,
        "print_values": True,
        "legend_at_bottom": True,
        "legend_at_bottom_columns": 2,
        "show_y_guides": True,
        "truncate_label": -1,
        "truncate_legend": -1,
        "width": 800,
        "height": 560,
        "no_data_text": text("charts.no_data"),
        **extra,
    }


def weekly_chart(report: Report) -> str:
    """Tickets received and tickets with a breached promise, per week (Monday's date)."""
    top = max((received for _, received, _ in report.weekly), default=0)
    chart = pygal.Bar(**_options(y_labels=_counts_axis(top)))
    chart.title = text("charts.weekly.title")
    chart.x_labels = [_short_date(monday) for monday, _, _ in report.weekly]
    chart.add(text("charts.weekly.received"), [received for _, received, _ in report.weekly])
    chart.add(text("charts.weekly.breached"), [breached for _, _, breached in report.weekly])
    return _static(chart)


def met_by_unit_chart(report: Report, unit_names: Mapping[str, str], clock: str = "resolution") -> str:
    """% of the `clock` promises met per unit, worst first; units with nothing decided are left out."""
    per_unit = report.compliance_by["unit"].get(clock, {})
    decided = [(unit, c.percent_met) for unit, c in per_unit.items() if c.percent_met is not None]
    decided.sort(key=lambda item: (item[1] or 0.0, item[0]))
    chart = pygal.HorizontalBar(
        **_options(
            range=(0, 100),
            y_labels=[0, 25, 50, 75, 100],
            show_legend=False,
            value_formatter=lambda v: f"{v:.0f}%",
            height=max(360, 110 + 70 * len(decided)),
        )
    )
    chart.title = text("charts.met_by_unit.title", kind=labels("clock_kind")[clock].lower())
    chart.x_labels = [f"{_short_unit(unit, unit_names)} ({percent or 0.0:.0f}%)" for unit, percent in decided]
    chart.add(text("charts.met_by_unit.series"), [round(percent or 0.0, 1) for _, percent in decided])
    return _static(chart)


def backlog_chart(report: Report) -> str:
    """Open tickets at the end of the period, by age in days."""
    top = max(report.backlog.values(), default=0)
    chart = pygal.Bar(**_options(show_legend=False, y_labels=_counts_axis(top), x_label_rotation=30))
    chart.title = text("charts.backlog.title")
    names = labels("backlog_bucket")
    chart.x_labels = [names[bucket] for bucket in BACKLOG_BUCKETS]
    chart.add(text("charts.backlog.series"), [report.backlog.get(bucket, 0) for bucket in BACKLOG_BUCKETS])
    return _static(chart)


def _short_unit(unit: str, names: Mapping[str, str]) -> str:
    """The unit's name when short enough for a phone, else its id as an acronym (PUPR, DISHUB), as
    agencies write them; the table under the chart gives the full names."""
    if not unit:
        return text("charts.no_unit")
    name = names.get(unit, unit)
    return name if len(name) <= SHORT_NAME else unit.replace("-", " ").upper()


def _counts_axis(top: int) -> list[int]:
    """Whole numbers from 0 past `top`, about five steps (counts have no fractions)."""
    step = max(1, -(-top // 5))
    return list(range(0, max(top, 1) + step, step))


def _short_date(iso_day: str) -> str:
    _, month, day = iso_day.split("-")
    return f"{int(day)} {labels('month_short')[str(int(month))]}"


def _static(chart: Any) -> str:
    """The chart's SVG without pygal's script element (its settings for the interactive version) and
    the empty tooltip group that script would fill (its inline style attribute is the SVG's only one,
    so a page's Content Security Policy need not allow inline styles)."""
    root = chart.render_tree()
    for parent in list(root.iter()):
        for child in list(parent):
            if str(child.tag).endswith("script") or "tooltip-overlay" in str(child.get("class", "")):
                parent.remove(child)
    return str(etree.tostring(root, encoding="unicode"))
