"""Draft a cross-training programme between two departments: two tracks (what each learns
from the other), for HR to approve before people opt in. Writes a draft; never offered to a
model."""

from __future__ import annotations

import re
from datetime import date
from typing import Any

from pydantic import Field

from agent.access import require_programme_drafting
from agent.capabilities.base import Capability, MissingSlot, Turn
from agent.capabilities.programmes_common import repository, shown, variables
from agent.context import Args, Citation, ToolContext, ToolResult
from agent.slots import Slots
from core.errors import UserError
from domain.programmes import draft_tracks, next_quarter, quarter_of

QUARTER = re.compile(r"^(\d{4})Q([1-4])$")
# The pair the product is for; a question naming one department pairs it with the other.
DEFAULT_PAIR = ("HR", "IT")


class ProgrammeDraftArgs(Args):
    first_department: str = Field(min_length=1, max_length=128)
    second_department: str = Field(min_length=1, max_length=128)
    quarter: str | None = Field(default=None, description="e.g. 2027Q1; default: the next quarter")


def access(ctx: ToolContext, args: ProgrammeDraftArgs) -> None:
    require_programme_drafting(ctx.caller)


def dates(quarter: str | None, today: date) -> tuple[date, date, str]:
    if quarter is None:
        return next_quarter(today)
    found = QUARTER.match(quarter.strip().upper())
    if not found:
        raise UserError(f"quarter: '{quarter}' is not a quarter like 2027Q1")
    return quarter_of(date(int(found[1]), 3 * int(found[2]), 1))


def run(ctx: ToolContext, args: ProgrammeDraftArgs) -> ToolResult:
    departments = {d.casefold(): d for d in ctx.org.departments()}
    picked = []
    for name in (args.first_department, args.second_department):
        if name.casefold() not in departments:
            raise UserError(
                f"no department '{name}' (departments: {', '.join(sorted(departments.values()))})"
            )
        picked.append(departments[name.casefold()])
    if picked[0] == picked[1]:
        raise UserError("a cross-training programme joins two different departments")
    starts, ends, label = dates(args.quarter, ctx.org.as_of)
    if ends < ctx.org.as_of:
        raise UserError(f"quarter: {label} ended on {ends.isoformat()}; draft one to come")
    creator = f"{ctx.caller.role.value}:{ctx.caller.employee_id or ctx.caller.name or '-'}"
    stored = repository(ctx).create(
        f"{picked[0]}–{picked[1]} cross-training, {label}",
        (picked[0], picked[1]),
        starts,
        ends,
        draft_tracks(ctx.org, picked[0], picked[1]),
        creator,
    )
    data = shown(ctx, stored)
    citations = [Citation(data["programme_id"], "programme", data["title"])]
    return ToolResult("draft_programme", args.model_dump(), data, citations)


ORDINAL = {"first": 1, "second": 2, "third": 3, "fourth": 4, "1st": 1, "2nd": 2, "3rd": 3, "4th": 4}


def quarter_named(slots: Slots, today: date) -> str | None:
    """The quarter a question names, as "2027Q1": this or next quarter, "the first quarter"
    (the next one to come, this one included), else the quarter of the day the question's
    date reader found ("for Q1", "in January", "by the end of March")."""
    text = slots.text
    if re.search(r"\b(?:this|current) quarter\b", text):
        return quarter_of(today)[2]
    if re.search(r"\b(?:next|coming|following) quarter\b", text):
        return next_quarter(today)[2]
    found = re.search(r"\b(first|second|third|fourth|1st|2nd|3rd|4th) quarter\b", text)
    if found:
        number = ORDINAL[found[1]]
        ends = quarter_of(date(today.year, 3 * number, 1))[1]
        return f"{today.year if ends >= today else today.year + 1}Q{number}"
    return quarter_of(date.fromisoformat(slots.by))[2] if slots.by else None


def fill(slots: Slots, turn: Turn) -> dict[str, Any]:
    text = slots.text
    named: dict[str, int] = {}  # department -> where the question first names it
    for department in slots.departments:
        named.setdefault(department, _at(text, department))
    for team in slots.teams:
        of_team = next((e.department for e in turn.org.employees.values() if e.team == team), "")
        if of_team:
            named[of_team] = min(named.get(of_team, len(text)), _at(text, team))
    order = sorted(named, key=lambda d: (named[d], d))
    if not order and (turn.follow_up or turn.refers_back):
        before = (turn.last_arg("first_department"), turn.last_arg("second_department"))
        order = [str(d) for d in before if d]
    if not order:
        order = list(DEFAULT_PAIR)
    elif len(order) == 1:
        other = [d for d in DEFAULT_PAIR if d != order[0]]
        if len(other) != 1:
            raise MissingSlot(
                f"between {order[0]} and which department? (e.g. 'between HR and IT')"
            )
        order.append(other[0])
    quarter = quarter_named(slots, turn.org.as_of)
    return {"first_department": order[0], "second_department": order[1], "quarter": quarter}


def _at(text: str, name: str) -> int:
    found = re.search(rf"\b{re.escape(name.casefold())}\b", text)
    return found.start() if found else len(text)


CAPABILITY = Capability(
    name="draft_programme",
    description="Draft an HR–IT cross-training programme for a quarter: a track for each "
    "department (what it learns from the other), catalogue courses, pair sessions, "
    "shadowing and joint retrospectives; a draft for HR to approve before people opt in.",
    fill=fill,
    args=ProgrammeDraftArgs,
    run=run,
    access=access,
    template="answers/programme.j2",
    variables=variables,
    uses=frozenset({"group", "date"}),
    writes=True,
    who="HR and admins",
    suggestion="Set up a cross-training programme between HR and IT for Q1",
    suggest=("Set up a cross-training programme between HR and IT for Q1",),
    examples=(
        "Set up a cross-training programme between <DEPARTMENT> and <DEPARTMENT>",
        "Draft a cross-training programme for <DEPARTMENT> and <DEPARTMENT> for <DATE>",
        "create a cross-training program",
        "Start an HR and IT exchange programme next quarter",
        "new cross training programme <DEPARTMENT> <DEPARTMENT>",
        "We want <DEPARTMENT> people to learn IT basics and IT leads to learn people skills",
        "Plan a shadowing and pairing scheme between <DEPARTMENT> and <DEPARTMENT>",
        "Could you put together a cross-departmental learning programme for <DATE>?",
        "launch cross-training between the two departments",
        "Organise a skills exchange between <DEPARTMENT> and <DEPARTMENT>",
    ),
)
