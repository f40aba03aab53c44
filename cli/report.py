"""`talent report committee`: the committee pack for a quarter, as HTML or Markdown."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from cli.output import console, fail
from core.errors import TalentError, UserError
from services import Services
from services.committee import last_quarter, pack, pdf, render

report_app = typer.Typer(help="Reports for the HR–IT committee.", no_args_is_help=True)


@report_app.command()
def committee(
    out: Annotated[
        Path, typer.Option("--out", help="pack.html, pack.pdf or pack.md (charts beside it)")
    ],
    quarter: Annotated[
        str | None, typer.Option(help="e.g. 2026Q3 (default: the last quarter that has ended)")
    ] = None,
) -> None:
    """The committee pack: figures against targets with their charts, what moved and why,
    top skill gaps, plan progress and the decisions log."""
    fmt = out.suffix.lower().lstrip(".")
    try:
        if fmt not in ("html", "md", "pdf"):
            raise UserError(f"{out}: the pack is written as .html, .pdf or .md")
        services = Services.from_settings()
        chosen = quarter or last_quarter(services.org().as_of)
        data = pack(services, chosen)
        charts_dir = None
        if fmt == "md":
            folder = out.with_name(f"{out.stem}-charts")
            folder.mkdir(parents=True, exist_ok=True)
            for figure in data["figures"]:
                (folder / f"{figure['name']}.svg").write_text(figure["svg"], encoding="utf-8")
            charts_dir = folder.name
        out.parent.mkdir(parents=True, exist_ok=True)
        if fmt == "pdf":
            out.write_bytes(pdf(data))
        else:
            out.write_text(render(data, fmt, charts_dir), encoding="utf-8")
    except TalentError as exc:
        raise fail(exc) from None
    console.print(f"Committee pack for {chosen} written to {out}")
