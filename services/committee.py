"""The committee pack: what the joint HR–IT committee reviews each quarter, as a
self-contained HTML page or Markdown. Each figure against its target with its chart (the
scorecard's Vega-Lite spec rendered to SVG by vl-convert: the same chart as the web app),
what moved since the quarter before and the records behind the move, the top skill gaps,
learning-plan progress, and the decisions log (this quarter's, and last quarter's with their
follow-up)."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import jinja2
import vl_convert

from core.errors import UserError
from domain.scorecard import quarter_end
from domain.talent_flow import Scope, quarter_label
from domain.text import inert

TEMPLATES = Path(__file__).resolve().parent / "templates"
_html = jinja2.Environment(
    loader=jinja2.FileSystemLoader(str(TEMPLATES)),
    autoescape=True,  # every stored text (decisions, titles) is escaped in the page
    undefined=jinja2.StrictUndefined,
    trim_blocks=True,
    lstrip_blocks=True,
)
_markdown = jinja2.Environment(
    loader=jinja2.FileSystemLoader(str(TEMPLATES)),
    autoescape=False,
    undefined=jinja2.StrictUndefined,
    trim_blocks=True,
    lstrip_blocks=True,
    finalize=lambda v: inert(v) if isinstance(v, str) else v,  # no links, images or markup
)
for _env in (_html, _markdown):
    _env.filters["shown"] = lambda value, unit: _shown(value, unit)


def _shown(value: Any, unit: str) -> str:
    if value is None:
        return "—"
    if unit == "share":
        return f"{round(float(value) * 100)}%"
    if unit == "days":
        return f"{float(value):g} days"
    return f"{float(value):g}"


def previous_quarter(label: str) -> str:
    year, quarter = int(label[:4]), int(label[-1])
    return f"{year - 1}Q4" if quarter == 1 else f"{year}Q{quarter - 1}"


def pack(services: Any, quarter: str, names: bool = True) -> dict[str, Any]:
    """Everything the pack shows for `quarter` (e.g. 2026Q3), as data."""
    try:
        day = quarter_end(quarter)
    except ValueError as exc:
        raise UserError(str(exc)) from None
    org = services.org()
    if day > org.as_of:
        raise UserError(
            f"{quarter} has not ended by {org.as_of.isoformat()}: a pack is for a quarter "
            "that is over"
        )
    card = services.scorecard(day, Scope())
    insights = services.insights()
    flow = insights.talent_flow(day)
    before = previous_quarter(quarter)
    previous = insights.talent_flow(quarter_end(before))
    figures = []
    for figure in card["figures"]:
        targets = figure["targets"]
        if not names:
            for t in targets:
                t["hr_owner_name"] = t["it_owner_name"] = None
        figures.append(
            {
                **figure,
                "svg": vl_convert.vegalite_to_svg(figure["chart"]),
                "behind": behind(figure["name"], flow, previous),
            }
        )
    gaps = insights.team_gaps()
    plans = services.store.plans.list()
    kpis = insights.kpis(plans)
    decisions = services.store.scorecard.decisions()
    people = org.flow.people

    def decision(row: dict[str, Any]) -> dict[str, Any]:
        owner = people.get(row["owner"] or "")
        return {**row, "owner_name": owner.name if owner and names else None}

    return {
        "quarter": quarter,
        "previous_quarter": before,
        "as_of": day.isoformat(),
        "definition": card["definition"],
        "window_months": card["window_months"],
        "figures": figures,
        "gaps": [s for s in gaps["skills"] if s.get("priority")][:8],
        "plans": kpis["plans"],
        "decisions": [decision(d) for d in decisions if d["quarter"] == quarter],
        "last_decisions": [decision(d) for d in decisions if d["quarter"] == before],
    }


def behind(name: str, now: dict[str, Any], before: dict[str, Any]) -> list[str]:
    """The records behind a figure's move since the quarter before, in words (vacancies by
    id, role and age; leavers by role and team: never by name)."""
    lines: list[str] = []
    if name in ("time_to_fill_median_days", "critical_time_to_fill_median_days", "open_longer"):
        opened = now["open_vacancies"]
        critical_only = name == "critical_time_to_fill_median_days"
        long_open = [
            v
            for v in opened["vacancies"]
            if v["age_days"] > opened["long_open_days"] and (v["critical"] or not critical_only)
        ]
        by_role: dict[str, list[dict[str, Any]]] = {}
        for v in long_open:
            by_role.setdefault(v["title"], []).append(v)
        for title, rows in sorted(by_role.items(), key=lambda kv: -len(kv[1])):
            ids = ", ".join(f"{v['vacancy_id']} ({v['age_days']} days)" for v in rows)
            lines.append(
                f"{len(rows)} {'critical ' if critical_only else ''}{title} "
                f"vacanc{'y has' if len(rows) == 1 else 'ies have'} been "
                f"open over {opened['long_open_days']} days: {ids}"
            )
        fill = now["time_to_fill"]
        filled_now = set(fill.get("vacancy_ids", []))
        filled_before = set(before["time_to_fill"].get("vacancy_ids", []))
        new = sorted(filled_now - filled_before)
        if new and name == "time_to_fill_median_days":
            lines.append(f"filled since the quarter before: {', '.join(new)}")
    elif name == "internal_fill_rate":
        f = now["internal_fill"]
        lines.append(f"{f['internal']} of {f['filled']} vacancies filled by an internal move")
    elif name in ("retention_rate", "leavers"):
        kept = now["retention"]
        if not kept["suppressed"]:
            lines.append(
                f"{kept['leavers']} of {kept['cohort']} top technologists left, "
                f"{kept['voluntary_leavers']} by choice"
            )
        left = now["leavers"]
        if not left["suppressed"]:
            lines.append(
                f"{left['leavers']} leavers of {left['headcount']} people, "
                f"{left['voluntary_leavers']} by choice"
            )
    return lines


def render(data: dict[str, Any], fmt: str, charts_dir: str | None = None) -> str:
    """The pack as HTML (charts inline, as SVG) or Markdown (charts as `charts_dir/NAME.svg`
    files beside it when given, else the tables alone)."""
    if fmt == "html":
        return _html.get_template("committee.html.j2").render(**data)
    if fmt == "md":
        return _markdown.get_template("committee.md.j2").render(**data, charts_dir=charts_dir)
    raise UserError(f"unknown format '{fmt}': html or md")


def last_quarter(day: date) -> str:
    """The last quarter that has ended on `day`."""
    this = quarter_label(day)
    return this if quarter_end(this) <= day else previous_quarter(this)
