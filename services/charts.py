"""One Vega-Lite spec per scorecard figure, built with altair: its quarterly series as a line
with points, each target as a dashed rule at its value. The web app draws the spec with
vega-embed and the committee pack renders the same spec to SVG (vl-convert), so both show
the same chart."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from typing import Any

import altair as alt
import vl_convert

WIDTH, HEIGHT = 420, 180
LINE = "#1d4ed8"  # the series; contrast 6.7:1 on white
TARGET = "#9a3412"  # the target rule; the app's focus colour, 7:1 on white


def _axis(unit: str) -> alt.Axis:
    if unit == "share":
        return alt.Axis(format=".0%", title=None)
    # only printable text reaches the chart engine: a control character makes it panic
    return alt.Axis(title=_plain(unit), tickMinStep=1)


def figure_chart(figure: dict[str, Any]) -> dict[str, Any]:
    """The Vega-Lite spec (a JSON-ready dict) for one figure of GET /v1/scorecard."""
    values = [
        {"quarter": p["quarter"], "value": p["value"]}
        for p in figure["series"]
        if p["value"] is not None
    ]
    unit = str(figure["unit"])
    fmt = ".0%" if unit == "share" else ",.4~g"
    quarters = [p["quarter"] for p in figure["series"]]  # every quarter, measured or not
    x = alt.X(
        "quarter:O",
        title=None,
        sort=None,
        scale=alt.Scale(domain=quarters),
        axis=alt.Axis(labelAngle=0),
    )
    series = (
        alt.Chart(alt.Data(values=values))
        # aria=False: the marks are not announced one by one; the chart's description is,
        # and the table beside it has the numbers
        .mark_line(
            point=alt.OverlayMarkDef(color=LINE, size=40, aria=False), color=LINE, aria=False
        )
        .encode(
            x=x,
            y=alt.Y("value:Q", axis=_axis(unit), scale=alt.Scale(zero=unit != "days")),
            # fixed titles: a tooltip's title becomes part of a Vega expression, and a
            # figure's title is typed by people (a recorded series)
            tooltip=[
                alt.Tooltip("quarter:O", title="Quarter"),
                alt.Tooltip("value:Q", title="Value", format=fmt),
            ],
        )
    )
    layers: list[Any] = [series]
    targets = [
        {
            "target": t["value"],
            "label": f"target {'≥' if t['direction'] == 'at_least' else '≤'} "
            f"{_shown(t['value'], unit)} by {t['due']}",
        }
        for t in figure.get("targets", [])
    ]
    if targets:
        rule = alt.Chart(alt.Data(values=targets))
        layers.append(
            rule.mark_rule(color=TARGET, strokeDash=[6, 4], strokeWidth=2, aria=False).encode(
                y="target:Q", tooltip=[alt.Tooltip("label:N", title="Target")]
            )
        )
        layers.append(
            rule.mark_text(align="left", dx=4, dy=-6, color=TARGET, fontSize=11, aria=False).encode(
                y="target:Q", x=alt.value(0), text="label:N"
            )
        )
    described = f"{figure['title']} by quarter" + (f"; {targets[0]['label']}" if targets else "")
    chart = alt.layer(*layers).properties(width=WIDTH, height=HEIGHT, description=described)
    return chart.to_dict()


def _plain(text: str) -> str:
    """One line of printable text: a description is read out, never parsed."""
    return " ".join("".join(c if c.isprintable() else " " for c in text).split())[:200]


def _shown(value: float, unit: str) -> str:
    if unit == "share":
        return f"{value * 100:.0f}%"
    return f"{value:g}" + (f" {unit}" if unit in ("days", "hours") else "")


def with_charts(scorecard: dict[str, Any]) -> dict[str, Any]:
    for figure in scorecard["figures"]:
        figure["chart"] = figure_chart(figure)
    return scorecard


# vl-convert runs Vega in an embedded JavaScript engine bound to the thread that first used
# it: called from the server's changing worker threads it can abort the process. One long
# lived thread does every conversion.
_converter = ThreadPoolExecutor(max_workers=1, thread_name_prefix="vl-convert")


def to_svg(spec: dict[str, Any]) -> str:
    """The spec drawn as SVG by vl-convert (the committee pack's charts)."""
    return str(_converter.submit(vl_convert.vegalite_to_svg, spec).result())
