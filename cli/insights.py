"""CLI commands over the analytics: gaps, team views, candidates, mentors, plans, scenarios."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import Annotated, Any

import typer
import yaml
from rich.table import Table

from cli.output import console, fail
from core.errors import TalentError, UserError
from domain.insights import Insights
from domain.plans import remaining_gaps
from domain.talent_flow import Scope
from services import Services
from storage.store import Store

JsonFlag = Annotated[bool, typer.Option("--json", help="Print JSON (the documented contract).")]
plans_app = typer.Typer(help="Review, approve and track learning plans.", no_args_is_help=True)


def _context() -> tuple[Store, Insights]:
    """The CLI is the operator's tool: it runs the analytics over everyone."""
    services = Services.from_settings()
    return services.store, services.insights()


def _emit(data: dict[str, Any]) -> None:
    typer.echo(json.dumps(data, indent=2, ensure_ascii=False, default=str))


def _pct(value: float) -> str:
    return f"{value * 100:.0f}%"


def gaps(
    employee: Annotated[str, typer.Option(help="Employee id or name.")],
    role: Annotated[str | None, typer.Option(help="Target role (default: current role).")] = None,
    as_json: JsonFlag = False,
) -> None:
    """What a person lacks for their current or a target role."""
    try:
        data = _context()[1].gaps(employee, role)
    except TalentError as exc:
        raise fail(exc) from None
    if as_json:
        return _emit(data)
    table = Table(
        title=f"{data['employee_name']} ({data['employee_id']}) → {data['role_title']}: "
        f"readiness {_pct(data['readiness'])}"
    )
    for column in ("skill", "required", "current", "gap", "importance", "priority", "evidence"):
        table.add_column(column, justify="left" if column in ("skill", "evidence") else "right")
    for row in data["gaps"] + data["met"] + data["strengths"]:
        source = f"{row['source']} {row['assessed_on']}" if row["source"] else "nothing on record"
        table.add_row(
            row["name"],
            str(row["required"]),
            str(row["current"]),
            str(row["gap"]),
            str(row["importance"]),
            str(row["priority"]),
            source + (" [yellow](stale)[/]" if row["stale"] else ""),
        )
    console.print(table)


def team_gaps(
    team: Annotated[str | None, typer.Option(help="Team name.")] = None,
    department: Annotated[str | None, typer.Option(help="Department name.")] = None,
    ai: Annotated[bool, typer.Option("--ai", help="Only AI skills (AI readiness).")] = False,
    show_heatmap: Annotated[bool, typer.Option("--heatmap", help="People × skills.")] = False,
    advice: Annotated[bool, typer.Option("--advice", help="Build / buy / borrow.")] = False,
    as_json: JsonFlag = False,
) -> None:
    """Coverage, single points of failure and priorities for a team, department or the org."""
    if team and department:
        raise fail(UserError("give --team or --department, not both"))
    try:
        insights = _context()[1]
        if show_heatmap:
            data = insights.heatmap(team, department)
        elif advice:
            data = insights.build_buy_borrow(team, department)
        else:
            data = insights.team_gaps(team, department, ai_only=ai)
    except TalentError as exc:
        raise fail(exc) from None
    if as_json:
        return _emit(data)
    scope = data.get("team") or data.get("department") or "the organisation"
    if show_heatmap:
        table = Table(title=f"Heatmap of {scope}: current/required")
        table.add_column("person")
        for skill in data["skills"]:
            table.add_column(skill["name"][:14], justify="center")
        for row in data["rows"]:
            cells = []
            for cell in row["cells"]:
                if cell["required"] is None:
                    cells.append(f"[dim]{cell['current']}[/]")
                else:
                    colour = (
                        "green" if cell["gap"] == 0 else "yellow" if cell["gap"] == 1 else "red"
                    )
                    cells.append(f"[{colour}]{cell['current']}/{cell['required']}[/]")
            table.add_row(row["name"], *cells)
    elif advice:
        table = Table(title=f"Build / buy / borrow for {scope}")
        for column in ("skill", "short", "within 1", "borrowable", "weeks", "advice", "why"):
            table.add_column(column)
        for s in data["skills"]:
            table.add_row(
                s["name"],
                str(s["shortfall"]),
                str(s.get("within_one", 0)),
                str(s.get("borrowable", 0)),
                str(s.get("weeks_to_close") or "–"),
                s["recommendation"],
                s["why"],
            )
    else:
        kind = "AI readiness" if ai else "Skill gaps"
        table = Table(
            title=f"{kind} of {scope} ({data['people']} people, "
            f"readiness {_pct(data['readiness'])})"
        )
        for column in ("skill", "need it", "meet", "within 1", "coverage", "experts", "priority"):
            table.add_column(column, justify="left" if column == "skill" else "right")
        for s in data["skills"]:
            table.add_row(
                s["name"]
                + (" [red](single point of failure)[/]" if s["single_point_of_failure"] else ""),
                str(s["required_by"]),
                str(s["meet"]),
                str(s["within_one"]),
                _pct(s["coverage"]),
                str(s["experts"]),
                str(s["priority"]),
            )
    console.print(table)


