"""`talent`: load data, generate test organisations, serve the API."""

from __future__ import annotations

import logging
import os
import sys
import time
import traceback
from pathlib import Path
from typing import Annotated

import typer
from rich.table import Table

from cli.ask import ask
from cli.backup_cmds import register as register_backup
from cli.db_cmds import db_app
from cli.eval_cmds import eval_app
from cli.imports import import_app
from cli.insights import register as register_insights
from cli.keys import keys_app
from cli.output import console, err_console, fail
from cli.report import report_app
from cli.retrieval_cmds import finish_left_work, services, stages
from cli.retrieval_cmds import register as register_retrieval
from core.errors import TalentError
from core.logging import configure_logging
from core.settings import Settings, get_settings
from storage import migrate
from storage.store import LoadReport, Store

app = typer.Typer(
    name="talent",
    help="talent-insights: skills frameworks, gap analytics and learning plans for HR and IT.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
)
forget_app = typer.Typer(help="Erase records (right to erasure).", no_args_is_help=True)
app.add_typer(forget_app, name="forget")

register_insights(app)
register_retrieval(app)
register_backup(app)
app.command()(ask)
app.add_typer(keys_app, name="keys")
app.add_typer(eval_app, name="eval")
app.add_typer(db_app, name="db")
app.add_typer(report_app, name="report")
app.add_typer(import_app, name="import")


@app.callback()
def _main(
    verbose: Annotated[bool, typer.Option("--verbose", "-v")] = False,
    debug: Annotated[
        bool, typer.Option("--debug", help="Show the traceback of an unexpected error here.")
    ] = False,
) -> None:
    settings = get_settings()
    configure_logging("DEBUG" if verbose or debug else "WARNING", settings.log_json)


def _store() -> Store:
    return services().store


def print_report(report: LoadReport, seconds: float) -> None:
    table = Table(title=f"Loaded {report.folder} in {seconds:.2f} s")
    for column in ("records", "new", "updated", "deleted", "unchanged"):
        table.add_column(column, justify="left" if column == "records" else "right")
    for kind, c in report.counts.items():
        table.add_row(kind, str(c.inserted), str(c.updated), str(c.deleted), str(c.unchanged))
    console.print(table)
    for warning in report.warnings:
        console.print(f"[yellow]warning:[/] {warning}", highlight=False)
    if not report.changed:
        console.print("Nothing changed: the store already matched the folder.")


@app.command()
def load(
    folder: Annotated[Path, typer.Argument(help="A native folder (docs/data-format.md).")],
    replace: Annotated[
        bool,
        typer.Option("--replace", help="Delete records of each loaded kind that the folder lacks."),
    ] = False,
    index: Annotated[
        bool, typer.Option(help="Also infer missing requirements and update the search index.")
    ] = True,
) -> None:
    """Import a native folder transactionally and idempotently."""
    started = time.perf_counter()
    try:
        s = services()
        finish_left_work(s)
        with stages(f"Validating and loading {folder}") as progress:
            report = s.ingestor.ingest(
                folder, "native", replace=replace, index=index, progress=progress
            )
    except TalentError as exc:
        raise fail(exc) from None
    if report.load is not None:  # a native folder always loads
        print_report(report.load, time.perf_counter() - started)
    for role_id, found in report.inferred.items():
        console.print(
            f"Inferred {len(found)} requirements for {role_id} from its "
            "job description (marked inferred; review them)."
        )
    for initiative_id, outcome in report.initiatives.items():
        console.print(f"Initiative {initiative_id}: {outcome}.")
    if report.index:
        console.print(
            f"Index: {report.index.written} chunks written, {report.index.deleted} removed, "
            f"{report.index.unchanged} unchanged."
        )
    for warning in report.warnings:
        console.print(f"[yellow]warning:[/] {warning}", highlight=False)


@app.command()
def generate(
    out: Annotated[Path, typer.Argument(help="Folder to write the generated org into.")],
    employees: Annotated[int, typer.Option(min=1, max=1_000_000)] = 1000,
    seed: Annotated[int, typer.Option()] = 7,
    skills: Annotated[
        int | None, typer.Option(help="Pad the framework with synthetic skills up to this many.")
    ] = None,
    framework: Annotated[
        Path, typer.Option(help="Native folder whose skills, roles and resources are used.")
    ] = Path("data/sample"),
) -> None:
    """Generate a fictional organisation of any size (seeded, reproducible)."""
    from domain.synthetic import generate_org
    from ingest import native_writer as w
    from ingest.native_folder import read_native_folder
    from storage.bundle import ExistingState

    started = time.perf_counter()
    try:
        base = read_native_folder(framework, ExistingState())
    except TalentError as exc:
        raise fail(exc) from None
    with console.status(f"Generating {employees:,} employees (seed {seed})…"):
        org = generate_org(
            base.skills or [], base.roles or [], base.resources or [], employees, seed, skills
        )
    out.mkdir(parents=True, exist_ok=True)
    steps = [
        ("skills.csv", w.write_skills, org.skills),
        ("roles.yaml", w.write_roles, org.roles),
        ("learning_resources.csv", w.write_resources, org.resources),
        ("employees.csv", w.write_employees, org.employees),
        ("employee_skills.csv", w.write_assertions, org.assertions),
    ]
    from rich.progress import Progress

    with Progress(console=console, transient=True) as progress:
        task = progress.add_task("Writing files", total=len(steps))
        for name, write, records in steps:
            write(out / name, records)  # type: ignore[operator]
            progress.advance(task)
    console.print(
        f"Wrote {len(org.employees):,} employees, {len(org.assertions):,} skill assertions, "
        f"{len(org.skills)} skills and {len(org.roles)} roles to {out} "
        f"in {time.perf_counter() - started:.1f} s. Load it with: talent load {out}"
    )


