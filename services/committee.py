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

from core.errors import UserError
from domain.models import FIRST_YEAR
from domain.scorecard import behind, previous_quarter, quarter_end
from domain.talent_flow import Scope, quarter_label
from domain.text import inert
from services.charts import to_svg

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
        return f"{float(value) * 100:.0f}%"
    if unit in ("days", "hours"):
        return f"{float(value):g} {unit}"
    return f"{float(value):g}"


def pack(services: Any, quarter: str, names: bool = True) -> dict[str, Any]:
    """Everything the pack shows for `quarter` (e.g. 2026Q3), as data."""
    try:
        day = quarter_end(quarter)
    except ValueError as exc:
        raise UserError(str(exc)) from None
    org = services.org()
    if day.year < FIRST_YEAR:
        raise UserError(f"{quarter} is before any record could be ({FIRST_YEAR})")
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
                "svg": to_svg(figure["chart"]),
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


def pdf(data: dict[str, Any]) -> bytes:
    """The HTML pack printed to PDF by WeasyPrint (the charts stay vectors)."""
    try:
        import weasyprint
    except OSError as exc:  # Pango missing: `make install` installs it from Debian
        raise UserError(
            f"the PDF pack needs Pango (Debian: libpango-1.0-0 libpangoft2-1.0-0): {exc}"
        ) from None
    result = weasyprint.HTML(string=render(data, "html")).write_pdf()
    assert result is not None
    return bytes(result)


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