def candidates(
    role: Annotated[str, typer.Option(help="Role id or title.")],
    include_holders: Annotated[bool, typer.Option(help="Also rank current holders.")] = False,
    limit: Annotated[int, typer.Option(min=1)] = 10,
    as_json: JsonFlag = False,
) -> None:
    """Internal candidates for a role, ranked by readiness."""
    try:
        data = _context()[1].candidates(role, include_holders, limit)
    except TalentError as exc:
        raise fail(exc) from None
    if as_json:
        return _emit(data)
    table = Table(title=f"Internal candidates for {data['role_title']}")
    for column in ("#", "person", "team", "readiness", "top gaps"):
        table.add_column(column)
    for rank, c in enumerate(data["candidates"], 1):
        top = ", ".join(f"{g['name']} {g['current']}→{g['required']}" for g in c["top_gaps"])
        table.add_row(
            str(rank),
            f"{c['name']} ({c['employee_id']})",
            c["team"],
            _pct(c["readiness"]),
            top or "none",
        )
    console.print(table)


def mentors(
    skill: Annotated[str, typer.Option(help="Skill id, name or alias.")],
    level: Annotated[int, typer.Option(min=1, max=5, help="The level the learner aims for.")],
    learner: Annotated[str | None, typer.Option("--for", help="The learner (id or name).")] = None,
    as_json: JsonFlag = False,
) -> None:
    """Who can mentor someone in a skill up to a level."""
    try:
        data = _context()[1].mentors(skill, level, learner)
    except TalentError as exc:
        raise fail(exc) from None
    if as_json:
        return _emit(data)
    table = Table(title=f"Mentors for {data['name']} (level ≥ {data['min_mentor_level']})")
    for column in ("person", "level", "team", "department", "evidence"):
        table.add_column(column)
    for m in data["mentors"]:
        table.add_row(
            f"{m['name']} ({m['employee_id']})",
            str(m["level"]),
            m["team"],
            m["department"],
            f"{m['source']} {m['assessed_on']}",
        )
    console.print(table if data["mentors"] else "Nobody qualifies as a mentor for this.")