@app.command()
def info() -> None:
    """Show what the store holds and where it lives."""
    settings = get_settings()
    try:
        counts = _store().counts()
    except TalentError as exc:
        raise fail(exc) from None
    table = Table(title=f"Store: {settings.resolved_database_url}")
    table.add_column("records")
    table.add_column("count", justify="right")
    for kind, count in counts.items():
        table.add_row(kind, f"{count:,}")
    console.print(table)


@forget_app.command("employee")
def forget_employee(
    employee_id: Annotated[str, typer.Argument(help="The employee_id to erase.")],
) -> None:
    """Erase an employee everywhere: their record, skills, plans, profile and index chunks."""
    try:
        removed = services().forget_employee(employee_id)
    except TalentError as exc:
        raise fail(exc) from None
    console.print(
        f"Erased {employee_id}: their record, skill assertions, plans and profile are "
        f"gone, {removed} chunks left the search index, and conversations, audit rows, keys "
        "and colleagues' plans no longer name them. The database and the index were "
        "rewritten, so no copy stays in their files. Remove them from your source files "
        "too, or the next load brings them back."
    )


def _upgrade_schema(settings: Settings) -> None:
    """Migrate once, before the workers start (each would find it done, behind the lock)."""
    if not settings.database_auto_upgrade:
        return
    try:
        store = Store.from_settings(settings, schema_policy="leave")
        report = migrate.upgrade(store.engine)
        store.close()
    except TalentError as exc:
        fail(exc)
    if (report.applied and report.before is not None) or report.adopted:
        console.print(
            f"Upgraded the database's schema: {report.before or 'none'} → {report.after}",
            highlight=False,
        )


@app.command()
def serve(
    host: Annotated[str | None, typer.Option(help="Default: TALENT_API_HOST.")] = None,
    port: Annotated[int | None, typer.Option(help="Default: TALENT_API_PORT.")] = None,
    workers: Annotated[int, typer.Option(min=1)] = 1,
) -> None:
    """Serve the HTTP API."""
    import uvicorn

    settings = get_settings()
    host = host or settings.api_host
    port = port or settings.api_port
    configure_logging(settings.log_level, settings.log_json)
    console.print(
        f"Serving talent-insights on http://{host}:{port}\n"
        f"  web app:  open http://{host}:{port} and paste an API key\n"
        f"  health:   curl http://{host}:{port}/healthz\n"
        f"  API docs: http://{host}:{port}/docs\n"
        f"  chat:     curl -H 'Authorization: Bearer <key>' -H 'Content-Type: application/json' "
        f'-d \'{{"message": "What are my gaps?"}}\' http://{host}:{port}/v1/chat\n'
        "Try next, in another shell (source .venv/bin/activate):\n"
        '  talent gaps --employee "Dana Okafor" --role "Senior Data Engineer"\n'
        "  talent team-gaps --team Platform --ai\n"
        "  talent candidates --role ml-engineer\n"
        "  talent mentors --skill spark --level 3 --for dana\n"
        '  talent search "someone to triage IT tickets" --type role',
        highlight=False,
    )
    _upgrade_schema(settings)
    # Every worker loads what its first requests would wait for as it starts.
    os.environ.setdefault("TALENT_WARM_ON_START", "true")
    logging.getLogger(__name__).info("starting server", extra={"host": host, "port": port})
    uvicorn.run(
        "api.main:create_app",
        factory=True,
        host=host,
        port=port,
        workers=workers,
        log_level="info",
        # uvicorn's access log prints paths, which carry employee ids; talent.access
        # (api/audit.py) logs the route template instead.
        access_log=False,
        # Proxy headers are the app's to believe, from TALENT_TRUSTED_PROXIES only
        # (api/main.py); uvicorn's own default believes anyone on loopback.
        proxy_headers=False,
        server_header=False,  # no "server: uvicorn": the software is nobody's business
    )


def main(argv: list[str] | None = None) -> None:
    """The `talent` command: a person sees a one-line error, never a traceback (it goes to
    the log under TALENT_HOME, and `--debug` prints it too), and the exit code is non-zero."""
    args = sys.argv[1:] if argv is None else argv
    try:
        app(args=args, prog_name="talent")
    except TalentError as exc:  # a command that did not report its own
        raise SystemExit(fail(exc).exit_code) from None
    except KeyboardInterrupt:
        err_console.print("interrupted")
        raise SystemExit(130) from None
    except Exception as exc:
        log_file = unexpected_error(exc, args)
        if "--debug" in args:
            err_console.print(traceback.format_exc(), highlight=False, markup=False)
        where = f"the details are in {log_file}" if log_file else "the details were not logged"
        err_console.print(
            f"[bold red]error:[/] unexpected {type(exc).__name__}: {exc}. This is a bug; "
            f"{where}, and --debug shows them here.",
            highlight=False,
            soft_wrap=True,
        )
        raise SystemExit(1) from None


def unexpected_error(exc: Exception, args: list[str]) -> Path | None:
    """Write the traceback of an unexpected error to TALENT_HOME/logs/talent-cli.log."""
    try:
        folder = get_settings().home / "logs"
        folder.mkdir(parents=True, exist_ok=True)
        path = folder / "talent-cli.log"
        with path.open("a", encoding="utf-8") as handle:
            handle.write(
                f"--- {time.strftime('%Y-%m-%dT%H:%M:%S')} talent {' '.join(args)}\n"
                + "".join(traceback.format_exception(exc))
            )
        return path
    except Exception:  # the settings or the disk are what failed: say so, don't hide it
        logging.getLogger(__name__).debug("could not write the error log", exc_info=True)
        return None


if __name__ == "__main__":
    main()
