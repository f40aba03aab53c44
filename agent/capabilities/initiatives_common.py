"""What the AI-initiative capabilities share: which initiative a question names, and its
analysis as the caller may see it (agent/access.py)."""

from __future__ import annotations

from datetime import date
from typing import Any

from agent.access import initiative_figures_allowed, visible_initiative
from agent.capabilities.base import MissingSlot, Turn
from agent.context import ToolContext
from agent.slots import Slots, words
from core.errors import NotFoundError
from domain.initiatives import analyse, by_day
from domain.talent_flow import time_to_fill


def named(slots: Slots, turn: Turn) -> str:
    """The initiative a question names, by title or id; else the previous turn's; else the
    only one on record (the router has read the question as about an initiative)."""
    text = f" {slots.text} "
    for initiative_id, title in turn.initiatives.items():
        if f" {words(title)} " in text or f" {words(initiative_id)} " in text:
            return initiative_id
    previous = turn.previous("initiative")
    if previous:
        return str(previous)
    if len(turn.initiatives) == 1:  # the question is about an initiative: the one on record
        return next(iter(turn.initiatives))
    if not turn.initiatives:
        raise MissingSlot(
            "no AI initiative is on record yet: HR adds one as a use case in text "
            "(initiatives/*.md in a folder, or POST /v1/initiatives)"
        )
    on_record = ", ".join(f"{t} ({i})" for i, t in turn.initiatives.items())
    raise MissingSlot(f"which initiative? On record: {on_record}")


def found(ctx: ToolContext, initiative: str) -> dict[str, Any]:
    if ctx.initiatives is None:
        raise NotFoundError("AI initiatives are not kept here")
    return ctx.initiatives.get(initiative)


def analysed(ctx: ToolContext, stored: dict[str, Any], day: date | None = None) -> dict[str, Any]:
    """What the initiative needs, for everyone; coverage, gaps, build / buy / borrow and
    the roadmap for those who may see the named teams' figures; with `day`, whether it is
    ready then (worked out before names are withheld: the answer is the same for all)."""
    base = {
        k: stored[k]
        for k in ("initiative_id", "title", "description", "target", "teams", "reviewed_by")
    }
    base["needs"] = [
        {
            **c,
            "name": ctx.org.skills[c["skill_id"]].name
            if c["skill_id"] in ctx.org.skills
            else c["skill_id"],
        }
        for c in stored["competencies"]
    ]
    base["reviewed"] = stored["reviewed_by"] is not None
    if not initiative_figures_allowed(ctx.caller, ctx.org, stored["teams"]):
        return {**base, "figures": False}
    fill = time_to_fill(ctx.org.flow, ctx.org.as_of, ctx.insights.flow.window_months)["median_days"]
    data = analyse(
        ctx.org,
        stored,
        ctx.org.as_of,
        ctx.insights.advice.hours_per_week,
        round(fill) if fill is not None else None,
    )
    if day is not None:
        data["check"] = by_day(data, day)
    shown = visible_initiative(ctx.caller, ctx.org, data, ctx.insights.min_group_size)
    return {**base, **shown, "figures": True}