def _print_plan(data: dict[str, Any]) -> None:
    table = Table(
        title=f"Plan {data.get('plan_id') or '(preview, not saved)'} for {data['employee_id']} "
        f"[{data.get('status', 'draft')}]: {data['scheduled_hours']:g} of "
        f"{data['budget_hours']:g} h scheduled"
    )
    for column in ("#", "weeks", "skill", "action", "hours", "to level", "why"):
        table.add_column(column)
    for index, a in enumerate(data["actions"]):
        done = " ✓" if a.get("done") else ""
        table.add_row(
            str(index),
            f"{a['week_start']}–{a['week_end']}",
            a["skill_id"],
            f"{a['kind']}: {a['title']}{done}",
            f"{a['hours']:g}",
            str(a["closes_gap_to"]),
            a["reason"],
        )
    console.print(table)
    if data["next_horizon"]:
        console.print(
            f"Next horizon ({len(data['next_horizon'])} actions did not fit): "
            + ", ".join(f"{a['kind']} {a['skill_id']}" for a in data["next_horizon"])
        )


def plan(
    employee: Annotated[str, typer.Option(help="Employee id or name.")],
    role: Annotated[str | None, typer.Option(help="Target role (default: current role).")] = None,
    skill: Annotated[
        list[str] | None, typer.Option(help="Instead of a role: SKILL:LEVEL, repeatable.")
    ] = None,
    weeks: Annotated[int | None, typer.Option(min=1, max=260)] = None,
    hours_per_week: Annotated[float | None, typer.Option(min=0.5, max=40)] = None,
    save: Annotated[bool, typer.Option(help="Store the draft for approval.")] = True,
    as_json: JsonFlag = False,
) -> None:
    """Draft a learning plan (a person must approve it)."""
    try:
        pairs = None
        if skill:
            pairs = []
            for item in skill:
                name, _, level = item.rpartition(":")
                if not name or not level.isdigit():
                    raise UserError(f"--skill takes SKILL:LEVEL, got '{item}'")
                pairs.append((name, int(level)))
        store, insights = _context()
        draft = insights.plan(employee, role, pairs, weeks, hours_per_week)
        data = (
            store.plans.save_draft(draft, created_by="cli")
            if save
            else {**draft.to_dict(), "plan_id": None, "status": "draft"}
        )
    except TalentError as exc:
        raise fail(exc) from None
    if as_json:
        return _emit(data)
    _print_plan(data)


@plans_app.command("list")
def plans_list(
    employee: Annotated[str | None, typer.Option(help="Only this employee's plans.")] = None,
    status: Annotated[str | None, typer.Option()] = None,
    as_json: JsonFlag = False,
) -> None:
    """List learning plans."""
    try:
        store, insights = _context()
        employee_id = insights.org.employee(employee).employee_id if employee else None
        rows = store.plans.list(employee_id, status)
    except TalentError as exc:
        raise fail(exc) from None
    if as_json:
        return _emit({"plans": rows})
    table = Table(title="Learning plans")
    for column in ("plan", "employee", "role", "status", "actions", "decided by"):
        table.add_column(column)
    for p in rows:
        table.add_row(
            p["plan_id"],
            p["employee_id"],
            p["role_id"] or "–",
            p["status"],
            str(len(p["actions"])),
            p["decided_by"] or "",
        )
    console.print(table)


@plans_app.command("show")
def plans_show(plan_id: str, as_json: JsonFlag = False) -> None:
    """Show a plan with its remaining gaps (recomputed from today's data and progress)."""
    try:
        store, insights = _context()
        data = store.plans.get(plan_id)
        data["remaining_gaps"] = remaining_gaps(
            insights.org, data["employee_id"], data["gaps"], data["actions"]
        )
    except TalentError as exc:
        raise fail(exc) from None
    if as_json:
        return _emit(data)
    _print_plan(data)
    left = [g for g in data["remaining_gaps"] if g["gap"] > 0]
    console.print(
        "Remaining gaps: "
        + (", ".join(f"{g['skill_id']} {g['current']}→{g['required']}" for g in left) or "none")
    )


def _decide(plan_id: str, status: str, by: str, comment: str, as_json: bool) -> None:
    try:
        data = Services.from_settings().store.plans.set_status(plan_id, status, by, comment)
    except TalentError as exc:
        raise fail(exc) from None
    if as_json:
        return _emit(data)
    console.print(f"Plan {plan_id} is now {data['status']} (by {by}).")


