"""What the cross-training capabilities share: finding a programme and showing it to a
caller (agent/access.py decides what of it they see)."""

from __future__ import annotations

from typing import Any

from agent.access import require_programme_visible, visible_programme
from agent.context import ToolContext
from core.errors import NotFoundError
from domain.programmes import programme_view
from storage.programmes import ProgrammeRepository


def repository(ctx: ToolContext) -> ProgrammeRepository:
    if ctx.programmes is None:
        raise NotFoundError("cross-training programmes are not kept here")
    return ctx.programmes


def chosen(ctx: ToolContext, programme_id: str | None) -> dict[str, Any]:
    """The programme named, else the caller's latest: the newest approved one, or for HR
    and admins the newest of any status."""
    store = repository(ctx)
    if programme_id:
        return store.get(programme_id)
    found = [
        p for p in store.list() if p["status"] in ("approved", "closed") or ctx.caller.sees_everyone
    ]
    if not found:
        raise NotFoundError(
            "no cross-training programme is set up yet"
            + (
                "; HR can draft one: 'set up a cross-training programme between HR and IT'"
                if not ctx.caller.sees_everyone
                else "; draft one: 'set up a cross-training programme between HR and IT for Q1'"
            )
        )
    return found[0]


def shown(ctx: ToolContext, programme: dict[str, Any]) -> dict[str, Any]:
    require_programme_visible(ctx.caller, programme)
    view = programme_view(ctx.org, programme, ctx.insights.max_mentees)
    data = visible_programme(ctx.caller, ctx.org, view, ctx.insights.min_group_size)
    data["mine"] = next(
        (p for p in data["people"] if p["employee_id"] == ctx.caller.employee_id), None
    )
    return data


def variables(result: Any, ctx: ToolContext) -> dict[str, Any]:
    return {"min_group": ctx.insights.min_group_size}
