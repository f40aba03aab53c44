"""What the talent-flow capabilities share (time to fill, open vacancies, internal fill,
retention): their arguments (a role, a team or department, a day), the access rule, and
the day a question is about ("last year", "in Q2 2025", "as of 2025-06-30")."""

from __future__ import annotations

import re
from datetime import date
from typing import Any

from pydantic import Field

from agent.access import AccessDenied, require_talent_flow
from agent.capabilities.base import Turn
from agent.context import Args, Citation, ToolContext
from agent.slots import Slots
from core.errors import UserError
from domain.levels import months_before
from domain.models import FIRST_YEAR
from domain.talent_flow import Scope, quarter_ends_through

LAST_YEAR = re.compile(r"\b(?:last|previous|prior) (?:calendar |financial )?year\b")
LAST_QUARTER = re.compile(r"\b(?:last|previous|prior) quarter\b")
YEAR_BEFORE = re.compile(r"\byear before\b")
QUARTER_BEFORE = re.compile(r"\bquarter before\b")
# What names people (or the vacancies they filled) in a figure: chat answers carry counts.
PERSONAL = ("cohort_ids", "leaver_ids", "vacancy_ids")


class FlowArgs(Args):
    role: str | None = Field(default=None, description="role id or title")
    team: str | None = Field(default=None, description="a team")
    department: str | None = Field(default=None, description="a department, e.g. IT")
    as_of: str | None = Field(
        default=None, description="the day, YYYY-MM-DD (default: today); windows end on it"
    )


def access(ctx: ToolContext, args: FlowArgs) -> None:
    """Employees may not; a manager only for their own teams (scope_and_day refuses a team
    that is not theirs before anything is read)."""
    scope_and_day(ctx, args)


def scope_and_day(ctx: ToolContext, args: FlowArgs) -> tuple[Scope, date]:
    base = require_talent_flow(ctx.caller, ctx.org, args.department or "")
    teams = base.teams
    if args.team:
        known = {t.casefold(): t for t in ctx.org.teams()}
        team = known.get(args.team.casefold(), args.team)
        if teams is not None and team not in teams:
            raise AccessDenied(
                f"{team} is not one of your teams, so its hiring and leaving figures are not "
                "yours to see; ask HR."
            )
        teams = frozenset({team})
    role = ctx.org.role(args.role).role_id if args.role else ""
    day = ctx.org.as_of
    if args.as_of:
        try:
            day = date.fromisoformat(args.as_of)
        except ValueError:
            raise UserError(f"'{args.as_of}' is not a date (YYYY-MM-DD)") from None
        if day.year < FIRST_YEAR:
            raise UserError(f"{day.isoformat()} is before any record could be ({FIRST_YEAR})")
        if day > ctx.org.as_of:
            raise UserError(
                f"{day.isoformat()} has not happened yet: the figures run up to "
                f"{ctx.org.as_of.isoformat()}."
            )
    return Scope(department=base.department, teams=teams, role=role), day


def figures(ctx: ToolContext, args: FlowArgs) -> tuple[dict[str, Any], Scope, date]:
    scope, day = scope_and_day(ctx, args)
    data = ctx.insights.talent_flow(day, scope)
    for figure in data.values():
        if isinstance(figure, dict):
            for key in PERSONAL:
                figure.pop(key, None)
    data["scope"] = label(ctx, scope, role=False)
    data["has_vacancies"] = bool(ctx.org.flow.vacancies)
    data["has_events"] = bool(ctx.org.flow.events)
    if scope.role:
        data["role_title"] = ctx.org.roles[scope.role].title
    return data, scope, day


def label(ctx: ToolContext, scope: Scope, role: bool = True) -> str:
    """What a figure covers, in words: "ML Engineer in the Data team", "the IT department"
    (without the role when the answer names it already)."""
    parts = [ctx.org.roles[scope.role].title] if role and scope.role in ctx.org.roles else []
    if scope.teams is not None:
        teams = sorted(scope.teams)
        parts.append(f"the {teams[0]} team" if len(teams) == 1 else f"the teams {', '.join(teams)}")
    if scope.department:
        parts.append(f"the {scope.department} department")
    return " in ".join(parts) if parts else "the whole organisation"


def citation(ctx: ToolContext, scope: Scope, day: date) -> Citation:
    return Citation("talent-flow", "group", label(ctx, scope), f"vacancies and events to {day}")


def past_day(slots: Slots, today: date, before: str | None = None) -> str | None:
    """The day a question about the past is about: "last year" is the last calendar year's
    end, "last quarter" the last quarter end before this quarter, a named day or quarter that
    has passed is that day; "the year (quarter) before" steps back from the day the previous
    turn was about (`before`, else today); anything else (or a day to come) is today."""
    if slots.by and date.fromisoformat(slots.by) <= today:
        return slots.by  # a named day or quarter wins ("Q2 2026 against the quarter before")
    if YEAR_BEFORE.search(slots.text) or QUARTER_BEFORE.search(slots.text):
        base = date.fromisoformat(before) if before else today
        if YEAR_BEFORE.search(slots.text):
            return months_before(base, 12).isoformat()
        return [d for d in quarter_ends_through(base, 2) if d < base][-1].isoformat()
    if LAST_YEAR.search(slots.text):
        return date(today.year - 1, 12, 31).isoformat()
    if LAST_QUARTER.search(slots.text):
        ends = [d for d in quarter_ends_through(today, 2) if d < today]
        return ends[-1].isoformat()
    return None


def fill(slots: Slots, turn: Turn) -> dict[str, Any]:
    """A role, a team or department, and a day, when the question names them; a follow-up
    ("and for the Data team?") keeps what it does not change."""
    args: dict[str, Any] = {}
    role = slots.roles[0] if slots.roles else turn.previous("role")
    if role:
        args["role"] = role
    if slots.team:
        args["team"] = slots.team
    elif slots.department:
        args["department"] = slots.department
    elif not slots.org_wide:
        for key in ("team", "department"):
            if turn.previous(key):
                args[key] = turn.previous(key)
    day = past_day(slots, turn.org.as_of, turn.previous("as_of")) or turn.previous("as_of")
    if day:
        args["as_of"] = day
    return args