@plans_app.command("approve")
def plans_approve(
    plan_id: str,
    by: Annotated[str, typer.Option(help="Who approves (a manager of the employee or HR).")],
    comment: Annotated[str, typer.Option()] = "",
    as_json: JsonFlag = False,
) -> None:
    """Approve a draft plan."""
    _decide(plan_id, "approved", by, comment, as_json)


@plans_app.command("reject")
def plans_reject(
    plan_id: str,
    by: Annotated[str, typer.Option(help="Who rejects.")],
    comment: Annotated[str, typer.Option()] = "",
    as_json: JsonFlag = False,
) -> None:
    """Reject a draft plan."""
    _decide(plan_id, "rejected", by, comment, as_json)


@plans_app.command("done")
def plans_done(
    plan_id: str,
    action: Annotated[int, typer.Argument(help="Action number (from `plans show`).")],
    undo: Annotated[bool, typer.Option(help="Mark it not done.")] = False,
    as_json: JsonFlag = False,
) -> None:
    """Record an action of an approved plan as done."""
    try:
        data = Services.from_settings().store.plans.mark_done(plan_id, action, not undo)
    except TalentError as exc:
        raise fail(exc) from None
    if as_json:
        return _emit(data)
    console.print(
        f"Plan {plan_id}: action {action} {'not ' if undo else ''}done; status {data['status']}."
    )


def scenario(
    file: Annotated[Path, typer.Argument(help="YAML: demand [{role, headcount, by}], ...")],
    as_json: JsonFlag = False,
) -> None:
    """Workforce scenario: who can we grow in time, and how many must we hire?"""
    try:
        try:
            spec = yaml.safe_load(file.read_text(encoding="utf-8"))
        except (OSError, yaml.YAMLError) as exc:
            raise UserError(f"{file}: cannot be read as YAML: {exc}") from None
        if not isinstance(spec, dict):
            raise UserError(f"{file}: must be a mapping with a 'demand' list")
        data = _context()[1].scenario(spec)
    except (TalentError, KeyError, ValueError) as exc:
        raise fail(exc) from None
    if as_json:
        return _emit(data)
    table = Table(
        title=f"Scenario (readiness ≥ {_pct(data['readiness_threshold'])}, "
        f"{data['hours_per_week']:g} h/week)"
    )
    for column in ("role", "need", "by", "build", "buy", "grow"):
        table.add_column(column)
    for d in data["demand"]:
        grow = ", ".join(f"{c['name']} ({c['weeks_needed']} wk)" for c in d["candidates"])
        table.add_row(
            d["role_title"],
            str(d["headcount"]),
            d["by"],
            str(d["build"]),
            str(d["buy"]),
            grow or "–",
        )
    console.print(table)


def kpis(as_json: JsonFlag = False) -> None:
    """Shared HR–IT KPIs."""
    try:
        store, insights = _context()
        data = insights.kpis(store.plans.list())
    except TalentError as exc:
        raise fail(exc) from None
    if as_json:
        return _emit(data)
    table = Table(title="Critical-role coverage")
    for column in ("role", "holders", "meeting all critical", "coverage"):
        table.add_column(column)
    for r in data["critical_role_coverage"]:
        table.add_row(r["title"], str(r["holders"]), str(r["meeting_all"]), _pct(r["coverage"]))
    console.print(table)
    for d in data["readiness_distribution"]:
        if d["suppressed"]:
            console.print(f"{d['department']}: fewer than the minimum group size, not shown")
        else:
            console.print(
                f"{d['department']}: mean readiness {_pct(d['mean_readiness'])}, bands {d['bands']}"
            )
    console.print(f"Plans: {data['plans']}")


def _days(value: float | None) -> str:
    return "–" if value is None else f"{value:g} d"


