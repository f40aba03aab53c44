"""`talent import`: data from the systems HR already runs, checked whole before anything
is written. `completions`: an LMS's CSV export of course completions (an LMS with xAPI
sends them to /xapi/statements instead)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer

from cli.output import console, fail
from core.errors import TalentError
from ingest.completions import read_completions_csv
from services import Services

import_app = typer.Typer(
    help="Import from an HRIS or an LMS (checked whole; nothing is written on any error).",
    no_args_is_help=True,
)


@import_app.command()
def hris(
    export: Annotated[Path, typer.Argument(help="The HRIS report: .csv or .xlsx")],
    mapping: Annotated[
        Path,
        typer.Option("--mapping", help="Which column is which field (data/hris/*/mapping.yaml)"),
    ],
    dry_run: Annotated[
        bool,
        typer.Option("--dry-run", help="Say what would be created and changed; write nothing."),
    ] = False,
    as_json: Annotated[bool, typer.Option("--json")] = False,
) -> None:
    """Employees, leavers, skill assessments or vacancies from an HRIS export (Workday,
    SuccessFactors, BambooHR, Personio…), through a column mapping. Checked whole first:
    any problem names the export's line and column, and nothing is written. Importing the
    same export again changes nothing."""
    try:
        report = Services.from_settings().import_hris(
            export.read_bytes(),
            export.name,
            mapping.read_text(encoding="utf-8"),
            mapping.name,
            dry_run,
        )
    except (TalentError, OSError) as exc:
        raise fail(exc) from None
    if as_json:
        typer.echo(json.dumps(report))
        return
    system = f" ({report['system']})" if report["system"] else ""
    verb = "would be" if dry_run else "were"
    console.print(f"{export.name}{system}: {report['rows']} rows", highlight=False)
    for kind, counts in report["records"].items():
        console.print(
            f"  {kind}: {counts['created']} {verb} created, {counts['changed']} {verb} changed, "
            f"{counts['unchanged']} left alone",
            highlight=False,
        )
    for change in report["changes"]:
        console.print(f"    {change}", highlight=False)
    for warning in report["warnings"]:
        console.print(f"  note: {warning}", highlight=False)
    if dry_run:
        console.print("Dry run: nothing was written.")


@import_app.command()
def completions(
    file: Annotated[Path, typer.Argument(help="CSV: person, activity, completed_on, …")],
    source: Annotated[
        str, typer.Option(help="Who reported them, kept with each (default: csv:<file name>)")
    ] = "",
    dry_run: Annotated[
        bool, typer.Option("--dry-run", help="Say what would happen; change nothing.")
    ] = False,
    as_json: Annotated[bool, typer.Option("--json")] = False,
) -> None:
    """Course completions from an LMS export: the matching approved plan actions become
    done, with the completion as their evidence; importing the same file again changes
    nothing; rows naming nobody or no catalogue resource are kept for HR to resolve."""
    try:
        found = read_completions_csv(file)
        report = Services.from_settings().record_completions(
            list(found), source or f"csv:{file.name}", dry_run
        )
    except (TalentError, OSError) as exc:
        raise fail(exc) from None
    if as_json:
        typer.echo(json.dumps(report.as_dict()))
        return
    verb = "would be" if dry_run else "were"
    console.print(
        f"{report.received} completion(s) in {file.name}: {report.new} new, "
        f"{report.unchanged} already received; {len(report.completed_actions)} plan "
        f"action(s) completed; {len(report.unmatched)} {verb} kept unmatched for HR",
        highlight=False,
    )
    for row in report.unmatched:
        why = "no such person" if row["status"] == "unknown_person" else "no such resource"
        console.print(
            f"  unmatched: {row['person']} / {row['activity_id']} ({why})", highlight=False
        )
    for done in report.completed_actions:
        console.print(
            f"  done: {done['employee_id']}'s plan {done['plan_id']}, action {done['action']} "
            f"({done['resource_id']})",
            highlight=False,
        )