def flow(
    as_of: Annotated[
        str | None, typer.Option("--as-of", help="The day (YYYY-MM-DD); default: today.")
    ] = None,
    department: Annotated[str, typer.Option(help="Only roles of this department.")] = "",
    family: Annotated[str, typer.Option(help="Only roles of this family.")] = "",
    quarters: Annotated[
        int, typer.Option(help="With --series: how many quarter ends.", min=1, max=40)
    ] = 8,
    series: Annotated[bool, typer.Option("--series", help="Each figure per quarter.")] = False,
    as_json: JsonFlag = False,
) -> None:
    """Hiring, leaving and retention: time to fill, open vacancies, internal fill, retention."""
    try:
        day = date.fromisoformat(as_of) if as_of else None
    except ValueError:
        raise fail(UserError(f"--as-of '{as_of}' is not a date (YYYY-MM-DD)")) from None
    try:
        insights = _context()[1]
        scope = Scope(department=department, family=family)
        data = (
            insights.talent_flow_series(quarters, day, scope)
            if series
            else insights.talent_flow(day, scope)
        )
    except TalentError as exc:
        raise fail(exc) from None
    if as_json:
        return _emit(data)
    if series:
        table = Table(title=f"Talent flow by quarter: {data['scope']}")
        columns = ("quarter", "time to fill (median)", "open", "internal fill", "retention")
        for column in columns:
            table.add_column(column, justify="left" if column == "quarter" else "right")
        for q in data["quarters"]:
            table.add_row(
                q["quarter"],
                _days(q["time_to_fill_median_days"]),
                str(q["open_vacancies"]),
                "–" if q["internal_fill_rate"] is None else _pct(q["internal_fill_rate"]),
                "–" if q["retention_rate"] is None else _pct(q["retention_rate"]),
            )
        console.print(table)
        console.print(f"Retention of {data['definition']}.")
        return None
    fill, opened = data["time_to_fill"], data["open_vacancies"]
    internal, kept = data["internal_fill"], data["retention"]
    window = f"{fill['window']['after']} → {fill['window']['to']}"
    console.print(f"[bold]Talent flow on {data['as_of']}[/bold] ({data['scope']}; window {window})")
    critical = fill["critical"]
    console.print(
        f"Time to fill: median {_days(fill['median_days'])}, 75th percentile "
        f"{_days(fill['p75_days'])} over {fill['filled']} filled; "
        + (
            f"critical roles: median {_days(critical['median_days'])} over {critical['filled']}"
            if critical["filled"]
            else "no critical vacancy filled"
        )
    )
    rate = "–" if internal["rate"] is None else _pct(internal["rate"])
    console.print(f"Internal fill: {rate} ({internal['internal']} of {internal['filled']})")
    if kept["suppressed"]:
        console.print("Retention: fewer top technologists than the minimum group; not shown")
    else:
        console.print(
            f"Retention: {_pct(kept['rate'])} ({kept['stayed']} of {kept['cohort']} stayed; "
            f"{kept['voluntary_leavers']} of {kept['leavers']} leavers chose to go)"
        )
    console.print(f"  of {kept['definition']}")
    table = Table(title=f"Open vacancies: {opened['open']} ({opened['critical_open']} critical)")
    for column in ("vacancy", "role", "team", "opened", "age", "critical"):
        table.add_column(column, justify="right" if column == "age" else "left")
    for v in opened["vacancies"]:
        table.add_row(
            v["vacancy_id"],
            v["title"],
            v["team"],
            v["opened"],
            f"{v['age_days']} d",
            "yes" if v["critical"] else "",
        )
    console.print(table)
    return None


def register(app: typer.Typer) -> None:
    app.command()(gaps)
    app.command("team-gaps")(team_gaps)
    app.command()(candidates)
    app.command()(mentors)
    app.command()(plan)
    app.add_typer(plans_app, name="plans")
    app.command()(scenario)
    app.command()(kpis)
    app.command()(flow)
